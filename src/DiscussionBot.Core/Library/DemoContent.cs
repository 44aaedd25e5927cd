namespace DiscussionBot.Core.Library;

/// <summary>A handful of short articles the team wrote for the demo: one invented local story told by
/// three sources with opposed takes, and one unrelated story. Every name and figure is fictional.</summary>
public static class DemoContent
{
    public sealed record DemoSource(string Key, string Name, string Stance);

    public static readonly IReadOnlyList<DemoSource> Sources =
    [
        new("riverside-herald.example", "Riverside Herald", "pro-development"),
        new("tenants-voice.example", "Tenants' Voice", "tenant advocacy"),
        new("civic-ledger.example", "Civic Ledger", "nonpartisan"),
    ];

    public static readonly IReadOnlyList<ArticleDraft> Articles =
    [
        new(
            "Council approves Harbor Point tower, promising relief for renters",
            """
            The Millbrook city council voted 6-3 on Tuesday to approve the Harbor Point tower, a 32-storey residential building on the former cannery site by the Ash River.
            Mayor Dana Okafor said the tower will add 410 homes and ease the rent pressure that has pushed young families out of Millbrook.
            The developer, Castellan Homes, has agreed to reserve 15 percent of the units as affordable housing for twenty years.
            Economists at the regional chamber of commerce estimate that the project will create 900 construction jobs.
            Engineers hired by the city concluded that the raised foundation makes the site safe from a hundred-year flood.
            Critics who warned of displacement are ignoring the simple fact that new supply lowers rents across the whole market.
            Construction is expected to begin in the spring and finish within three years.
            """,
            "riverside-herald.example",
            "https://riverside-herald.example/2026/03/harbor-point-approved",
            new DateTimeOffset(2026, 3, 11, 18, 0, 0, TimeSpan.Zero)),
        new(
            "Harbor Point vote hands the riverfront to Castellan Homes",
            """
            The Millbrook city council on Tuesday approved the Harbor Point tower by a 6-3 vote, over the objections of more than two hundred residents who packed the chamber.
            Tenant organizers said the 32-storey tower will raise rents in the surrounding Eastbank blocks rather than ease them, as landlords chase the new luxury prices.
            Only 15 percent of the units will be affordable, and only for twenty years, a share the Eastbank Tenants Union called a token gesture.
            Residents warned that the former cannery site sits in the Ash River floodplain, and that the city's flood study was paid for by the developer's own consultants.
            Councillor Priya Raman, who voted against the tower, said the council had ignored its own housing plan.
            The tenants union said it would ask the county court to review the approval.
            """,
            "tenants-voice.example",
            "https://tenants-voice.example/news/harbor-point-vote",
            new DateTimeOffset(2026, 3, 12, 9, 30, 0, TimeSpan.Zero)),
        new(
            "What the Harbor Point approval means for Millbrook",
            """
            Millbrook's council approved the Harbor Point tower on Tuesday in a 6-3 vote, ending a two-year review of the 32-storey project on the old cannery site.
            The building will hold 410 homes, of which 15 percent will be rented below market for twenty years.
            Supporters expect the new supply to slow rent growth, while tenant groups expect it to raise rents in nearby Eastbank.
            Studies of similar towers in other mid-sized cities have found small citywide effects on rents and larger effects on the blocks closest to the building.
            The site lies partly in the Ash River floodplain; the city's engineers say the raised foundation addresses the risk, while residents dispute the study's independence.
            A court challenge by the tenants union could delay construction by several months.
            """,
            "civic-ledger.example",
            "https://civic-ledger.example/explainers/harbor-point",
            new DateTimeOffset(2026, 3, 12, 14, 0, 0, TimeSpan.Zero)),
        new(
            "Millbrook library robotics club wins regional championship",
            """
            A team of eight students from the Millbrook public library's robotics club won the regional robotics championship on Saturday.
            Their robot, nicknamed Heron, sorted recycling faster than any other entry and scored a perfect mark in the design interview.
            The club meets twice a week in the library basement and is run by volunteers from the local engineering college.
            The team will travel to the national finals in June and is raising money for the trip with a bake sale.
            """,
            "civic-ledger.example",
            "https://civic-ledger.example/community/robotics-champions",
            new DateTimeOffset(2026, 3, 15, 10, 0, 0, TimeSpan.Zero)),
    ];

    /// <summary>The demo's topics: slug, description, keywords.</summary>
    public static readonly IReadOnlyList<(string Slug, string Description, string[] Keywords)> Topics =
    [
        ("housing", "Rents, zoning and the Harbor Point tower", ["harbor point", "rent", "rents", "housing", "tower"]),
        ("community", "Clubs, libraries and local life", ["library", "club", "volunteers"]),
    ];
}

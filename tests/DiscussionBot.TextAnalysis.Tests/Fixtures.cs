namespace DiscussionBot.TextAnalysis.Tests;

/// <summary>Articles written for these tests: three invented stories, told by sources with opposed takes.</summary>
internal static class Fixtures
{
    public static readonly SourceText HarbourGazette = new("Harbour Gazette", "pro-council", "bridge-1",
        "Council opens the new Millbrook Bridge after two years of work",
        """
        The Millbrook Council opened the new Millbrook Bridge on Saturday, two years after construction began.
        Mayor Ellen Hart said the bridge was a great success that would cut commuting times across the river by half.
        The council insisted the project finished within its budget of 40 million pounds.
        Local shops welcomed the opening and expect more visitors from the eastern districts.
        Engineers from Calder Works praised the design, calling it safe, modern and efficient.
        The old ferry service will close next month.
        """);

    public static readonly SourceText RiversideVoice = new("Riverside Voice", "council-critical", "bridge-2",
        "Millbrook Bridge opens late and over budget, residents say",
        """
        The Millbrook Bridge finally opened on Saturday, a year later than the Millbrook Council had promised.
        Residents said the project was a costly failure that ran far over its budget of 40 million pounds.
        Independent auditors claimed the council hid the overspending from voters.
        Mayor Ellen Hart did not answer questions about the contract with Calder Works.
        Critics warned that the closure of the old ferry service will hurt people without cars.
        Protesters gathered near the bridge during the ceremony.
        """);

    public static readonly SourceText TownCrier = new("Town Crier", null, "bridge-3",
        "Millbrook Bridge carries first traffic",
        """
        Cars crossed the new Millbrook Bridge for the first time on Saturday after Mayor Ellen Hart cut the ribbon.
        The bridge, built by Calder Works, links the eastern districts with the town centre.
        The Millbrook Council says the old ferry service will close next month.
        Traffic was light in the first hours after the opening ceremony.
        """);

    public static readonly StoryInput[] OtherStories =
    [
        new("vote-1", "Northland votes to leave the fishing treaty",
            "Voters in Northland backed leaving the Atlantic Fishing Treaty in a referendum on Sunday. The fisheries minister Paul Okafor said quotas would be renegotiated within a year. Turnout was 61 percent."),
        new("vote-2", "Fishing treaty exit wins Northland referendum",
            "Northland will leave the Atlantic Fishing Treaty after a narrow referendum win on Sunday. Fisheries minister Paul Okafor promised new quotas for the fleet. Opponents said the exit would hurt exports."),
        new("vote-3", "Northland referendum: what the treaty exit means",
            "After Sunday's referendum, Northland begins leaving the Atlantic Fishing Treaty. Paul Okafor, the fisheries minister, must now negotiate quotas with neighbours. Fleet owners cheered the result."),
        new("quake-1", "Earthquake shakes coastal Verano",
            "A magnitude 6.1 earthquake struck the coastal province of Verano early on Monday, damaging hundreds of homes. Rescue teams searched collapsed buildings in the port of Santa Lucia."),
        new("quake-2", "Rescuers search rubble after Verano quake",
            "Rescue teams worked through Monday in Santa Lucia after a 6.1 magnitude earthquake hit Verano province. Officials said hundreds of homes were damaged and schools closed."),
    ];

    public static StoryInput AsStory(SourceText s) => new(s.ArticleId, s.Title, s.Text, s.SourceName);

    /// <summary>The workspace's shared corpora: ../shared/corpora beside the repository. Fails, never skips, when missing.</summary>
    public static string Corpora
    {
        get => Path.GetDirectoryName(DiscussionBot.Testing.SharedFiles.Find("corpora", "seeds"))!;
    }

    /// <summary>The seed pair, read at test time; first line of each file is its title.</summary>
    public static IReadOnlyList<SourceText> Seeds()
    {
        var files = Directory.GetFiles(Path.Combine(Corpora, "seeds"), "*.txt").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, files.Length);
        return files.Select((f, i) =>
        {
            var lines = File.ReadAllLines(f);
            return new SourceText($"seed-{i}", null, Path.GetFileNameWithoutExtension(f), lines[0], string.Join("\n", lines.Skip(1)));
        }).ToArray();
    }
}

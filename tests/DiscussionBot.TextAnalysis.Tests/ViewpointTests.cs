namespace DiscussionBot.TextAnalysis.Tests;

public sealed class ViewpointTests
{
    static readonly ViewpointAnalyzer Analyzer = new();

    [Fact]
    public void Every_source_gets_a_take_of_the_same_length_from_its_own_sentences()
    {
        var sources = new[] { Fixtures.HarbourGazette, Fixtures.RiversideVoice, Fixtures.TownCrier };

        var report = Analyzer.Analyze(sources);

        Assert.Equal(3, report.Takes.Count);
        Assert.Single(report.Takes.Select(t => t.Sentences.Count).Distinct());
        Assert.InRange(report.Takes[0].Sentences.Count, 2, 3);
        foreach (var (take, source) in report.Takes.Zip(sources))
        {
            Assert.Equal(source.SourceName, take.SourceName);
            Assert.Equal(source.StanceLabel, take.StanceLabel);
            Assert.All(take.Sentences, s => Assert.Contains(s.Text, source.Text));
        }
    }

    [Fact]
    public void Opposed_fixture_sources_clash_over_the_budget()
    {
        var report = Analyzer.Analyze([Fixtures.HarbourGazette, Fixtures.RiversideVoice]);

        var clash = Assert.Single(report.Clashes, c =>
            c.First.Text.Contains("within its budget", StringComparison.Ordinal) && c.Second.Text.Contains("over its budget", StringComparison.Ordinal));
        Assert.Equal("Harbour Gazette", clash.First.SourceName);
        Assert.Equal("Riverside Voice", clash.Second.SourceName);
        Assert.Contains("budget", clash.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.True(clash.Score > 0);
    }

    [Fact]
    public void Points_several_sources_make_are_shared()
    {
        var report = Analyzer.Analyze([Fixtures.HarbourGazette, Fixtures.RiversideVoice, Fixtures.TownCrier]);

        Assert.Contains(report.Shared, p => p.Text.Contains("ferry", StringComparison.Ordinal) && p.Sources.Count >= 2);
    }

    [Fact]
    public void A_source_in_another_language_is_noted_as_rough_but_a_short_english_one_is_not()
    {
        var shortEnglish = new SourceText("Brief", null, "brief-1", null, "Uniforms reduce bullying in schools.");
        Assert.Null(Analyzer.Analyze([Fixtures.TownCrier, shortEnglish]).Note);
        var russian = new SourceText("Vesti", null, "ru-1", null, "Президент посетил Турцию и встретился с коллегами. Они подписали соглашения о сотрудничестве.");
        Assert.Contains("not in English", Analyzer.Analyze([Fixtures.TownCrier, russian]).Note, StringComparison.Ordinal);
    }

    [Fact]
    public void One_source_or_none_gives_a_note_not_an_exception()
    {
        Assert.NotNull(Analyzer.Analyze([]).Note);
        var single = Analyzer.Analyze([Fixtures.TownCrier]);
        Assert.NotNull(single.Note);
        Assert.Empty(single.Clashes);
    }

    [Fact]
    public void The_seed_pair_shows_its_real_clashes()
    {
        var seeds = Fixtures.Seeds();

        var report = Analyzer.Analyze(seeds);

        Assert.Equal(2, report.Takes.Count);
        Assert.Equal(report.Takes[0].Sentences.Count, report.Takes[1].Sentences.Count);
        Assert.All(report.Clashes, c => Assert.NotEqual(c.First.SourceName, c.Second.SourceName));
        // January's events: a "terrorist takeover" stopped by the CSTO against "popular uprisings" the CSTO suppressed.
        Assert.Contains(report.Clashes, c =>
            Mentions(c, "terrorist takeover", "popular uprisings") && c.First.Text.Contains("CSTO") && c.Second.Text.Contains("CSTO"));
        // Moscow's intentions: it saved the country, against it would have absorbed it but for other plans.
        Assert.Contains(report.Clashes, c => c.First.Text.Contains("Moscow") && (c.Second.Text.Contains("Russian") || c.Second.Text.Contains("Moscow"))
            && !Mentions(c, "terrorist takeover", "popular uprisings"));
        Assert.Contains(report.Clashes, c => c.First.Text.Contains("January") || c.Second.Text.Contains("January"));
    }

    [Fact]
    public void Sources_that_agree_in_shared_words_do_not_clash_and_a_source_that_omits_a_claim_is_silent()
    {
        SourceText Source(string name, string text) => new(name, null, name, null, text);
        var first = Source("North Post", """
            The regional rail line between Aldport and Kessing reopened on Monday after six weeks of repairs to the flooded tunnel.
            Passengers welcomed the return of the direct service, which saves commuters about forty minutes each way.
            The operator said the repairs cost twelve million pounds and were paid from its maintenance fund.
            """);
        var second = Source("South Ledger", """
            Trains between Aldport and Kessing are running again after repairs to the flooded tunnel finished on Monday.
            Commuters welcomed the direct service, which saves about forty minutes on each journey.
            The tunnel had been closed for six weeks while crews pumped out water and replaced signalling cables.
            """);

        var report = Analyzer.Analyze([first, second]);
        var claims = new ClaimExtractor().Extract([first, second], max: 50);

        Assert.Empty(report.Clashes);
        Assert.DoesNotContain(claims, c => c.Stances.Values.Contains(ClaimStance.Denies));
        Assert.Contains(claims, c => c.Stances.Values.Contains(ClaimStance.Silent) || c.Stances.Values.All(v => v == ClaimStance.Asserts));
    }

    [Fact]
    public void A_claim_and_its_contrasted_negation_clash()
    {
        SourceText Source(string name, string text) => new(name, null, name, null, text);
        var report = Analyzer.Analyze([
            Source("Plain Times", "The mayor said the new parking fees will ease congestion in the old town centre.\nThe fees start in May and apply on weekdays."),
            Source("Street Watch", "Shop owners said the new parking fees will raise congestion on the old town's side streets rather than ease it.\nThe fees start in May."),
        ]);

        Assert.Contains(report.Clashes, c => c.First.Text.Contains("ease congestion") && c.Second.Text.Contains("rather than ease"));
    }

    [Fact]
    public void Seasons_names_after_a_negator_and_web_addresses_make_no_clash()
    {
        SourceText Source(string name, string text) => new(name, null, name, null, text);
        var report = Analyzer.Analyze([
            Source("Valley Post", """
                Last fall, the regional council expanded cooperation with Norvia on river transport and shared ferry timetables.
                Officials say Aldport doesn't regard Norvia as a rival for the freight business along the coast.
                The full agreement is published at https://valley-post.example/news/ferry-agreement-2025.
                """),
            Source("Coast Ledger", """
                The regional council signed a new transport agreement with Norvia this week, covering river cooperation and ferries.
                Aldport and Norvia have run joint freight services along the coast since the old harbour reopened.
                Readers can find our earlier reports at https://coast-ledger.example/news/ferry-agreement-2025.
                """),
        ]);

        Assert.Empty(report.Clashes);
    }

    [Fact]
    public void Two_negative_statements_about_the_same_data_do_not_clash()
    {
        SourceText Source(string name, string text) => new(name, null, name, null, text);
        var report = Analyzer.Analyze([
            Source("Health Desk", """
                Two federal health officials warned the administration on Thursday that the booster plan outlined this summer might not be possible because of insufficient data.
                The agency has hired forty new reviewers this year. Its offices in Maryland reopened in June after the renovation.
                A spokesman declined to comment on staffing.
                """),
            Source("Capital Wire", """
                The leaders of the two health agencies are telling advisers that there is not enough data right now to make a blanket booster recommendation.
                Pharmacies in several states reported long lines on Monday. The governor held a press conference about school buses.
                Weather delayed shipments to the northern counties.
                """),
        ]);

        // "not enough data" negates "data", "might not be possible" does not: both still say the same negative thing.
        Assert.Empty(report.Clashes);
    }

    [Fact]
    public void Framing_reads_the_season_and_the_negated_predicate_apart()
    {
        Assert.False(Framing.Of("Last fall, the council agreed to build the road.").AxisSigns.ContainsKey("amount"));
        Assert.Equal(-1, Framing.Of("Officials expect rents to fall next year.").AxisSigns["amount"]);

        var negated = Framing.Of("Kazakhstan doesn't regard Turkey as a threat.").NegatedStems;
        Assert.Contains("regard", negated);
        Assert.DoesNotContain("turkey", negated);
        // Words of many senses that read as judgements in the news and are not: a party's name, "just",
        // "against" a suspect, a reported allegation (which is hedging, not a verdict).
        var plain = Framing.Of("Democratic senators said officers just used force against suspects, and came back with allegations.");
        Assert.Equal(0, plain.Evaluative);
        Assert.Empty(plain.AxisSigns);
        Assert.True(plain.Hedged);
        // In a Title Case headline every word is capitalized: capitals are no sign of a name there.
        Assert.Contains("sell", Framing.Of("Apple Won't Sell Its New Watch In Stores").NegatedStems);
    }

    static bool Mentions(Clash c, string first, string second) =>
        (c.First.Text.Contains(first) && c.Second.Text.Contains(second)) || (c.First.Text.Contains(second) && c.Second.Text.Contains(first));
}

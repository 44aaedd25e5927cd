namespace DiscussionBot.TextAnalysis.Tests;

public sealed class ClaimExtractorTests
{
    static readonly ClaimExtractor Extractor = new();

    [Fact]
    public void Clashes_become_contested_claims_with_one_side_asserting_and_the_other_denying()
    {
        var claims = Extractor.Extract([Fixtures.HarbourGazette, Fixtures.RiversideVoice]);

        var budget = Assert.Single(claims, c => c.Kind == ClaimKind.Contested && c.Text.Contains("budget", StringComparison.Ordinal));
        Assert.Equal(ClaimStance.Asserts, budget.Stances[budget.OriginSource]);
        Assert.Contains(ClaimStance.Denies, budget.Stances.Values);
        Assert.NotNull(budget.Counter);
    }

    [Fact]
    public void Claims_are_ranked_and_keys_are_stable()
    {
        var sources = new[] { Fixtures.HarbourGazette, Fixtures.RiversideVoice, Fixtures.TownCrier };

        var first = Extractor.Extract(sources);
        var second = Extractor.Extract(sources);

        Assert.NotEmpty(first);
        Assert.Equal(first.Select(c => c.Key), second.Select(c => c.Key));
        Assert.Equal(first.Select(c => c.Score).OrderDescending(), first.Select(c => c.Score));
        Assert.Equal(first.Count, first.Select(c => c.Key).Distinct().Count());
        Assert.All(first, c => Assert.Equal(8, c.Key.Length));
        Assert.All(first, c => Assert.Equal(3, c.Stances.Count));
    }

    [Fact]
    public void Attributions_and_predictions_are_recognised()
    {
        var claims = Extractor.Extract([Fixtures.HarbourGazette, Fixtures.RiversideVoice, Fixtures.TownCrier], max: 50);

        Assert.Contains(claims, c => c.Kind is ClaimKind.Attribution or ClaimKind.Prediction);
    }

    [Fact]
    public void One_opposing_sentence_denies_only_the_claim_it_opposes_best()
    {
        var council = new SourceText("Harbour Gazette", null, "a1", "Bridge opens",
            "The council insisted the new bridge project finished well within its budget of 40 million pounds. " +
            "Its finance chief told the town hall meeting the bridge works stayed within the budget of 40 million pounds. " +
            "Mayor Ellen Hart said traffic on the river road eased on the first morning.");
        var residents = new SourceText("Riverside Voice", null, "b1", "Bridge overspend",
            "Residents said the new bridge project ran far over its budget of 40 million pounds. " +
            "Shop owners on the river road said deliveries were slower than before the works began. " +
            "The residents association will meet the council again in the spring.");

        var claims = Extractor.Extract([council, residents], max: 50);

        var denied = claims.Where(c => c.OriginSource == "Harbour Gazette" && c.Stances["Riverside Voice"] == ClaimStance.Denies).ToList();
        var claim = Assert.Single(denied);
        Assert.Contains("well within its budget", claim.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_ignores_case_and_spacing()
    {
        Assert.Equal(ClaimExtractor.KeyOf("The bridge  is late."), ClaimExtractor.KeyOf("the Bridge is late."));
    }

    [Fact]
    public void The_seed_pair_yields_contested_claims_from_both_articles()
    {
        var seeds = Fixtures.Seeds();

        var claims = Extractor.Extract(seeds);

        Assert.Contains(claims, c => c.Kind == ClaimKind.Contested && (c.Text.Contains("terrorist takeover") || (c.Counter ?? "").Contains("popular uprisings")));
        Assert.All(claims.Where(c => c.Kind == ClaimKind.Contested), c => Assert.Contains(ClaimStance.Denies, c.Stances.Values));
    }
}

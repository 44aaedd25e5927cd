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

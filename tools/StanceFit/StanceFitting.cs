using DiscussionBot.TextAnalysis.Semantics;

static class StanceFitting
{
    public static void Fit(string corpora, ISentenceEncoder encoder) => throw new NotImplementedException();
}

namespace DiscussionBot.TextAnalysis;

/// <summary>The three best first-stage same-story probabilities an article has with others.</summary>
internal sealed class TopScores
{
    readonly double[] top = new double[3];

    public double Best => top[0];
    public double Third => top[2];

    public void Offer(double p)
    {
        if (p <= top[2])
        {
            return;
        }
        var i = 2;
        while (i > 0 && top[i - 1] < p)
        {
            top[i] = top[i - 1];
            i--;
        }
        top[i] = p;
    }
}

namespace DiscussionBot.TextAnalysis;

/// <summary>
/// A second pass after <see cref="AverageLinkage"/>: an article the linkage left alone joins the story (of two or more
/// articles) with the highest mean same-story probability over that story's articles, when that mean clears a lower
/// threshold than the linkage's. A take that words the event its own way (an opinion piece) is often nearer to one
/// story than to anything else, yet not near enough to every article of it for the linkage. Chosen by cross-validation
/// on allsides-train for the model with meaning vectors only (by wording alone it lost held-out F1), so only articles with
/// vectors are attached.
/// </summary>
internal static class LoneAttachment
{
    /// <summary>Relabels lone items of <paramref name="labels"/> in place; decisions are taken against the linkage's
    /// stories (an attached article does not pull another one after it). Only items <paramref name="eligible"/> says
    /// yes to (all when null) are attached.</summary>
    public static void Attach(int[] labels, IEnumerable<(int A, int B, double Score)> pairs, double threshold, Func<int, bool>? eligible = null)
    {
        if (threshold <= 0)
        {
            return;
        }
        var size = new Dictionary<int, int>();
        foreach (var l in labels)
        {
            size[l] = size.GetValueOrDefault(l) + 1;
        }
        var sums = new Dictionary<int, Dictionary<int, double>>();
        void Offer(int lone, int other, double score)
        {
            if (size[labels[lone]] != 1 || size[labels[other]] < 2 || (eligible is not null && !eligible(lone)))
            {
                return;
            }
            if (!sums.TryGetValue(lone, out var byStory))
            {
                sums[lone] = byStory = [];
            }
            byStory[labels[other]] = byStory.GetValueOrDefault(labels[other]) + score;
        }
        foreach (var (a, b, s) in pairs)
        {
            if (a == b || s <= 0)
            {
                continue;
            }
            Offer(a, b, s);
            Offer(b, a, s);
        }
        foreach (var (lone, byStory) in sums)
        {
            var best = -1;
            var bestMean = threshold;
            foreach (var (story, sum) in byStory)
            {
                var mean = sum / size[story];
                if (mean >= bestMean)
                {
                    (best, bestMean) = (story, mean);
                }
            }
            if (best >= 0)
            {
                labels[lone] = best;
            }
        }
    }
}

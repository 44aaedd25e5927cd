namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Which articles each story holds (by library index), and story ids: an arrival joins a story or opens one; a
/// re-clustered window's clusters take over the stories most of their articles had, so ids stay put where most of a
/// story's articles stay. Not thread-safe (the clusterer holds its lock).
/// </summary>
internal sealed class StoryMembership(StoryLibrary library)
{
    readonly List<HashSet<int>> stories = [];

    /// <summary>The id a story is known by outside.</summary>
    public static string Id(int story) => $"story-{story + 1}";

    /// <summary>How many articles the story holds.</summary>
    public int Size(int story) => stories[story].Count;

    /// <summary>A new, empty story.</summary>
    public int Open()
    {
        var story = stories.Count;
        stories.Add([]);
        return story;
    }

    /// <summary>Puts the article at <paramref name="index"/> (in no story yet) into <paramref name="story"/>.</summary>
    public void Join(int index, int story)
    {
        library[index].Story = story;
        stories[story].Add(index);
    }

    /// <summary>
    /// Which articles of the window from <paramref name="from"/> on (<paramref name="n"/> of them) stay where they are:
    /// those whose story reaches back before the window, which cannot see the older articles that tie them there. None
    /// when the whole library is renumbered.
    /// </summary>
    public bool[] Anchored(int from, int n, bool renumber)
    {
        var anchored = new bool[n];
        if (!renumber && from > 0)
        {
            for (var i = 0; i < n; i++)
            {
                var story = library[from + i].Story;
                anchored[i] = story >= 0 && stories[story].Any(d => d < from);
            }
        }
        return anchored;
    }

    /// <summary>
    /// Moves the window's articles that are not <paramref name="anchored"/> into the stories of their cluster
    /// <paramref name="labels"/> (window positions). With <paramref name="renumber"/> story ids are numbered by first
    /// appearance; otherwise each cluster takes the id most of its articles had, and the rest get fresh ids.
    /// </summary>
    public void Relabel(int from, int[] labels, bool[] anchored, bool renumber)
    {
        var n = labels.Length;
        if (renumber)
        {
            stories.Clear();
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                if (!anchored[i] && library[from + i].Story >= 0)
                {
                    stories[library[from + i].Story].Remove(from + i);
                }
            }
        }
        // Each cluster takes the story most of its articles had (if no bigger cluster took it first).
        var groups = Enumerable.Range(0, n).Where(i => !anchored[i]).GroupBy(i => labels[i]).Select(g => g.ToList()).ToList();
        var taken = new HashSet<int>();
        var assigned = new int[groups.Count];
        if (!renumber)
        {
            var order = Enumerable.Range(0, groups.Count).OrderByDescending(g => groups[g].Count).ThenBy(g => groups[g][0]);
            foreach (var g in order)
            {
                var previous = groups[g].Select(i => library[from + i].Story).Where(s => s >= 0 && !taken.Contains(s) && stories[s].Count == 0)
                    .GroupBy(s => s).OrderByDescending(x => x.Count()).ThenBy(x => x.Key).Select(x => x.Key).FirstOrDefault(-1);
                assigned[g] = previous;
                if (previous >= 0)
                {
                    taken.Add(previous);
                }
            }
        }
        else
        {
            Array.Fill(assigned, -1);
        }
        for (var g = 0; g < groups.Count; g++)
        {
            if (assigned[g] < 0)
            {
                assigned[g] = stories.Count;
                stories.Add([]);
            }
            foreach (var i in groups[g])
            {
                library[from + i].Story = assigned[g];
                stories[assigned[g]].Add(from + i);
            }
        }
    }
}

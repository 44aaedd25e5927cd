using System.Collections.Frozen;

namespace DiscussionBot.TextAnalysis;

/// <summary>
/// A small general-purpose English lexicon of evaluative, negating and hedging words, matched by
/// Porter2 stem. It is generic (in the spirit of the Hu and Liu opinion lexicon), written for no
/// particular text: it tells how a sentence frames its subject, not what the subject is.
/// </summary>
internal static class Lexicon
{
    static readonly string[] PositiveWords = """
        good great excellent positive success successful succeed win won benefit beneficial gain improve improvement progress
        strong strength stable stability secure security safe peace peaceful prosper prosperity welcome welcomed support
        supportive help helpful save saved rescue protect protection trust trusted reliable respect respected 
        important crucial vital valuable partner partnership cooperation cooperate friendly ally
        agree agreement deal opportunity hope hopeful optimism optimistic praise praised popular legitimate lawful fair
        free freedom liberty correct true truth accurate honest wonderful fantastic impressive best better
        boost boosted recover recovery growth grow rise surge effective efficient calm reasonable wise thank thanks grateful
        celebrate celebrated achievement achieve advance advantage confident confidence robust healthy relief resolve resolved
        restore restored reform fix fixed innovative landmark historic
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static readonly string[] NegativeWords = """
        bad poor terrible awful negative fail failure failed lose loss lost harm harmful damage damaging weak weakness unstable
        instability threat threaten threatened danger dangerous risk risky unsafe attack attacked war violence violent terror
        terrorist terrorism crisis chaos collapse collapsed crash fear feared panic doom worry worried concern concerned
        problem trouble corrupt corruption fraud scandal lie lies liar false fake wrong wrongly mistake error 
         flawed illegal unlawful illegitimate crime criminal abuse abusive suppress suppression oppress oppression
        repress repression crackdown occupy occupation invade invasion seize seized coup 
         dominate dominance control exploit exploitation propaganda misinformation disinformation
        deny denied reject rejected refuse refused oppose opposed opposition criticize criticise criticism condemn condemned
        blame blamed accuse accused hostile aggression aggressive enemy sanction sanctions severe severed
        decline declined drop dropped fall fell slump plunge cut cuts shortage deficit debt death dead kill killed killing
        casualty victim victims destroy destroyed destruction disaster catastrophe catastrophic tragic tragedy angry anger
        outrage outraged protest riot riots unrest clash clashes conflict dispute tension tensions hate hatred racist
        extremist radical dangerous reckless careless incompetent unprecedented ban banned
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static readonly string[] NegationWords = """
        not no never none nobody nothing neither nor without n't cannot isn't aren't wasn't weren't don't doesn't didn't
        won't wouldn't can't couldn't shouldn't hasn't haven't hadn't
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static readonly string[] HedgeWords = """
        allegedly reportedly supposedly apparently perhaps possibly probably maybe may might could seem seems seemed
        appear appears likely unlikely suggest suggests claim claims claimed so-called purported rumour rumor unconfirmed
        alleged allege alleges allegation allegations
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static readonly string[] CertaintyWords = """
        certainly clearly definitely undoubtedly truly actually indeed fact obviously surely absolutely completely
        confirm confirmed confirms prove proved proven evidence
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static readonly string[] AttributionWords = """
        say says said tell told state stated claim claimed argue argued insist insisted assert asserted according report
        reported announce announced deny denied warn warned add added write wrote note noted believe believes think
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static readonly string[] FutureWords = """
        will would shall expect expected forecast predict predicted plan planned going likely soon future next
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    // General framing axes: words that place a subject at one end or the other of a common dimension
    // (more/less, safe/at risk, backed/opposed, true/false, works/fails, legitimate protest/violent
    // subversion, help/repression, lawful/unlawful, benefit/harm). Two sentences on the same subject at
    // opposite ends of one axis contradict or frame it in opposed ways. Written for no particular text.
    static readonly (string Axis, string Up, string Down)[] AxisWords =
    [
        ("amount", "increase increases rise rising raise raises higher more grow growth boost surge soar expand add",
            "decrease decreases fall falling lower lowers reduce reduces cut less shrink decline drop ease eases slow slash curb"),
        ("safety", "safe safety secure protected sound",
            "unsafe danger dangerous risk risky threat threaten threatens vulnerable exposed hazard"),
        ("approval", "support supports approve approved accept accepted welcome welcomed endorse favour favor praise",
            "oppose opposes opposed reject rejected refuse refused condemn condemned criticise criticize object objection objections dispute disputes"),
        ("truth", "true accurate fact facts confirm confirmed correct real proven genuine",
            "false fake untrue deny denied wrong myth hoax baseless misleading debunked fabricated"),
        ("success", "success successful succeed succeeded win won effective works worked achieve",
            "fail fails failed failure lose lost ineffective flop collapse"),
        ("legitimacy", "uprising uprisings protest protests protester protesters demonstrators popular revolution peaceful grassroots",
            "terrorist terrorists terrorism riot riots rioters coup insurgents mob militants extremists bandits"),
        ("intervention", "save saved rescue rescued liberate liberated restore restored help helped protect protected stabilise stabilize",
            "occupy occupied invade invaded suppress suppressed crush crushed crackdown annex annexed seize seized"),
        ("legality", "legal lawful legitimate constitutional",
            "illegal unlawful illegitimate unconstitutional"),
        ("benefit", "benefit benefits improve improves good gain gains relief boon",
            "harm harms hurt hurts damage damages worsen bad loss losses burden"),
    ];

    /// <summary>Stem to (axis, +1 or -1).</summary>
    public static readonly FrozenDictionary<string, (string Axis, int Sign)> Axes = BuildAxes();

    static FrozenDictionary<string, (string Axis, int Sign)> BuildAxes()
    {
        var map = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        foreach (var (axis, up, down) in AxisWords)
        {
            foreach (var w in up.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map.TryAdd(Stemmer.Stem(w), (axis, 1));
            }
            foreach (var w in down.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map.TryAdd(Stemmer.Stem(w), (axis, -1));
            }
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>+1 for words that put what follows above a limit (over, beyond), -1 below it (within, under).</summary>
    public static int LimitWord(string token) => token switch
    {
        "over" or "above" or "beyond" or "exceeding" or "exceeded" or "exceeds" => 1,
        "within" or "under" or "below" => -1,
        _ => 0,
    };

    public static readonly FrozenSet<string> Determiners =
        "the a an its their his her our your this that these those my".Split(' ').ToFrozenSet(StringComparer.Ordinal);

    static FrozenSet<string> Stems(IEnumerable<string> words) => words.Select(w => Stemmer.Stem(w)).ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Positive = Stems(PositiveWords);
    public static readonly FrozenSet<string> Negative = Stems(NegativeWords.Except(PositiveWords));
    public static readonly FrozenSet<string> Negation = NegationWords.ToFrozenSet(StringComparer.Ordinal);
    public static readonly FrozenSet<string> Hedge = HedgeWords.ToFrozenSet(StringComparer.Ordinal);
    public static readonly FrozenSet<string> Certainty = CertaintyWords.ToFrozenSet(StringComparer.Ordinal);
    public static readonly FrozenSet<string> Attribution = AttributionWords.ToFrozenSet(StringComparer.Ordinal);
    public static readonly FrozenSet<string> Future = FutureWords.ToFrozenSet(StringComparer.Ordinal);
}

/// <summary>How a sentence frames what it says: polarity, negation, hedging, certainty, attribution, prediction.</summary>
internal sealed record Framing(double Polarity, int Evaluative, bool Negated, bool Hedged, bool Certain, bool Attributed, bool Predictive, IReadOnlySet<string> EvaluativeStems)
{
    /// <summary>Stems a negator governs (within three words after it): "did not approve" negates approve.</summary>
    public IReadOnlySet<string> NegatedStems { get; init; } = new HashSet<string>();

    /// <summary>Stems a limit word places above (+1) or below (-1): "over its budget", "within the limit".</summary>
    public IReadOnlyDictionary<string, int> LimitSigns { get; init; } = new Dictionary<string, int>();

    /// <summary>Net position on each framing axis the sentence touches (negation flips the word it governs).</summary>
    public IReadOnlyDictionary<string, int> AxisSigns { get; init; } = new Dictionary<string, int>();

    public static Framing Of(string sentence)
    {
        var words = Tokenizer.Tokens(sentence);
        var tokens = new List<string>(words.Count);
        foreach (var w in words)
        {
            tokens.Add(w.Normalized);
        }
        // In a headline written in Title Case capitals say nothing about names.
        var titleCase = words.Count(w => w.Text.Length > 3 && w.IsCapitalized) * 2 > words.Count(w => w.Text.Length > 3);
        double polarity = 0;
        int evaluative = 0, sinceNegation = 99;
        bool negated = false, hedged = false, certain = false, attributed = false, predictive = false;
        var evaluativeStems = new HashSet<string>(StringComparer.Ordinal);
        var negatedStems = new HashSet<string>(StringComparer.Ordinal);
        var axes = new Dictionary<string, int>(StringComparer.Ordinal);
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        var limit = 0;
        var previous = "";
        for (var index = 0; index < tokens.Count; index++)
        {
            var t = tokens[index];
            sinceNegation++;
            // "last fall", "this fall": the season, not a decline.
            if (t == "fall" && previous is "last" or "this" or "next" or "early" or "late" or "mid" or "every")
            {
                previous = t;
                continue;
            }
            var limitWord = Lexicon.LimitWord(t);
            if (limitWord != 0)
            {
                limit = limitWord;
                continue;
            }
            if (limit != 0 && !Lexicon.Determiners.Contains(t))
            {
                limits.TryAdd(Stemmer.Stem(t), limit);
                limit = 0;
            }
            // "raise rents rather than ease them", "instead of": the contrasted words are denied.
            var contrastive = (t == "than" && previous == "rather") || (t == "of" && previous == "instead");
            previous = t;
            if (contrastive || Lexicon.Negation.Contains(t) || t.EndsWith("n't", StringComparison.Ordinal))
            {
                negated = true;
                sinceNegation = 0;
                continue;
            }
            hedged |= Lexicon.Hedge.Contains(t);
            certain |= Lexicon.Certainty.Contains(t);
            attributed |= Lexicon.Attribution.Contains(t);
            predictive |= Lexicon.Future.Contains(t);
            var stem = Stemmer.Stem(t);
            // A name after a negator is what the negated predicate is about, not the predicate:
            // "doesn't regard Turkey as a threat" negates regarding as a threat, not Turkey.
            if (sinceNegation <= 3 && !(index > 0 && !titleCase && words[index].IsCapitalized))
            {
                negatedStems.Add(stem);
            }
            if (Lexicon.Axes.TryGetValue(stem, out var axis))
            {
                axes[axis.Axis] = axes.GetValueOrDefault(axis.Axis) + (sinceNegation <= 3 ? -axis.Sign : axis.Sign);
            }
            var sign = Lexicon.Positive.Contains(stem) ? 1 : Lexicon.Negative.Contains(stem) ? -1 : 0;
            if (sign != 0)
            {
                evaluative++;
                evaluativeStems.Add(stem);
                // A negator within three words flips the word it governs ("not a threat").
                polarity += sinceNegation <= 3 ? -sign : sign;
            }
        }
        var norm = tokens.Count == 0 ? 0 : polarity / Math.Sqrt(tokens.Count);
        return new Framing(norm, evaluative, negated, hedged, certain, attributed, predictive, evaluativeStems)
        {
            NegatedStems = negatedStems,
            LimitSigns = limits,
            AxisSigns = axes.Where(kv => kv.Value != 0).ToDictionary(kv => kv.Key, kv => Math.Sign(kv.Value), StringComparer.Ordinal),
        };
    }
}

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
        agree agreement deal opportunity hope hopeful optimism optimistic praise praised popular legitimate lawful fair just
        free freedom liberty democratic right correct true truth accurate honest wonderful fantastic impressive best better
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
        blame blamed accuse accused allege alleged hostile aggression aggressive enemy sanction sanctions severe severed
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
    public static Framing Of(string sentence)
    {
        var tokens = Tokenizer.Tokenize(sentence);
        double polarity = 0;
        int evaluative = 0, sinceNegation = 99;
        bool negated = false, hedged = false, certain = false, attributed = false, predictive = false;
        var evaluativeStems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            sinceNegation++;
            if (Lexicon.Negation.Contains(t) || t.EndsWith("n't", StringComparison.Ordinal))
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
        return new Framing(norm, evaluative, negated, hedged, certain, attributed, predictive, evaluativeStems);
    }
}

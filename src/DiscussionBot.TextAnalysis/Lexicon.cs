using System.Collections.Frozen;

namespace DiscussionBot.TextAnalysis;

/// <summary>
/// A small general-purpose English lexicon of evaluative, negating and hedging words. It is generic (in the spirit
/// of the Hu and Liu opinion lexicon), written for no particular text: it tells how a sentence frames its subject,
/// not what the subject is. Its evaluative and axis words are matched by Porter2 stem, but a word reaches an entry
/// only when it is the entry's word or one of its regular inflections (<see cref="Forms"/>): a stem is shared by
/// derived words the lexicon does not hold ("lawful" and "law", "effective" and "effect", "wonderful" and
/// "wondering", "works" and "working"), and those carry no tone.
/// </summary>
internal static class Lexicon
{
    // The evaluative words. The last lines of each list are derivations (listed 2026-12-01, when matching moved from
    // any word of an entry's stem to the entry's own forms): the words of Hu and Liu's opinion lexicon that share a stem
    // with an entry and carry its sign there ("critics" of "criticize", "flaws" of "flawed"), less misspellings and
    // those whose common sense in news is neutral: cooperative (the co-op), critical (condition, role), destroyer (the
    // ship), excellency (the title), negate/negation, progressive (the label), reasoned (the verb), savings, sever,
    // supporter, wonder/wonders (the verb: "wondering"). `StanceFit -- lexicon` with LEXICON_REFERENCE lists them.
    internal static readonly string[] PositiveWords = """
        good great excellent positive success successful succeed win won benefit beneficial gain improve improvement progress
        strong strength stable stability secure security safe peace peaceful prosper prosperity welcome welcomed support
        supportive help helpful save saved rescue protect protection trust trusted reliable respect respected 
        important crucial vital valuable partner partnership cooperation cooperate friendly ally
        agree agreement deal opportunity hope hopeful optimism optimistic praise praised popular legitimate lawful fair
        free freedom liberty correct true truth accurate honest wonderful fantastic impressive best better
        boost boosted recover recovery growth grow rise surge effective efficient calm reasonable wise thank thanks grateful
        celebrate celebrated achievement achieve advance advantage confident confidence robust healthy relief resolve resolved
        restore restored reform fix fixed innovative landmark historic
        achievable advantageous advantageously calmness celebration effectiveness excel excelled excellence excels fairness
        gainful gainfully goodness greatness impress impressed impresses impressiveness innovation optimal prosperous
        protective respectable respectful respectfully stabilize thankful trustingly truthful truthfully truthfulness
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    internal static readonly string[] NegativeWords = """
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
        accusation accusations accusingly aggressiveness angriness awfulness carelessness condemnable condemnation critic
        critics dangerousness destructive disputable domineer domineering fearful fearfully flaw flaws hateful hatefully
        hatefulness hostilities hostility incompetence invader invasive misinform misinformed negativity oppressive
        oppressively oppressiveness outrageous outrageously outrageousness radicalization recklessness refusal rejection
        repressive scandalize scandalized scandalous scandalously severity terribleness terrorize troublingly unlawfulness
        victimize worryingly wrongful
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
    // opposite ends of one axis contradict or frame it in opposed ways. Written for no particular text. The words after
    // an axis's own (from "protection", "criticism", "achievement" on) are derivations listed as the evaluative lists'
    // are (Hu and Liu's words that share an entry's stem and the sign of its end), less peace, savings, stability,
    // supporter and work (neutral in news) and the amount axis (its ends are no judgement).
    internal static readonly (string Axis, string Up, string Down)[] AxisWords =
    [
        ("amount", "increase increases rise rising raise raises higher more grow growth boost surge soar expand add",
            "decrease decreases fall falling lower lowers reduce reduces cut less shrink decline drop ease eases slow slash curb"),
        ("safety", "safe safety secure protected sound protection protective soundness",
            "unsafe danger dangerous risk risky threat threaten threatens vulnerable exposed hazard dangerousness hazardous"),
        ("approval", "support supports approve approved accept accepted welcome welcomed endorse favour favor praise approval endorsement favorable supportive",
            "oppose opposes opposed reject rejected refuse refused condemn condemned criticise criticize object objection objections dispute disputes"
            + " condemnable condemnation critic critics criticism criticisms disputable refusal rejection"),
        ("truth", "true accurate fact facts confirm confirmed correct real proven genuine",
            "false fake untrue deny denied wrong myth hoax baseless misleading debunked fabricated fabricate fabrication mislead wrongful"),
        ("success", "success successful succeed succeeded win won effective works worked achieve achievable achievement achievements effectiveness",
            "fail fails failed failure lose lost ineffective flop collapse ineffectiveness"),
        ("legitimacy", "uprising uprisings protest protests protester protesters demonstrator demonstrators popular revolution peaceful grassroots",
            "terrorist terrorists terrorism riot riots rioter rioters coup insurgent insurgents mob militant militants extremist extremists bandit bandits militancy terror terrorize"),
        ("intervention", "save saved rescue rescued liberate liberated restore restored help helped protect protected stabilise stabilize helpful liberation",
            "occupy occupied invade invaded suppress suppressed crush crushed crackdown annex annexed seize seized invader suppression"),
        ("legality", "legal lawful legitimate constitutional",
            "illegal unlawful illegitimate unconstitutional unlawfulness"),
        ("benefit", "benefit benefits improve improves good gain gains relief boon gainful gainfully goodness improvement improvements",
            "harm harms hurt hurts damage damages worsen bad loss losses burden harmful hurtful"),
    ];

    /// <summary>Lower-cased word to (axis, +1 or -1): each axis word and its inflections (<see cref="LexiconForms"/>),
    /// on the axis the first entry of its stem names.</summary>
    public static readonly FrozenDictionary<string, (string Axis, int Sign)> Axes = BuildAxes();

    static FrozenDictionary<string, (string Axis, int Sign)> BuildAxes()
    {
        var byStem = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        var words = new List<string>();
        foreach (var (axis, up, down) in AxisWords)
        {
            foreach (var (list, sign) in new[] { (up, 1), (down, -1) })
            {
                foreach (var w in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    byStem.TryAdd(Stemmer.Stem(w), (axis, sign));
                    words.Add(w);
                }
            }
        }
        return LexiconForms(words).Distinct().ToFrozenDictionary(f => f, f => byStem[Stemmer.Stem(f)], StringComparer.Ordinal);
    }

    /// <summary>Lower-cased word to +1 (positive) or -1 (negative): each evaluative word and its inflections
    /// (<see cref="LexiconForms"/>); a stem both lists reach counts as positive.</summary>
    static readonly FrozenDictionary<string, int> ToneForms = BuildTone();

    static FrozenDictionary<string, int> BuildTone()
    {
        var positive = PositiveWords.Select(w => Stemmer.Stem(w)).ToHashSet(StringComparer.Ordinal);
        return LexiconForms(PositiveWords.Concat(NegativeWords)).Distinct()
            .ToFrozenDictionary(f => f, f => positive.Contains(Stemmer.Stem(f)) ? 1 : -1, StringComparer.Ordinal);
    }

    /// <summary>+1 when a lower-cased word is a positive evaluative word or one of its inflections, -1 a negative
    /// one, 0 otherwise ("law", "effect", "reason" carry no tone; "lawful", "effectively", "reasonably" do).</summary>
    public static int Tone(string word) => ToneForms.GetValueOrDefault(word);

    /// <summary>The words that reach the given lexicon words: each word's <see cref="Forms"/> that keep its Porter2
    /// stem. The stem stays the key, as it was before forms were checked, so this only takes words away from what
    /// the stem alone matched (the derivations), never adds one the stem kept apart ("added" is not "add"'s stem).</summary>
    internal static IEnumerable<string> LexiconForms(IEnumerable<string> words) =>
        words.SelectMany(w => Forms(w).Where(f => Stemmer.Stem(f) == Stemmer.Stem(w)));

    /// <summary>
    /// The surface forms a lexicon word stands for: itself and its regular inflections, the plural or third person
    /// (-s, -es, -ies), the past (-ed, -d, -ied), the participle (-ing, with a final e dropped, -ie as -ying) and the
    /// adverb (-ly, -ily, -ably, -ically), each with a doubled final consonant where English doubles it
    /// ("drop"/"dropped", "win"/"winning"). Derivations are not inflections: "lawful" is not a form of "law", nor
    /// "supporter" of "support"; the lexicon lists a derivation it means ("criticism", "protection") as its own word.
    /// A form English does not have ("wared") matches nothing, so over-generating is harmless.
    /// </summary>
    internal static IEnumerable<string> Forms(string word)
    {
        static bool Vowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
        var forms = new HashSet<string>(StringComparer.Ordinal) { word };
        var n = word.Length;
        if (n < 2 || !word.All(char.IsLetter))
        {
            return forms;
        }
        var last = word[^1];
        var consonantY = last == 'y' && !Vowel(word[^2]);
        // Plural and third person.
        forms.Add(word + "s");
        if (word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z') || word.EndsWith("ch", StringComparison.Ordinal) || word.EndsWith("sh", StringComparison.Ordinal))
        {
            forms.Add(word + "es");
        }
        // Past, participle and adverb.
        if (consonantY)
        {
            var root = word[..^1];
            forms.Add(root + "ies");
            forms.Add(root + "ied");
            forms.Add(word + "ing");
            forms.Add(root + "ily");
        }
        else if (last == 'e')
        {
            forms.Add(word + "d");
            forms.Add(word.EndsWith("ie", StringComparison.Ordinal) ? word[..^2] + "ying" : word.EndsWith("ee", StringComparison.Ordinal) ? word + "ing" : word[..^1] + "ing");
            forms.Add(word.EndsWith("le", StringComparison.Ordinal) && n > 2 && !Vowel(word[^3]) ? word[..^1] + "y" : word + "ly");
        }
        else
        {
            forms.Add(word + "ed");
            forms.Add(word + "ing");
            forms.Add(last == 'c' ? word + "ally" : word.EndsWith("ll", StringComparison.Ordinal) ? word + "y" : word + "ly");
            // A final consonant after a single vowel doubles before -ed and -ing ("drop", "ban", "win"; not w, x, y).
            if (n >= 3 && !Vowel(last) && last is not ('w' or 'x' or 'y') && Vowel(word[^2]) && !Vowel(word[^3]))
            {
                forms.Add(word + last + "ed");
                forms.Add(word + last + "ing");
            }
        }
        return forms;
    }

    /// <summary>+1 for words that put what follows above a limit (over, beyond), -1 below it (within, under).</summary>
    public static int LimitWord(string token) => token switch
    {
        "over" or "above" or "beyond" or "exceeding" or "exceeded" or "exceeds" => 1,
        "within" or "under" or "below" => -1,
        _ => 0,
    };

    /// <summary>Words that open a clause subordinate to the sentence's main one: adverbial (reason, time, condition,
    /// concession) and relative. A negation inside such a clause ("because it did not enter orbit", "a bill which did
    /// not pass") is part of a circumstance, not the sentence's own claim negated.</summary>
    public static readonly FrozenSet<string> Subordinators = """
        because since although though while whereas unless if whether when whenever after before until once which who whom whose where
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Verbs of saying: what follows them ("X said the plan failed") or what they close ("the plan failed, X
    /// said") is the speaker's claim, which the sentence reports.</summary>
    public static readonly FrozenSet<string> SpeechVerbs = """
        say says said saying tell tells told telling stated claimed claiming argue argues argued arguing insist insists insisted
        insisting assert asserts asserted announce announces announced announcing deny denies denied denying warn warns warned
        noted acknowledge acknowledges acknowledged acknowledging concede concedes conceded contend contends contended allege
        alleges alleged explain explains explained write writes wrote
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Verbs whose "that" opens their content, the claim itself ("the study found that ..."), not a relative clause.</summary>
    public static readonly FrozenSet<string> ComplementVerbs = """
        find finds found show shows showed shown conclude concludes concluded determine determines determined mean means meant
        suggest suggests suggested believe believes believed think thinks thought know knows knew agree agrees agreed hope hopes
        hoped fear fears feared expect expects expected ensure ensures ensured confirm confirms confirmed prove proves proved
        reveal reveals revealed indicate indicates indicated admit admits admitted argue argued insist insisted
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that may follow a closing speech verb without starting its content: prepositions and times
    /// ("..., the minister said on Tuesday", "... she told reporters in a statement").</summary>
    public static readonly FrozenSet<string> AfterClosingSpeech = """
        in on at to during after before earlier later last this that late early from with via through about for
        monday tuesday wednesday thursday friday saturday sunday today yesterday tonight january february march april may june july
        august september october november december
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Titles and offices before a speaker's name: not who speaks ("Secretary" is many people).</summary>
    public static readonly FrozenSet<string> Titles = """
        president vice secretary minister prime chancellor governor gov senator sen representative rep congressman congresswoman
        mayor speaker leader chief director general attorney judge justice dr mr mrs ms sir lord lady king queen prince
        spokesman spokeswoman spokesperson official officials chairman chairwoman chair ceo
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Determiners =
        "the a an its their his her our your this that these those my".Split(' ').ToFrozenSet(StringComparer.Ordinal);

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

    /// <summary>Stems a negator of the main clause governs: the sentence's own claim negated. A negator inside a
    /// subordinate, relative or reason clause ("because it did not enter orbit", "a law which did not pass") or a
    /// prepositional "without" is left out: it negates a circumstance, not what the sentence says. (The stance model
    /// reads <see cref="NegatedStems"/>; this scope is what /viewpoints shows as "one side negates".)</summary>
    public IReadOnlySet<string> MainNegatedStems { get; init; } = new HashSet<string>();

    /// <summary>Whether a negator governs the main clause (see <see cref="MainNegatedStems"/>).</summary>
    public bool MainNegated { get; init; }

    /// <summary>Stems a limit word places above (+1) or below (-1): "over its budget", "within the limit".</summary>
    public IReadOnlyDictionary<string, int> LimitSigns { get; init; } = new Dictionary<string, int>();

    /// <summary>Net position on each framing axis the sentence touches (negation flips the word it governs).</summary>
    public IReadOnlyDictionary<string, int> AxisSigns { get; init; } = new Dictionary<string, int>();

    /// <summary>Who the sentence reports speaking: the stems of the names before or after a verb of saying or after
    /// "according to" ("Mayorkas said ...", "..., the IMF warned"), titles left out. Empty when the sentence reports no
    /// named speaker.</summary>
    public IReadOnlySet<string> Speakers { get; init; } = new HashSet<string>();

    /// <summary>The framing of the sentence's own voice, its words outside quotations and reported speech ("X said
    /// ..."): null when it reports none, so the whole sentence is its own voice.</summary>
    public Framing? OwnVoice { get; init; }

    public static Framing Of(string sentence)
    {
        var words = Tokenizer.Tokens(sentence);
        // In a headline written in Title Case capitals say nothing about names.
        var titleCase = words.Count(w => w.Text.Length > 3 && w.IsCapitalized) * 2 > words.Count(w => w.Text.Length > 3);
        var voice = Voice.Read(sentence ?? "", words, titleCase);
        var framing = Read(words, voice.Subordinate, titleCase);
        if (!voice.Reported.Contains(true))
        {
            return framing;
        }
        var own = Enumerable.Range(0, words.Count).Where(i => !voice.Reported[i]).ToList();
        return framing with
        {
            Speakers = voice.Speakers,
            OwnVoice = Read(own.Select(i => words[i]).ToList(), own.Select(i => voice.Subordinate[i]).ToArray(), titleCase),
        };
    }

    static Framing Read(IReadOnlyList<Token> words, bool[] subordinate, bool titleCase)
    {
        var tokens = new List<string>(words.Count);
        foreach (var w in words)
        {
            tokens.Add(w.Normalized);
        }
        double polarity = 0;
        int evaluative = 0, sinceNegation = 99, sinceMainNegation = 99;
        bool negated = false, mainNegated = false, hedged = false, certain = false, attributed = false, predictive = false;
        var evaluativeStems = new HashSet<string>(StringComparer.Ordinal);
        var negatedStems = new HashSet<string>(StringComparer.Ordinal);
        var mainNegatedStems = new HashSet<string>(StringComparer.Ordinal);
        var axes = new Dictionary<string, int>(StringComparer.Ordinal);
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        var limit = 0;
        var previous = "";
        for (var index = 0; index < tokens.Count; index++)
        {
            var t = tokens[index];
            sinceNegation++;
            sinceMainNegation++;
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
                if (!subordinate[index] && t != "without")
                {
                    mainNegated = true;
                    sinceMainNegation = 0;
                }
                continue;
            }
            hedged |= Lexicon.Hedge.Contains(t);
            certain |= Lexicon.Certainty.Contains(t);
            attributed |= Lexicon.Attribution.Contains(t);
            predictive |= Lexicon.Future.Contains(t);
            var stem = Stemmer.Stem(t);
            // A name after a negator is what the negated predicate is about, not the predicate:
            // "doesn't regard Turkey as a threat" negates regarding as a threat, not Turkey.
            var name = index > 0 && !titleCase && words[index].IsCapitalized;
            if (sinceNegation <= 3 && !name)
            {
                negatedStems.Add(stem);
            }
            if (sinceMainNegation <= 3 && !name)
            {
                mainNegatedStems.Add(stem);
            }
            if (Lexicon.Axes.TryGetValue(t, out var axis))
            {
                axes[axis.Axis] = axes.GetValueOrDefault(axis.Axis) + (sinceNegation <= 3 ? -axis.Sign : axis.Sign);
            }
            var sign = Lexicon.Tone(t);
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
            MainNegatedStems = mainNegatedStems,
            MainNegated = mainNegated,
            LimitSigns = limits,
            AxisSigns = axes.Where(kv => kv.Value != 0).ToDictionary(kv => kv.Key, kv => Math.Sign(kv.Value), StringComparer.Ordinal),
        };
    }
}

/// <summary>
/// The voice structure of one sentence, read from its words and the punctuation between them: which words lie in a
/// clause subordinate to the main one (opened by a subordinating word or a relative "that", closed by punctuation or
/// "but"), which are speech the sentence reports (quotations; what follows "X said" or precedes "..., X said";
/// what "according to X" introduces or closes) and who speaks. Written by hand for English news prose: no parser.
/// </summary>
internal static class Voice
{
    public readonly record struct Reading(bool[] Subordinate, bool[] Reported, IReadOnlySet<string> Speakers);

    /// <summary>Words a speaker phrase may hold before its verb ("Treasury Secretary Janet Yellen on Tuesday warned").</summary>
    const int MaxSpeakerWords = 8;

    /// <summary>Words of a speaker phrase after the clause it closes ("..., the International Monetary Fund warned").</summary>
    const int MaxClosingSpeakerWords = 6;

    public static Reading Read(string text, IReadOnlyList<Token> words, bool titleCase)
    {
        var n = words.Count;
        var boundary = new bool[n + 1]; // punctuation that closes a clause right before word i (n: the end)
        var quoted = new bool[n];
        var inQuote = false;
        var position = 0;
        for (var i = 0; i <= n; i++)
        {
            var end = i < n ? words[i].Start : text.Length;
            for (var c = position; c < end; c++)
            {
                switch (text[c])
                {
                    case ',' or ';' or ':' or '(' or ')' or '\u2014' or '\u2013':
                        boundary[i] = true;
                        break;
                    case '-' when c > 0 && c + 1 < text.Length && text[c - 1] == ' ' && text[c + 1] == ' ':
                        boundary[i] = true;
                        break;
                    case '\u201C' or '\u201E' or '\u00AB':
                        inQuote = true;
                        boundary[i] = true;
                        break;
                    case '\u201D' or '\u00BB':
                        // A closing mark with none opening it: the sentence began inside the quotation.
                        if (!inQuote)
                        {
                            Array.Fill(quoted, true, 0, i);
                        }
                        inQuote = false;
                        boundary[i] = true;
                        break;
                    case '"':
                        inQuote = !inQuote;
                        boundary[i] = true;
                        break;
                }
            }
            if (i < n)
            {
                quoted[i] = inQuote;
                position = Math.Max(position, words[i].Start + words[i].Text.Length);
            }
        }

        var subordinate = new bool[n];
        var inClause = false;
        for (var i = 0; i < n; i++)
        {
            var t = words[i].Normalized;
            if (boundary[i] || t is "but" or "yet")
            {
                inClause = false;
            }
            // A relative "that" follows a noun inside a clause ("the law that took effect"); after a verb of saying
            // it opens the reported claim, and after punctuation it points ("..., that protection does not extend").
            var relativeThat = t == "that" && i > 0 && !boundary[i] && !Lexicon.SpeechVerbs.Contains(words[i - 1].Normalized)
                && !Lexicon.ComplementVerbs.Contains(words[i - 1].Normalized) && !Stopwords.English.Contains(words[i - 1].Normalized)
                && Enumerable.Range(Math.Max(0, i - 4), i - Math.Max(0, i - 4)).Any(k => Lexicon.Determiners.Contains(words[k].Normalized));
            if (Lexicon.Subordinators.Contains(t) || relativeThat || (t == "that" && i > 0 && words[i - 1].Normalized is "so" or "such" or "now"))
            {
                inClause = true;
            }
            subordinate[i] = inClause;
        }

        var reported = (bool[])quoted.Clone();
        var speakers = new HashSet<string>(StringComparer.Ordinal);
        int ClauseStart(int i)
        {
            while (i > 0 && !boundary[i])
            {
                i--;
            }
            return i;
        }
        void Speak(int from, int to)
        {
            for (var k = Math.Max(0, from); k < Math.Min(n, to); k++)
            {
                var w = words[k];
                if ((w.IsCapitalized || w.Text.Any(char.IsUpper)) && !titleCase && !Stopwords.English.Contains(w.Normalized) && !Lexicon.Titles.Contains(w.Normalized)
                    && !Lexicon.SpeechVerbs.Contains(w.Normalized) && !Lexicon.AfterClosingSpeech.Contains(w.Normalized) && !quoted[k])
                {
                    speakers.Add(Stemmer.Stem(w.Normalized));
                }
            }
        }
        for (var v = 0; v < n; v++)
        {
            if (quoted[v])
            {
                continue;
            }
            var t = words[v].Normalized;
            if (t == "according" && v + 1 < n && words[v + 1].Normalized == "to")
            {
                var e = v + 2;
                while (e < n && !boundary[e])
                {
                    e++;
                }
                Speak(v + 2, e);
                // "According to X, ..." opens the sentence: what follows is X's; otherwise it closes what precedes.
                if (ClauseStart(v) == 0 && v <= 1)
                {
                    Array.Fill(reported, true, e, n - e);
                }
                else
                {
                    Array.Fill(reported, true, 0, v);
                }
                continue;
            }
            if (!Lexicon.SpeechVerbs.Contains(t))
            {
                continue;
            }
            var start = ClauseStart(v);
            // After the verb: the end, punctuation, or a time or place, past the names of whoever was told.
            var after = v + 1;
            while (after < n && !boundary[after] && words[after].IsCapitalized && !titleCase)
            {
                after++;
            }
            var closes = start > 0 && v - start <= MaxClosingSpeakerWords
                && (after == n || boundary[after] || Lexicon.AfterClosingSpeech.Contains(words[after].Normalized));
            if (closes)
            {
                // "..., the minister said on Tuesday": the clauses before are the minister's.
                Speak(start, v);
                Array.Fill(reported, true, 0, start);
            }
            else if (v - start <= MaxSpeakerWords && v + 1 < n)
            {
                // "The minister said (that) ...", "..., saying ...": what follows is the speaker's.
                Speak(start, v);
                Array.Fill(reported, true, v + 1, n - v - 1);
            }
        }
        return new Reading(subordinate, reported, speakers);
    }
}

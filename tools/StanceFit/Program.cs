using System.Diagnostics;
using System.Text.Json;
using DiscussionBot.Encoder.MiniLm;
using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;

// StanceFit: dotnet run -c Release --project tools/StanceFit -- <encode|fit> [corpora dir] [cache dir]
//   encode  vectors of FNC-1 (headlines, body sentences), ArgKP (arguments, key points) and AllSides (titles, leads)
//           into <cache>/minilm.bin (default /work/cache-semantics), once; later runs reuse it.
//   fit     the stance model on FNC-1 train (even body ids) and ArgKP train; writes stance-model.json (STANCE_OUT=file
//           elsewhere). Env: STANCE_L2 (shipped: 0.003), STANCE_ARG_WEIGHT (ArgKP against FNC-1 in the opposed heads, 1),
//           STANCE_EVALUATION=none (no evaluation head), STANCE_SAME / STANCE_OPPOSED variants.
//   evaluation  leave-topics-out figures of the evaluation head's variants (EvaluationFitting.cs).
//   show    the seed pair (or files named after the cache dir) compared by meaning; SHOW_PAIRS=word prints pair scores;
//           STANCE_MODEL=file reads a fitted candidate instead of the shipped model.
//   clashes FROM TO [labels]  the clashes /viewpoints flags on allsides-labeled-dev rows FROM..TO, against the hand
//           labels in clash-labels-dev.tsv (precision; CLASH_PAIRS=file dumps the aligned pairs with each side's
//           polarity, evaluative stems, speakers, own-voice polarity, main-clause negated stems and the shared stems;
//           ClashReading.cs). The second held-out check: clashes ../shared/corpora /work/cache-semantics 236 299
//           tools/StanceFit/clash-labels-heldout.tsv.
//   lexicon [corpus.jsonl] [min count]  the audit of the tone and axis words: stems a lexicon word shares with a common
//           corpus word outside the lexicon's forms (default bbc-summary-dev.jsonl, words seen >= 3 times; LexiconAudit.cs).
//   bilinear  experiment: a rank-k bilinear opposite-stance score on argument vectors (RANK=k).
//   discussion  (DISCUSSION_POOLED=1: four topics as one discussion, centred on the mean or on each one's nearest)
//           transductive smoothing of the evaluation logit inside a discussion (DiscussionFitting.cs): neighbour
//           same-stance rates and leave-topics-out figures on ArgKP train (DISCUSSION_DEV=1 also reads dev, for the record).
//   members  when a discussion re-reads its pairs (MemberFitting.cs): member shares and re-read pairs of FNC-1 train's
//           even half as one input and of ArgKP train by topic and by pools of four topics (train only).
//   fit also fits the discussion head (StanceModel.OpposedInDiscussion) on out-of-fold lone-pair opposition;
//           STANCE_DISCUSSION=none leaves it out, STANCE_DISCUSSION_DATA=both|argkp|fnc, STANCE_MEMBER_SENTENCES=n.
//
// Shipped 2026-12-01 (the lexicon matched by form, issue 14; features changed, model refitted with `fit` as above).
// The tone and axis words were matched by Porter2 stem, so every word of an entry's stem took its tone or axis: "law"
// and "laws" (of "lawful"), "effect" (effective), "reason" (reasonable), "wondering" (wonderful), "several" (severe),
// "position" (positive), "work"/"working" (the success axis's "works"), "security" (secure), "liberal" (liberate).
// Now a word reaches an entry only as the entry's word or one of its regular inflections (Lexicon.Forms: -s/-es/-ies,
// -ed/-d/-ied, -ing, -ly/-ily/-ably/-ically, a doubled final consonant) that keep the entry's stem, so nothing the stem
// kept apart is added ("added" is not "add"); singulars of the axis lists' plural-only nouns were listed ("militant").
// Audit (`lexicon`: bbc-summary-dev.jsonl, alphabetic words seen >= 3 times, 12,779): by stem, the tone words matched
// 551 corpus words (21,906 occurrences), of which 81 words of 45 stems (1,887 occurrences) are none of the lexicon's
// forms; the axis words 345, of which 70 words of 37 stems (2,770); by hand about 45 of the 81 (1,535 occurrences) are
// neutral and 36 (352) evaluative derivations ("critics", "flaws", "accusations", "effectiveness"). By form: 0 words
// outside the forms. An existing test ("the critics are wrong" as a judgement) then failed, as did those derivations,
// so the derivations are listed as words by a rule outside these data: the words of Hu and Liu's opinion lexicon that
// share an entry's stem and carry its sign (LEXICON_REFERENCE=dir lists them), less misspellings and those whose
// common sense in news is neutral (critical, cooperative, destroyer, excellency, negate, progressive, reasoned,
// savings, sever, supporter, wonder; on the axes peace, stability, work); 27 of the 81 and 24 of the 70 came back,
// 54 words of 32 stems (1,605 occurrences) lose their tone and 46 of 26 (2,242) their axis. Stance figures (eval, read
// once after the forms alone, once after the derivations, the last shipped): FNC-1 held-out 0.755 -> 0.756 -> 0.757;
// ArgKP dev (each topic one discussion) 0.715 -> 0.715 -> 0.715, top-4 share 75.0 % throughout (lone pairs 68.8 % ->
// 62.5 % -> 62.5 %, AUC 0.626), all four topics one input 0.713 -> 0.714 -> 0.714; key-point mAP strict/relaxed
// 0.758/0.839 -> 0.769/0.850 -> 0.764/0.845; thresholds clash 0.160 -> 0.153 -> 0.161, model alone 0.557 -> 0.556 ->
// 0.557, same 0.366 -> 0.368 -> 0.367. Clashes, dev rows 0-199: 7 real of 76 (9.2 %) -> 4 of 61 (forms alone: 5 of 61,
// 8.2 %) -> 4 of 61 (6.6 %): the three real ones lost (rows 20 "wondering", 191 "in effect", 130 "laws" on the legality
// axis against "unlawful") were flagged only by a collision; 20 pairs dropped (17 not real), 5 added (3 not, 1
// borderline, 1 labelled before). The 9 pairs the two engines newly flagged were labelled by the TSV's rule and
// appended (1 real, row 34: "protection ... persists, 90 % effective" against "effectiveness ... falls below 50
// percent", flagged with the forms alone, when "effectiveness" had no tone; 2 borderline). Held-out rows 236-299, its
// second reading (read with both engines): 1 real of 23 -> 0 of 16 -> 0 of 17, no pair outside the labelled union; the
// real one (row 275) was flagged by "laws" read as "lawful". So the fix takes out 20 % of the flagged pairs and every
// real one it loses was real by accident; precision on the labels falls, since what remains false is the tone cue
// itself (one general evaluative word a side), not its matching. The seed pair keeps its Moscow, January and CSTO
// clashes and the Tokayev visit in what they share.
// Shipped 2026-12-01 (clash gate, issue 14: clause scope, speakers, shared words; the model file and its features
// unchanged, so FNC-1 0.755, ArgKP 0.715 / top-4 75.0 % / mAP 0.758 stand: Framing's NegatedStems, Negated, Polarity
// and AxisSigns, which StanceFeatures and the evaluation head read, are computed as before, and the new readings are
// separate properties only SemanticComparison's gate reads). Three rules, each measured alone on dev (rows 0-199,
// against 7 real of 81): (1) a negation cue only from a negator of the main clause (Framing.MainNegatedStems: not
// inside a clause opened by because/since/although/while/if/when/after/until/which/who/where... or a relative "that",
// closed by punctuation or "but"; not a prepositional "without"): 7 of 80; (2) when both sides report the same named
// speaker (Framing.Speakers: "X said ...", "..., X said", a quotation, "according to X"), the cue must survive between
// the outlets' own voices (Framing.OwnVoice, the words outside that speech): 7 of 79; (3) the two sentences share a
// word of what they say, a lower-case content word or a figure, not only names (ViewpointAnalyzer.SharesContent):
// 7 of 79 (one newly paired, labelled not); all three 7 of 76 (9.2 %), the same seven real ones (the eighth, row 149,
// is a model-alone pair with no cue, flagged by no variant since the model-alone path was closed). A second held-out
// check, rows 236-299 (clash-labels-heldout.tsv), labelled once after these choices by an AI model (this session),
// blind to which engine flagged each of the 24 pairs in the union: 1 real of 23 before, 1 of 23 after (the speaker
// rule dropped one pair, whose free sentence paired with another, also not real); 3 of the 24 borderline. So the
// rules remove pairs the labels call not real and lose none, but do not move precision on fresh stories: what stays
// false is mostly the tone cue, one evaluative word a side from a general lexicon, often a stem that collides with a
// neutral word ("lawful"/"law", "effective"/"effect", "reasonable"/"reason", "wonderful"/"wondering"). Left out:
// matching those stems only in their evaluative forms (two of the seven real dev clashes are flagged by such a
// collision, row 20 "wondering" and row 191 "in effect", so the fix would lose them; it also changes the model's
// features and needs a refit); an IDF-weighted floor on shared content words (about 1.0 drops 11 not-real dev pairs,
// but real row 20 sits at 1.1: a value on the edge of the real ones).
// Shipped 2026-12-01 (clashes between articles; the model file unchanged, only which aligned pairs /viewpoints shows,
// SemanticComparison.IsClash): read with `clashes` (ClashReading.cs) against hand labels of the clashes flagged on
// allsides-labeled-dev rows 0-199 (clash-labels-dev.tsv: 160 pairs, 8 real, 3 borderline counted as not). Before: 138
// flagged, 8 real (5.8 %); the real ones all came by the cue path with the model's own opposed 0.01-0.20 (one, 0.81)
// and cosine 0.43-0.61; the model alone (>= 0.557, no cue) flagged 32, 1 real; a lone negated shared word as the only
// cue 25, none real; cue pairs above cosine 0.62, 33, none real (above 0.70, 15). A floor on the model's opposed for
// the cue path (0.05 / 0.1 / 0.2) lost real ones (7 / 5 / 2 real of 125 / 110 / 85, before the replacements were
// labelled); a cap of one clash a story or a higher shown threshold (0.2) gain a little more but sit on the edge of the
// real ones, so left out. Chosen: the cue must be a tone, an axis or a refutation, or a lone negation with the model's
// opposed >= 0.35; cosine <= 0.70; no model-alone clash: 7 real of 81 (8.6 %, 0.41 a story). The dev best (cosine <=
// 0.62, lone negation only at >= 0.557: 7 of 65, 10.8 %) drops written clashes the tests hold: the seed pair's Moscow
// one (cosine 0.67), the demo's flood study (0.69) and its "ease the rent pressure" / "rather than ease them" (model
// 0.36), so the looser values, which cost 16 more flagged on dev, none real. Held-out rows 200-235 were read with each
// of the three settings in turn (0.62: 16 flagged, 0.68: 18, shipped: 20), 3 real each time (was 3 of 28): they did
// not pick the values. FNC-1 0.755, ArgKP 0.715 / top-4 75.0 % / mAP 0.758 unchanged (eval never builds a /viewpoints report).
// Shipped 2026-12-01 (discussion of short positions; the model file unchanged): a discussion is re-read only when at
// least 0.8 of its texts are one-sentence members (Discussion.MinMemberShare), so pairs --jsonl and eval score FNC-1's
// half given as one input without groups as lone pairs. Measured on train only (members): FNC-1 train's even half as one
// input: 6,698 related pairs, 2,311 texts, 1,491 members (share 0.645: 1,483 headlines and the one-line bodies); the
// pairs re-read are those of a headline and a one-sentence body: 346 (14 disagree) on 30 bodies, one-line summaries
// ("The UK confirmed the video showing the beheading of aid worker David Haines.", 12 headlines); most of their
// headlines are shared by many bodies (261 of the 346 have a headline with >= 5 bodies: one headline's one reading
// meets bodies it agrees with and bodies it disputes), and the head learnt on arguments (half of all pairs opposed)
// lifts every such pair to ~0.31 (disagree 0.308, agree/discuss 0.309; alone 0.208 / 0.058): AUC 0.856 alone, 0.828 re-read (in-sample model).
// ArgKP train member share per topic 0.944-1.000 (median 0.988), pools of four topics 0.979-0.989; the fit's per-body
// FNC-1 discussions that smooth (186) at least 0.857: 0.8 keeps every discussion the head learnt from (the refit is
// byte-for-byte the shipped file) and drops the whole half. Read afterwards: FNC-1 held-out half as one input (eval, and
// pairs --jsonl without groups) 0.755, not re-read (1,498 of 2,322 texts one sentence, 0.645); ArgKP dev each topic
// one discussion 0.716, top-4 75.0 %, all four topics one input 0.685 / 62.5 %, key-point mAP 0.758 / 0.839.
// And a discussion of more than 200 members centres each logit on the mean of its 200 nearest by meaning (itself
// among them) instead of the discussion's (Discussion.CentreOn), chosen on ArgKP train leave-topics-out
// (discussion with DISCUSSION_POOLED=1: pools of four train topics as one discussion, pairs read within a topic, the
// -z'a*z'b of both views clipped at 2 sd): on the pool's mean 0.779 (top-4 89.6 %), on the 25 / 50 / 100 / 200 / 400
// nearest 0.653 / 0.719 / 0.783 / 0.809 / 0.794 (top-4 79.2 / 89.6 / 89.6 / 87.5 / 88.5 %); one topic alone (about 230
// arguments) 0.812 on its mean, 0.811 on its 200 nearest (top-4 93.8 % both). The refit is byte-for-byte the shipped
// file (its rounded weights do not move). Read afterwards: ArgKP dev all four topics one input 0.713, top-4 68.8 %;
// each topic one discussion 0.715 (was 0.716), top-4 75.0 %; FNC-1 0.755 and key-point mAP 0.758 / 0.839 unchanged.
// Shipped 2026-12-01 (discussion): a one-sentence text's evaluation logit read inside its discussion (the other texts
// scored with it): pulled toward the mean of its 10 nearest by meaning (weight 0.35) and of its 10 nearest by wording
// (Jaccard of the head's word features, 0.35), then centred on the discussion's mean and clipped at 2 standard
// deviations; a pair of members is re-read by a 3-weight head on [logit of the lone opposition, z'a*z'b, |z'a - z'b|]
// fitted on out-of-fold lone scores. ArgKP dev opposite-stance AUC 0.626 -> 0.716 (each topic one discussion; 0.685
// with all four topics as one), top-4 share 68.8 % -> 75.0 % (56.2 % before the clipping: dev's drop sent me looking
// for a cause measurable on train, and the clipping was chosen there, below); lone pairs, FNC-1 (0.755 in eval: a
// headline/body pair scores alone) and key-point mAP (0.758/0.839) unchanged; the base heads are byte-for-byte those
// shipped before. Chosen on ArgKP train only, leave-topics-out (4 folds of topics, argument level, all pairs):
// - same-stance rate of the k nearest by meaning within the topic 85.6 / 82.3 / 80.4 / 76.8 / 71.9 % at k 1 / 3 / 5 /
//   10 / 20 (random pair 50.3 %); same-stance rate by cosine band only 42 % (< 0.3) to 64 % (>= 0.8);
// - pair AUC |za - zb| 0.679 raw, 0.716-0.721 smoothed by meaning (k 5-10, pull 0.5-0.7); the centred product -za*zb
//   0.743 unsmoothed (top-4 share 83.3 %), 0.790 smoothed by meaning at k 10 pull 0.6 (89.6 %; k 5-15, pull 0.5-0.7:
//   0.787-0.791; softmax weights, 20-step propagation: 0.791 at best), 0.812 with both views at 0.35 / 0.35 (91.7 %;
//   0.805-0.814 for 0.3-0.5 / 0.2-0.4, word k 5 / 20: 0.809), words alone 0.790; scaled by the discussion's spread 0.786;
// - the most opposed pairs (both views): top-4 / top-10 share 91.7 / 90.4 % unclipped, 93.8 / 94.2 % clipped at 2 sd,
//   81.2 / 85.8 % at 1.5 sd (ties at the top); rank-normal scores 90.6 / 91.2 % (AUC 0.795), tanh 92.7 / 90.4 %;
// - through the fit (pair level, out-of-fold): ArgKP train 0.652 alone -> 0.768 (meaning only) / 0.786 (both views),
//   top-4 share 84.4 % -> 87.5 % / 89.6 %; so both views, although dev reads 0.700 / 75.0 % with meaning only.
// Dev read afterwards, argument level: 0.619 / 0.662 / 0.702 (raw |diff|, centred product, smoothed by meaning).
// Left out: the smoothed logits fed into the unchanged opposed head (dev 0.624: its other features swamp them);
// members of up to 4 sentences (train out-of-fold ArgKP 0.770, FNC-1 re-read 0.736 against 0.764 alone) or 2
// (0.771 / 0.742) instead of 1 (0.768 / 0.745, meaning only); the discussion head fitted on FNC-1 and ArgKP together
// with 4-sentence members (FNC-1 train re-read 0.712) or on ArgKP alone (FNC-1 0.592); FNC-1 scored with each body and
// its headlines as one discussion (train out-of-fold 0.764 alone against 0.592-0.745 re-read, so eval scores it
// alone); articles' sentences as members in /viewpoints (it turned the seed pair's shared visit into a clash). The
// "discussion's mean meaning as the implicit topic" idea is this centring: the head is linear in the vector, so
// reading v - mean(v) shifts every logit of a discussion alike.
// Shipped 2026-12-01 (plain fit): the evaluation head's gap and product join the opposed head; ArgKP dev
// opposite-stance AUC 0.563 -> 0.626, FNC-1 held-out 0.764 -> 0.755, top-4 share 62.5 % -> 68.8 %, key-point mAP
// 0.758/0.839 unchanged (the same-point heads are as before). Fits with the head and left out (evaluation head L2 0.3):
// STANCE_L2 0.003 / 0.01 / 0.03: ArgKP 0.626 / 0.629 / 0.632, FNC-1 0.754 / 0.755 / 0.750, and at 0.01 and 0.03 a false
// model-alone clash on the seed pair takes the visit out of "What they share"; STANCE_ARG_WEIGHT 2 / 0.5: ArgKP
// 0.637 / 0.614, FNC-1 0.719 / 0.780, top-4 62.5 % / 56.2 %; the per-dimension products learnt from FNC-1 alone
// (ArgKP pairs held at FNC-1's mean there): ArgKP 0.528, FNC-1 0.728; two-stem word features (floor 4 / 8 train
// topics): ArgKP 0.628 / 0.636, FNC-1 0.762 / 0.764 but no gain leave-topics-out (0.674-0.679 against 0.679 without),
// 2-4x the file; valence shifters ("reduces crime" as ~less_negative): learnt the expected signs, ArgKP 0.627;
// each train topic's features centred in the evaluation head (EVAL_CENTER=1): leave-topics-out 0.680 against 0.679,
// a tie, so left out (dev: ArgKP 0.629, top-4 75.0 %, FNC-1 0.756).
//
// Measured 2026-12-01 before the evaluation head and left out (ArgKP dev opposite-stance AUC stays near 0.56-0.62):
// - L2 0.1 / 1.0 instead of 0.01: ArgKP 0.570 / 0.567, FNC-1 held-out 0.743 / 0.676 (0.768 at 0.01);
// - the opposed head without the per-dimension block (cues + cosine only): FNC-1 0.561, ArgKP 0.567;
// - a rank-1/2/8 symmetric bilinear score sum_k (w_k.u)(w_k.v) fitted on ArgKP train pairs: dev 0.569 / 0.617 / 0.601 after
//   one epoch, falling as train rises to 0.83: what it learns is topic-specific;
// - the same-point head with the per-dimension block: key-point mAP strict 0.642 against 0.758 without it.
var mode = args.Length > 0 ? args[0] : "fit";
var corpora = args.Length > 1 ? args[1] : "../shared/corpora";
var cacheDir = args.Length > 2 ? args[2] : Environment.GetEnvironmentVariable("SEMANTICS_CACHE") ?? "/work/cache-semantics";
if (mode == "lexicon")
{
    // lexicon [corpus.jsonl] [min count]: the stem collisions of the tone and axis words (LexiconAudit.cs); no encoder.
    LexiconAudit.Run(args.Length > 1 ? args[1] : "../shared/corpora/bbc-summary-dev.jsonl", args.Length > 2 ? int.Parse(args[2]) : 3);
    return 0;
}
using var encoder = new CachedSentenceEncoder(new MiniLmSentenceEncoder(new EncoderOptions()), Path.Combine(cacheDir, "minilm.bin"));
Console.WriteLine($"cache: {encoder.Cached} vectors");
var watch = Stopwatch.StartNew();
switch (mode)
{
    case "encode":
        void Encode(string what, IEnumerable<string> texts)
        {
            var list = texts.Distinct().ToList();
            for (var i = 0; i < list.Count; i += 512)
            {
                encoder.Encode(list.Skip(i).Take(512).ToList());
                Console.WriteLine($"{what}: {Math.Min(list.Count, i + 512)}/{list.Count} ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }
        var kp = Corpus.ArgKp(corpora, "train").Concat(Corpus.ArgKp(corpora, "dev")).ToList();
        Encode("argkp", kp.SelectMany(a => ViewpointAnalyzer.EncodingPlan(null, a.Text)));
        var fnc = Corpus.Fnc(corpora).ToList();
        Encode("fnc headlines", fnc.Select(f => f.Headline).Distinct().SelectMany(h => ViewpointAnalyzer.EncodingPlan(null, h)));
        Encode("fnc bodies", fnc.Where(f => f.Stance != "unrelated").Select(f => f.Body).Distinct().SelectMany(b => ViewpointAnalyzer.EncodingPlan(null, b)));
        foreach (var file in new[] { "allsides-val.jsonl", "allsides-labeled-dev.jsonl", "allsides-train.jsonl" })
        {
            Encode(file, Corpus.AllSides(Path.Combine(corpora, file)).SelectMany(a => ViewpointAnalyzer.EncodingPlan(a.Title, a.Text, 4)));
        }
        break;
    case "show":
        // The viewpoints report of the seed pair (or of the files named after the cache dir), compared by meaning.
        var files = args.Length > 3 ? args[3..] : Directory.GetFiles(Path.Combine(corpora, "seeds"), "*.txt").Order().ToArray();
        var texts = files.Select((f, i) =>
        {
            var lines = File.ReadAllLines(f);
            var body = string.Join("\n", lines.Skip(1));
            return new SourceText($"source{i + 1}", null, $"{i + 1}", lines[0], body, StanceFitting.Vectors(encoder, lines[0], body, 48));
        }).ToList();
        // STANCE_MODEL=file: a fitted model other than the shipped one (to compare candidates on the seed pair).
        var candidate = Environment.GetEnvironmentVariable("STANCE_MODEL") is { } modelFile ? JsonSerializer.Deserialize<StanceModel>(File.ReadAllText(modelFile), StanceModel.Json) : null;
        var report = new ViewpointAnalyzer(new ViewpointOptions { Stance = candidate }).Analyze(texts);
        var lexical = new ViewpointAnalyzer().Analyze(texts.Select(t => t with { Vectors = null }).ToList());
        foreach (var c in lexical.Clashes.Take(4)) Console.WriteLine($"LEXICAL CLASH {c.Score} [{c.Subject}] ({c.Reason})\n   {c.First.SourceName}: {c.First.Text}\n   {c.Second.SourceName}: {c.Second.Text}");
        if (Environment.GetEnvironmentVariable("SHOW_PAIRS") is { } needle)
        {
            var built = new ViewpointAnalyzer().Build(texts);
            var stance = candidate ?? StanceModel.Default!;
            foreach (var a in built.Items.Where(i => i.Source == 0 && i.Sentence.Text.Contains(needle)))
            foreach (var b in built.Items.Where(i => i.Source == 1 && i.Sentence.Text.Contains(needle)))
            {
                var (x, sem) = PairScorer.Features(built, a, b, PairScorer.Evaluation(stance.Evaluation, a, true), PairScorer.Evaluation(stance.Evaluation, b, true));
                var (same, opp) = stance.Score(x, sem);
                var f = ViewpointAnalyzer.Features(built, a, b, out _);
                Console.WriteLine($"PAIR same {same:F2} opp {opp:F2} cos {DiscussionBot.TextAnalysis.Semantics.VectorMath.Dot(a.Meaning, b.Meaning):F2} axes {f.Axes} neg {f.NegatedPredicate} tone {f.Tone} lex {ViewpointAnalyzer.Score(built, a, b, ViewpointAnalyzer.ClashWeights.Default).Score:F3}\n  {a.Sentence.Text[..Math.Min(120, a.Sentence.Text.Length)]}\n  {b.Sentence.Text[..Math.Min(120, b.Sentence.Text.Length)]}");
            }
        }
        Console.WriteLine($"by meaning: {report.ByMeaning}");
        foreach (var p in report.Shared) Console.WriteLine($"SHARED {p.Score} [{string.Join(",", p.Sources)}]\n   " + string.Join("\n   ", p.Sentences.Select(x => x.SourceName + ": " + x.Text)));
        foreach (var c in report.Clashes) Console.WriteLine($"CLASH {c.Score} [{c.Subject}] ({c.Reason})\n   {c.First.SourceName}: {c.First.Text}\n   {c.Second.SourceName}: {c.Second.Text}");
        break;
    case "clashes":
        // clashes FROM TO [labels]: the flagged clashes of allsides-labeled-dev rows FROM..TO against hand labels (ClashReading.cs).
        ClashReading.Run(corpora, encoder, int.Parse(args[3]), int.Parse(args[4]), args.Length > 5 ? args[5] : "tools/StanceFit/clash-labels-dev.tsv");
        break;
    case "bilinear":
        Bilinear.Run(corpora, encoder, int.Parse(Environment.GetEnvironmentVariable("RANK") ?? "8"));
        break;
    case "evaluation":
        EvaluationFitting.Run(corpora, encoder);
        break;
    case "discussion":
        DiscussionFitting.Run(corpora, encoder);
        break;
    case "members":
        MemberFitting.Run(corpora, encoder);
        break;
    case "fit":
        StanceFitting.Fit(corpora, encoder);
        break;
    default:
        Console.Error.WriteLine("usage: StanceFit <encode|fit> [corpora] [cache]");
        return 2;
}
Console.WriteLine($"done in {watch.Elapsed.TotalSeconds:F0} s, cache {encoder.Cached} vectors");
return 0;

static class Corpus
{
    public sealed record Argument(string Id, string Text, string Topic, int Stance);
    public sealed record FncPair(string Headline, int BodyId, string Body, string Stance);
    public sealed record Take(string Story, string Id, string? Title, string Text);

    public static IEnumerable<string[]> Csv(string path)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { HasHeader = false });
        foreach (var row in reader)
        {
            yield return row.ToArray();
        }
    }

    public static IEnumerable<Argument> ArgKp(string corpora, string split, string kind = "arguments") =>
        Csv(Path.Combine(corpora, "argkp-dev", $"{kind}_{split}.csv")).Skip(1).Where(r => r.Length == 4)
            .Select(r => new Argument(r[0], r[1], r[2], int.Parse(r[3])));

    public static IEnumerable<FncPair> Fnc(string corpora)
    {
        var dir = Path.Combine(corpora, "fnc1-train");
        var bodies = Csv(Path.Combine(dir, "train_bodies.csv")).Skip(1).ToDictionary(r => int.Parse(r[0]), r => r[1]);
        foreach (var r in Csv(Path.Combine(dir, "train_stances.csv")).Skip(1).Where(r => r.Length == 3))
        {
            var id = int.Parse(r[1]);
            yield return new FncPair(r[0], id, bodies[id], r[2]);
        }
    }

    public static IEnumerable<Take> AllSides(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var story = doc.RootElement.GetProperty("story").ToString();
            foreach (var a in doc.RootElement.GetProperty("articles").EnumerateArray())
            {
                yield return new Take(story, a.GetProperty("id").ToString(), a.TryGetProperty("title", out var t) ? t.GetString() : null, a.GetProperty("text").GetString() ?? "");
            }
        }
    }
}

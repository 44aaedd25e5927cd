using System.Collections.Frozen;

namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Function-word lists. English is the full list used to weight terms; the others are the most
/// frequent words of each language, enough for <see cref="LanguageDetector"/> to tell them apart.
/// </summary>
public static class Stopwords
{
    public static readonly FrozenSet<string> English = Set("""
        a about above according across actually after afterwards again against ago all almost alone along already also although always am among
        amongst an and another any anybody anyone anything anyway anywhere are aren't around as at back be became because become becomes
        been before beforehand behind being below beside besides between beyond both but by can can't cannot could couldn't did didn't do
        does doesn't doing don't done down during each either else elsewhere enough even ever every everyone everything everywhere few
        for former formerly from further had hadn't has hasn't have haven't having he he'd he'll he's hence her here here's hers herself
        him himself his how how's however i i'd i'll i'm i've if in indeed into is isn't it it's its itself just least less let let's
        like made make many may me meanwhile might mine more moreover most mostly much must mustn't my myself neither never nevertheless
        next no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise ought our ours
        ourselves out over own per perhaps quite rather really said same say says several shall shan't she she'd she'll she's should
        shouldn't since so some somehow someone something sometime sometimes somewhere still such than that that's the their theirs them
        themselves then thence there there's thereafter thereby therefore therein these they they'd they'll they're they've this those
        though through throughout thus to together too toward towards under unless until up upon us very via was wasn't we we'd we'll
        we're we've well were weren't what what's whatever when when's whence whenever where where's whereas wherever whether which while
        whither who who's whoever whole whom whose why why's will with within without won't would wouldn't yet you you'd you'll you're
        you've your yours yourself yourselves s t d ll m re ve also mr mrs ms
        """);

    static readonly FrozenDictionary<string, FrozenSet<string>> Frequent = new Dictionary<string, FrozenSet<string>>
    {
        ["en"] = Set("the and of to a in is that for it was on with as he be at by this have from or had not are but his they were which she an you their her we has been will would there who"),
        ["de"] = Set("der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man"),
        ["fr"] = Set("le la les de des et en un une du est que qui dans pour pas au sur ne se par il ce plus avec sont elle ont mais ou son sa ses aux été nous vous cette leur comme être fait"),
        ["es"] = Set("el la los las de del y en un una que es por con para no se su al lo como más pero sus le ha este esta entre cuando muy sin sobre también fue hay desde todo son está"),
        ["it"] = Set("il lo la gli le di del della dei delle e è un una che per non con si da al alla nel nella sono ma come anche più ha questo questa essere stato perché tra"),
        ["pt"] = Set("o a os as de do da dos das e em um uma que é para com não se por no na mais como mas foi ao ele ela são seu sua também pelo pela já está entre quando muito"),
        ["nl"] = Set("de het een en van in is dat op te zijn met voor niet aan er die ook als bij door maar om naar dan nog wel was werd heeft worden deze hij zij kan"),
        ["sv"] = Set("och i att det som en på är av för med till den har de inte om ett var jag men så han hon vi kan från eller när"),
        ["da"] = Set("og i at det som en på er af for med til den har de ikke om et var jeg men så han hun vi kan fra eller når"),
        ["pl"] = Set("i w na z że do się nie jest to o jak ale po co tak za od przez jego dla są przy jej lub oraz tym który która także"),
        ["tr"] = Set("ve bir bu da de için ile olarak çok daha ne gibi ama olan en kadar sonra her değil var ise veya ki mi o şu"),
        ["id"] = Set("yang dan di ke dari ini itu dengan untuk tidak dalam akan pada juga ada adalah oleh karena atau bisa sudah mereka kami"),
    }.ToFrozenDictionary();

    /// <summary>Whether a lower-cased token is an English function word (or a bare number).</summary>
    public static bool IsStopword(string token) => English.Contains(token);

    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishBySpan = English.GetAlternateLookup<ReadOnlySpan<char>>();

    internal static bool IsStopword(ReadOnlySpan<char> token) => EnglishBySpan.Contains(token);

    /// <summary>The frequent-word list of a language (ISO 639-1 code), or an empty set.</summary>
    public static IReadOnlySet<string> For(string languageCode) =>
        Frequent.TryGetValue(languageCode, out var set) ? set : FrozenSet<string>.Empty;

    internal static IEnumerable<KeyValuePair<string, FrozenSet<string>>> FrequentLists => Frequent;

    static FrozenSet<string> Set(string words) =>
        words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);
}

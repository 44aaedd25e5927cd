namespace DiscussionBot.Testing;

/// <summary>Sentences written for the stance tests (not corpus text).</summary>
public static class StanceFixtures
{
    /// <summary>Twelve one-sentence arguments on school uniforms: the first six for them, the last six against.</summary>
    public static readonly string[] UniformArguments =
    [
        "School uniforms reduce bullying because every child looks the same.",
        "Uniforms make poorer children less visible and so reduce bullying.",
        "A school uniform builds a sense of belonging to the school.",
        "Uniforms save parents money on expensive fashionable clothes.",
        "Uniforms help teachers spot strangers on the school grounds.",
        "Wearing a uniform prepares pupils for dress codes at work.",
        "School uniforms do not stop bullying and they limit how children express themselves.",
        "Uniforms are expensive for families who must buy several sets each year.",
        "Children should be free to choose their own clothes at school.",
        "A uniform suppresses individuality and creativity in young people.",
        "Uniforms are uncomfortable and distract pupils from learning.",
        "There is no evidence that uniforms improve grades or behaviour.",
    ];
}

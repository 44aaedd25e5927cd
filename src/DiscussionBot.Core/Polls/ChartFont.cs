using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace DiscussionBot.Core.Polls;

/// <summary>
/// The charts' own font: DejaVu Sans (regular and bold, Bitstream Vera license, Polls/Fonts/LICENSE), embedded in this
/// assembly, so a chart has readable labels on a machine or container image without any fonts installed. ScottPlot
/// asks its font resolvers in turn; this one answers for <see cref="Family"/> with the typefaces read from our bytes.
/// </summary>
public sealed class ChartFont : IFontResolver
{
    /// <summary>The family the charts ask for: a name of our own, so no system font can stand in for it.</summary>
    public const string Family = "DiscussionBot Sans";

    internal const string RegularResource = "DiscussionBot.Fonts.DejaVuSans.ttf";
    internal const string BoldResource = "DiscussionBot.Fonts.DejaVuSans-Bold.ttf";

    private static readonly Lazy<ChartFont> Registered = new(() =>
    {
        var font = new ChartFont();
        Fonts.FontResolvers.Insert(0, font);
        return font;
    });

    private ChartFont()
    {
        Regular = Load(RegularResource);
        Bold = Load(BoldResource);
    }

    internal SKTypeface Regular { get; }

    internal SKTypeface Bold { get; }

    /// <summary>Registers the font with ScottPlot once per process.</summary>
    public static ChartFont Ensure() => Registered.Value;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        fontName == Family ? (weight >= FontWeight.SemiBold ? Bold : Regular) : null;

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        fontName == Family ? (bold ? Bold : Regular) : null;

    internal static byte[] Bytes(string resource)
    {
        using var stream = typeof(ChartFont).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The chart font {resource} is missing from {typeof(ChartFont).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static SKTypeface Load(string resource) =>
        SKTypeface.FromData(SKData.CreateCopy(Bytes(resource)))
            ?? throw new InvalidOperationException($"The chart font {resource} could not be read.");
}

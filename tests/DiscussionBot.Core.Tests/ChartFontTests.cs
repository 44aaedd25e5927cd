using System.Security.Cryptography;
using DiscussionBot.Core.Polls;
using ScottPlot;
using SkiaSharp;

namespace DiscussionBot.Core.Tests;

public sealed class ChartFontTests
{
    [Fact]
    public void Every_label_of_a_chart_asks_for_our_own_font_family()
    {
        using var plot = Charts.Plot("Should the tower be built?", ["yes", "no", "not sure"], [3, 2, 1]);

        Assert.Equal(ChartFont.Family, plot.Axes.Title.Label.FontName);
        Assert.Equal(ChartFont.Family, plot.Axes.Bottom.TickLabelStyle.FontName);
        Assert.Equal(ChartFont.Family, plot.Axes.Left.TickLabelStyle.FontName);
        Assert.Equal(ChartFont.Family, plot.Axes.Left.Label.FontName);
        var bars = Assert.Single(plot.GetPlottables<ScottPlot.Plottables.BarPlot>());
        Assert.Equal(ChartFont.Family, bars.ValueLabelStyle.FontName);
    }

    [Theory]
    [InlineData(false, ChartFont.RegularResource)]
    [InlineData(true, ChartFont.BoldResource)]
    public void The_typeface_ScottPlot_draws_with_is_read_from_the_font_file_inside_our_assembly(bool bold, string resource)
    {
        ChartFont.Ensure();

        var typeface = Fonts.GetTypeface(ChartFont.Family, bold, italic: false);

        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        Assert.Equal(bold, typeface.IsBold);
        Assert.Equal(SHA256.HashData(ChartFont.Bytes(resource)), SHA256.HashData(FontData(typeface)));
    }

    [Fact]
    public void A_rendered_chart_has_lettering_in_its_title_and_under_its_bars()
    {
        var png = Charts.Bars("Should the tower be built?", ["yes", "no", "not sure"], [3, 2, 1]);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(800, bitmap.Width);
        Assert.Equal(480, bitmap.Height);
        // The title sits in the top band and the option labels in the bottom one: both hold dark glyph pixels.
        Assert.True(DarkPixels(bitmap, top: 0, bottom: 40) > 200, "no title lettering");
        Assert.True(DarkPixels(bitmap, top: bitmap.Height - 45, bottom: bitmap.Height) > 100, "no option labels");
    }

    private static int DarkPixels(SKBitmap bitmap, int top, int bottom)
    {
        var dark = 0;
        for (var y = top; y < bottom; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 100 && c.Green < 100 && c.Blue < 100)
                {
                    dark++;
                }
            }
        }
        return dark;
    }

    private static byte[] FontData(SKTypeface typeface)
    {
        using var stream = typeface.OpenStream(out _);
        var data = new byte[stream.Length];
        Assert.Equal(data.Length, stream.Read(data, data.Length));
        return data;
    }
}

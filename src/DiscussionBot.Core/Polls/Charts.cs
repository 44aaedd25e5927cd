using ScottPlot;

namespace DiscussionBot.Core.Polls;

/// <summary>Bar charts as PNG images (ScottPlot renders headless through SkiaSharp), lettered in our own font
/// (<see cref="ChartFont"/>), whatever fonts the machine has.</summary>
public static class Charts
{
    public static byte[] Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueLabel = "votes")
    {
        using var plot = Plot(title, labels, values, valueLabel);
        return plot.GetImageBytes(800, 480, ImageFormat.Png);
    }

    /// <summary>The chart before rendering (tests look at which fonts its labels ask for).</summary>
    internal static Plot Plot(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueLabel = "votes")
    {
        ChartFont.Ensure();
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < values.Count; i++)
        {
            bars.Add(new Bar
            {
                Position = i,
                Value = values[i],
                FillColor = Colors.Category10[i % 10],
                Label = values[i].ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(),
            labels.Select(l => l.Length > 24 ? l[..23] + "…" : l).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = labels.Count > 4 ? 30 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = labels.Count > 4 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.YLabel(valueLabel);
        plot.Title(title.Length > 70 ? title[..69] + "…" : title);
        // Last, so the bar value labels and the ticks set above get it too.
        plot.Font.Set(ChartFont.Family);
        series.ValueLabelStyle.FontName = ChartFont.Family;
        plot.Axes.Title.Label.FontName = ChartFont.Family;
        plot.Axes.Title.Label.Bold = true;
        return plot;
    }
}

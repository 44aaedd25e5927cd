using ScottPlot;

namespace DiscussionBot.Core.Insight;

/// <summary>Grouped bar charts (several series side by side per category) as PNG images, drawn with ScottPlot the way
/// <see cref="Polls.Charts.Bars"/> draws single series.</summary>
public static class InsightCharts
{
    public static byte[] GroupedBars(string title, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, string valueLabel)
    {
        var plot = new Plot();
        var width = 0.8 / Math.Max(1, series.Count);
        for (var s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (var i = 0; i < categories.Count; i++)
            {
                var value = i < series[s].Values.Count ? series[s].Values[i] : 0;
                bars.Add(new Bar
                {
                    Position = i - 0.4 + width * (s + 0.5),
                    Value = value,
                    Size = width * 0.95,
                    FillColor = Colors.Category10[s % 10],
                    Label = value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
            var added = plot.Add.Bars(bars);
            added.LegendText = series[s].Name;
            added.ValueLabelStyle.FontSize = 12;
        }
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(),
            categories.Select(l => l.Length > 24 ? l[..23] + "…" : l).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = categories.Count > 4 ? 30 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = categories.Count > 4 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.YLabel(valueLabel);
        plot.Title(title.Length > 70 ? title[..69] + "…" : title);
        if (series.Count > 1)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }
        return plot.GetImageBytes(800, 480, ImageFormat.Png);
    }
}

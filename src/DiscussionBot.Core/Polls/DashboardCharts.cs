using DiscussionBot.Core.Chat;
using ScottPlot;

namespace DiscussionBot.Core.Polls;

/// <summary>The dashboard's charts beside <see cref="Charts.Bars"/> (which it uses for poll results, as <c>/results</c> does):
/// lines over time and a heat map, as PNG images rendered headless by ScottPlot.</summary>
public static class DashboardCharts
{
    /// <summary>One line per series over shared time points (step lines: a count holds until the next event).</summary>
    public static byte[] Lines(string title, IReadOnlyList<DateTimeOffset> times, IReadOnlyList<(string Label, IReadOnlyList<double> Values)> series, string valueLabel, bool steps = true)
    {
        var plot = new Plot();
        var xs = times.Select(t => t.UtcDateTime.ToOADate()).ToArray();
        for (var i = 0; i < series.Count; i++)
        {
            var line = plot.Add.Scatter(xs, series[i].Values.ToArray());
            line.LegendText = Shortening.Shorten(series[i].Label, 30);
            line.Color = Colors.Category10[i % 10];
            line.LineWidth = 2;
            line.MarkerSize = xs.Length > 60 ? 0 : 4;
            line.ConnectStyle = steps ? ConnectStyle.StepHorizontal : ConnectStyle.Straight;
        }
        plot.Axes.DateTimeTicksBottom();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.YLabel(valueLabel);
        plot.Title(Shortening.Shorten(title, 70));
        if (series.Count > 1)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }
        return plot.GetImageBytes(800, 400, ImageFormat.Png);
    }

    /// <summary>A heat map: <paramref name="values"/>[row, column], rows and columns labelled.</summary>
    public static byte[] Heatmap(string title, IReadOnlyList<string> rows, IReadOnlyList<string> columns, double[,] values)
    {
        var plot = new Plot();
        if (rows.Count > 0 && columns.Count > 0)
        {
            var map = plot.Add.Heatmap(values);
            // Light for few, dark for many, from zero: one reaction in one cell is not "the most" of anything.
            map.Colormap = new ScottPlot.Colormaps.Matter();
            var max = values.Cast<double>().DefaultIfEmpty(0).Max();
            map.ManualRange = new ScottPlot.Range(0, Math.Max(1, max));
            plot.Add.ColorBar(map);
            for (var i = 0; i < rows.Count; i++)
            {
                for (var j = 0; j < columns.Count; j++)
                {
                    var label = plot.Add.Text(values[i, j].ToString("0", System.Globalization.CultureInfo.InvariantCulture), j, rows.Count - 1 - i);
                    label.LabelAlignment = Alignment.MiddleCenter;
                    label.LabelFontSize = 14;
                    label.LabelFontColor = Colors.Black;
                    label.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
                }
            }
            // Row 0 is drawn at the top, as in the page's table.
            plot.Axes.Left.SetTicks(Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i)).ToArray(), rows.Select(r => Shortening.Shorten(r, 28)).ToArray());
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns.Count).Select(i => (double)i).ToArray(), columns.Select(c => Shortening.Shorten(c, 20)).ToArray());
            plot.Axes.Bottom.TickLabelStyle.Rotation = columns.Count > 3 ? 30 : 0;
            plot.Axes.Bottom.TickLabelStyle.Alignment = columns.Count > 3 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        }
        plot.Title(Shortening.Shorten(title, 70));
        var height = Math.Clamp(160 + 36 * rows.Count, 300, 1200);
        return plot.GetImageBytes(900, height, ImageFormat.Png);
    }

}

using System.Globalization;
using System.Text;

namespace RetailCommerce.Modules.Insights.Charts;

/// <summary>One day's value in a chart.</summary>
public sealed record ChartPoint(DateOnly Day, decimal Value);

/// <summary>How the series is drawn.</summary>
public enum ChartStyle
{
    /// <summary>One bar per day (counts).</summary>
    Bars,
    /// <summary>A line through the days (trends such as revenue).</summary>
    Line,
}

/// <summary>
/// Turns a daily series into a self-contained SVG chart (axes, value gridlines, day labels, title) for the
/// server-rendered admin: no script, no chart library, readable by screen readers through its title and
/// description. Pure: the same series always gives the same markup, so it is unit-tested as text.
/// </summary>
public sealed class InsightsChart
{
    private const int Left = 76, Right = 16, Top = 32, Bottom = 36;
    private const int MaxDayLabels = 7;

    /// <summary>Chart title (also the accessible name).</summary>
    public required string Title { get; init; }

    /// <summary>Bars or a line.</summary>
    public ChartStyle Style { get; init; } = ChartStyle.Bars;

    /// <summary>Drawing width in SVG units (the chart scales to its container).</summary>
    public int Width { get; init; } = 640;

    /// <summary>Drawing height in SVG units.</summary>
    public int Height { get; init; } = 240;

    /// <summary>Decimal places shown on the value axis (0 for counts, 2 for money).</summary>
    public int Decimals { get; init; }

    /// <summary>The SVG markup for the series (days in the given order).</summary>
    public string Render(IReadOnlyList<ChartPoint> points)
    {
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var (axisMax, step) = ValueAxis(points.Count == 0 ? 0m : points.Max(p => p.Value));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" role="img" aria-labelledby="chart-title chart-desc" class="insights-chart">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="chart-title">{Escape(Title)}</title>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<desc id="chart-desc">{Escape(Describe(points))}</desc>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="18" class="chart-title">{Escape(Title)}</text>""");

        // Value axis: gridlines at each step, labelled on the left.
        for (var v = 0m; v <= axisMax; v += step)
        {
            var y = Top + plotHeight - (double)(v / axisMax) * plotHeight;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Num(y)}" x2="{Left + plotWidth}" y2="{Num(y)}" class="grid" stroke="#e5e7eb"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{Num(y + 4)}" text-anchor="end" class="tick">{Escape(v.ToString("N" + Decimals, CultureInfo.InvariantCulture))}</text>""");
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Top}" x2="{Left}" y2="{Top + plotHeight}" class="axis" stroke="#6b7280"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Top + plotHeight}" x2="{Left + plotWidth}" y2="{Top + plotHeight}" class="axis" stroke="#6b7280"/>""");

        if (points.Count > 0)
        {
            var slot = (double)plotWidth / points.Count;
            double X(int i) => Left + slot * (i + 0.5);
            double Y(decimal value) => Top + plotHeight - (double)(value / axisMax) * plotHeight;
            if (Style == ChartStyle.Bars)
            {
                var barWidth = Math.Max(1, slot * 0.7);
                for (var i = 0; i < points.Count; i++)
                {
                    var y = Y(points[i].Value);
                    svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Num(X(i) - barWidth / 2)}" y="{Num(y)}" width="{Num(barWidth)}" height="{Num(Top + plotHeight - y)}" class="bar" fill="#2563eb"><title>{Escape(PointLabel(points[i]))}</title></rect>""");
                }
            }
            else
            {
                var path = string.Join(" ", points.Select((p, i) => $"{Num(X(i))},{Num(Y(p.Value))}"));
                svg.Append(CultureInfo.InvariantCulture, $"""<polyline points="{path}" class="line" fill="none" stroke="#2563eb" stroke-width="2"/>""");
                for (var i = 0; i < points.Count; i++)
                    svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{Num(X(i))}" cy="{Num(Y(points[i].Value))}" r="2.5" class="point" fill="#2563eb"><title>{Escape(PointLabel(points[i]))}</title></circle>""");
            }

            // Day axis: at most MaxDayLabels evenly spread labels, always the first and the last day.
            foreach (var i in LabelledDays(points.Count))
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Num(X(i))}" y="{Top + plotHeight + 16}" text-anchor="middle" class="tick">{Escape(points[i].Day.ToString("MMM d", CultureInfo.InvariantCulture))}</text>""");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// The value axis' top and gridline step: a "nice" step (1, 2 or 5 × 10ⁿ) giving about four gridlines,
    /// and a top of at least one step, so an empty series still draws a scale.
    /// </summary>
    public static (decimal Max, decimal Step) ValueAxis(decimal largest)
    {
        if (largest <= 0) return (1m, 1m);
        var rough = (double)largest / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = (decimal)(new[] { 1d, 2d, 5d, 10d }.Select(f => f * magnitude).First(s => s >= rough));
        var max = Math.Ceiling(largest / step) * step;
        return (max, step);
    }

    /// <summary>Indexes of the days that get a label.</summary>
    public static IReadOnlyList<int> LabelledDays(int count)
    {
        if (count <= MaxDayLabels) return Enumerable.Range(0, count).ToList();
        var every = (int)Math.Ceiling((count - 1) / (double)(MaxDayLabels - 1));
        var labels = Enumerable.Range(0, count).Where(i => i % every == 0).ToList();
        // The last day is always labelled; drop the regular label just before it when the two would touch.
        if (labels[^1] != count - 1)
        {
            if (count - 1 - labels[^1] < every / 2.0) labels.RemoveAt(labels.Count - 1);
            labels.Add(count - 1);
        }
        return labels;
    }

    private string PointLabel(ChartPoint p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Day:yyyy-MM-dd}: {p.Value.ToString("N" + Decimals, CultureInfo.InvariantCulture)}");

    private string Describe(IReadOnlyList<ChartPoint> points) => points.Count == 0
        ? "No days."
        : string.Create(CultureInfo.InvariantCulture, $"{points.Count} days from {points[0].Day:yyyy-MM-dd} to {points[^1].Day:yyyy-MM-dd}; total {points.Sum(p => p.Value).ToString("N" + Decimals, CultureInfo.InvariantCulture)}, highest {points.Max(p => p.Value).ToString("N" + Decimals, CultureInfo.InvariantCulture)}.");

    private static string Num(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Text as XML character data or attribute value.</summary>
    public static string Escape(string text) => text
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&apos;");
}

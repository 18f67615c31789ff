using System.Xml.Linq;
using RetailCommerce.Modules.Insights.Charts;

namespace RetailCommerce.Modules.Insights.Tests;

public sealed class InsightsChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static List<ChartPoint> Days(params decimal[] values) =>
        values.Select((v, i) => new ChartPoint(new DateOnly(2025, 3, 1).AddDays(i), v)).ToList();

    [Fact]
    public void Bars_draw_one_rect_per_day_scaled_to_the_value_axis()
    {
        var svg = XDocument.Parse(new InsightsChart { Title = "Sessions" }.Render(Days(10, 0, 35, 20)));
        var bars = svg.Descendants(Svg + "rect").ToList();
        Assert.Equal(4, bars.Count);
        // The axis tops out at 40 (step 10): the 35 bar is 7/8 of the 172-unit plot, the empty day has no height.
        Assert.Equal(172 * 35 / 40.0, double.Parse(bars[2].Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture), 1);
        Assert.Equal("0", bars[1].Attribute("height")!.Value);
        Assert.Equal("2025-03-03: 35", bars[2].Element(Svg + "title")!.Value);
        Assert.Equal(["0", "10", "20", "30", "40"], svg.Descendants(Svg + "text").Where(t => t.Attribute("text-anchor")?.Value == "end").Select(t => t.Value));
        Assert.Equal(["Mar 1", "Mar 2", "Mar 3", "Mar 4"], svg.Descendants(Svg + "text").Where(t => t.Attribute("text-anchor")?.Value == "middle").Select(t => t.Value));
    }

    [Fact]
    public void A_line_joins_the_days_and_labels_money_with_decimals()
    {
        var svg = XDocument.Parse(new InsightsChart { Title = "Revenue", Style = ChartStyle.Line, Decimals = 2 }.Render(Days(12.5m, 99.99m, 0m)));
        var line = Assert.Single(svg.Descendants(Svg + "polyline"));
        Assert.Equal(3, line.Attribute("points")!.Value.Split(' ').Length);
        Assert.Equal(3, svg.Descendants(Svg + "circle").Count());
        Assert.Contains("2025-03-02: 99.99", svg.Descendants(Svg + "circle").Select(c => c.Element(Svg + "title")!.Value));
        Assert.Contains("100.00", svg.Descendants(Svg + "text").Select(t => t.Value));
    }

    [Fact]
    public void Text_is_escaped_so_the_markup_stays_well_formed()
    {
        var markup = new InsightsChart { Title = "Sales <Q1> & \"more\"" }.Render(Days(1));
        var svg = XDocument.Parse(markup);
        Assert.Equal("Sales <Q1> & \"more\"", svg.Root!.Element(Svg + "title")!.Value);
        Assert.DoesNotContain("<Q1>", markup);
    }

    [Fact]
    public void An_empty_series_still_draws_axes_and_says_so()
    {
        var svg = XDocument.Parse(new InsightsChart { Title = "Orders" }.Render([]));
        Assert.Equal("No days.", svg.Root!.Element(Svg + "desc")!.Value);
        Assert.Equal(2, svg.Descendants(Svg + "line").Count(l => l.Attribute("class")?.Value == "axis"));
        Assert.Empty(svg.Descendants(Svg + "rect"));
    }

    [Fact]
    public void A_long_series_labels_at_most_seven_days_including_the_first_and_last()
    {
        var labels = InsightsChart.LabelledDays(366);
        Assert.InRange(labels.Count, 2, 7);
        Assert.Equal(0, labels[0]);
        Assert.Equal(365, labels[^1]);
        Assert.Equal(labels.Order(), labels);
        Assert.Equal([0, 1, 2], InsightsChart.LabelledDays(3));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(7, 8, 2)]
    [InlineData(35, 40, 10)]
    [InlineData(1234, 1500, 500)]
    [InlineData(0.3, 0.3, 0.1)]
    public void The_value_axis_uses_nice_steps(double largest, double max, double step) =>
        Assert.Equal(((decimal)max, (decimal)step), InsightsChart.ValueAxis((decimal)largest));
}

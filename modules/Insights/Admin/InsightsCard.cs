using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Modules.Insights.Charts;
using RetailCommerce.Modules.Insights.Reporting;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Admin;

/// <summary>What the dashboard card shows: the last 30 days' report and its charts as SVG markup.</summary>
public sealed record InsightsCardModel(InsightsReport Report, string SessionsChart, string RevenueChart);

/// <summary>
/// The admin dashboard card: the last <see cref="Days"/> days' totals and two server-rendered charts. The days
/// end at the store's own clock (its latest event, <see cref="StoreActivity"/>), so a shop whose history was
/// loaded today still shows its own last month rather than an empty one.
/// </summary>
public sealed class InsightsCard(InsightsReader reader, StoreSessions sessions, TimeProvider clock) : ViewComponent
{
    /// <summary>Days covered by the card.</summary>
    public const int Days = 30;

    /// <summary>Renders the card for a store (the admin shell passes the managed store's id).</summary>
    public async Task<IViewComponentResult> InvokeAsync(string storeId)
    {
        var ct = HttpContext?.RequestAborted ?? CancellationToken.None;
        await using var session = sessions.Read(storeId);
        var lastDay = DateOnly.FromDateTime((await session.LatestEventAtAsync(ct) ?? clock.GetUtcNow()).UtcDateTime);
        var report = await reader.ReportAsync(storeId, ReportingPeriod.Ending(lastDay, Days), ct);
        var sessionsChart = new InsightsChart { Title = "Sessions per day" }
            .Render(report.Daily.Select(d => new ChartPoint(d.Day, d.Sessions)).ToList());
        var revenueChart = new InsightsChart { Title = "Revenue per day", Style = ChartStyle.Line, Decimals = 2 }
            .Render(report.Daily.Select(d => new ChartPoint(d.Day, d.Revenue)).ToList());
        return View(new InsightsCardModel(report, sessionsChart, revenueChart));
    }
}

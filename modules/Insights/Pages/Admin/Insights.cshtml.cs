using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Admin;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Insights.Charts;
using RetailCommerce.Modules.Insights.Reporting;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Pages.Admin;

/// <summary>The Insights dashboard: KPIs, funnel, daily charts, top products and searches for a chosen range of days.</summary>
public sealed class InsightsPageModel(InsightsReader reader, StoreSessions sessions) : AdminPage
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public InsightsReport? Report { get; private set; }
    public IReadOnlyList<TopProduct> TopProducts { get; private set; } = [];
    public IReadOnlyList<TopSearch> TopSearches { get; private set; } = [];
    public string SessionsChart { get; private set; } = "";
    public string RevenueChart { get; private set; } = "";
    public string? InputProblem { get; private set; }

    public async Task OnGetAsync()
    {
        if (CurrentStore is null) return;
        var ct = HttpContext.RequestAborted;
        // Default: the 30 days up to the store's own latest event (a store loaded today shows its own last month).
        await using (var session = sessions.Read(StoreId))
        {
            var lastDay = DateOnly.FromDateTime((await session.LatestEventAtAsync(ct) ?? DateTimeOffset.UtcNow).UtcDateTime);
            To ??= lastDay;
            From ??= To.Value.AddDays(-29);
        }
        ReportingPeriod period;
        try { period = ReportingPeriod.Of(From!.Value, To!.Value); }
        catch (RetailError e) { InputProblem = e.Message; return; }

        Report = await reader.ReportAsync(StoreId, period, ct);
        TopProducts = await reader.TopProductsAsync(StoreId, period, ProductRanking.Revenue, 10, ct);
        TopSearches = await reader.TopSearchesAsync(StoreId, period, 10, ct);
        SessionsChart = new InsightsChart { Title = "Sessions per day" }.Render(Report.Daily.Select(d => new ChartPoint(d.Day, d.Sessions)).ToList());
        RevenueChart = new InsightsChart { Title = "Revenue per day", Style = ChartStyle.Line, Decimals = 2 }
            .Render(Report.Daily.Select(d => new ChartPoint(d.Day, d.Revenue)).ToList());
    }
}

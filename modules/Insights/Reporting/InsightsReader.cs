using Marten;
using RetailCommerce.Catalog;
using RetailCommerce.Modules.Insights.Projections;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Reporting;

/// <summary>
/// Reads a store's KPIs for a period from the Insights projections. Per-day counters are loaded as
/// documents; distinct counts (sessions, visitors, orders) and rankings are counted by PostgreSQL over the
/// per-day fact documents, so a year of a busy shop is a handful of grouped queries, not thousands of documents.
/// </summary>
public sealed class InsightsReader(StoreSessions sessions, ProductCatalog catalog)
{
    /// <summary>The most rows a ranking may return.</summary>
    public const int MaxRankingSize = 100;

    /// <summary>Totals, funnel and the daily series (one point per day, zeros for quiet days).</summary>
    public async Task<InsightsReport> ReportAsync(string storeId, ReportingPeriod period, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var sql = new InsightsSql(session);

        var counters = (await session.Query<StoreDay>()
                .Where(d => d.Day >= period.From && d.Day <= period.To)
                .ToListAsync(ct))
            .ToDictionary(d => d.Day);
        var funnels = (await sql.SessionFunnelByDayAsync(period, ct)).ToDictionary(r => r.Day, r => r.Counts);
        var visitors = (await sql.CountByDayAsync(ShopperDayFacts.VisitorTable, period, ct)).ToDictionary(r => r.Day, r => r.Count);
        var orders = (await sql.CountByDayAsync(ShopperDayFacts.OrderTable, period, ct)).ToDictionary(r => r.Day, r => r.Count);

        var daily = period.EachDay().Select(day =>
        {
            var c = counters.GetValueOrDefault(day) ?? new StoreDay { Day = day };
            return new DailyKpis(day, funnels.GetValueOrDefault(day)?.Sessions ?? 0, visitors.GetValueOrDefault(day),
                c.ProductViews, c.Searches, c.AddToCarts, c.Checkouts, orders.GetValueOrDefault(day),
                c.UnitsSold, c.Revenue, c.Returns, c.UnitsReturned, c.ReturnedValue);
        }).ToList();

        var funnel = funnels.Values.Aggregate(SessionFunnelCounts.None, (sum, day) => sum.Plus(day));
        var totals = new KpiTotals(
            Sessions: funnel.Sessions,
            Visitors: await sql.DistinctAsync(ShopperDayFacts.VisitorTable, ShopperDayFacts.VisitorKey, period, ct),
            ProductViews: daily.Sum(d => d.ProductViews),
            Searches: daily.Sum(d => d.Searches),
            AddToCarts: daily.Sum(d => d.AddToCarts),
            Checkouts: daily.Sum(d => d.Checkouts),
            Orders: await sql.DistinctAsync(ShopperDayFacts.OrderTable, ShopperDayFacts.OrderKey, period, ct),
            UnitsSold: daily.Sum(d => d.UnitsSold),
            Revenue: daily.Sum(d => d.Revenue),
            Returns: daily.Sum(d => d.Returns),
            UnitsReturned: daily.Sum(d => d.UnitsReturned),
            ReturnedValue: daily.Sum(d => d.ReturnedValue));
        return new InsightsReport(period, totals, ConversionFunnel.From(funnel), daily);
    }

    /// <summary>The best products of the period by net revenue or by views, with their titles.</summary>
    public async Task<IReadOnlyList<TopProduct>> TopProductsAsync(string storeId, ReportingPeriod period, ProductRanking by, int limit, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var rows = await new InsightsSql(session).TopProductsAsync(period, by, limit, ct);
        var titles = (await catalog.FindManyAsync(storeId, rows.Select(r => r.ProductId), ct)).ToDictionary(p => p.Id, p => p.Title);
        return rows.Select(r => new TopProduct(r.ProductId, titles.GetValueOrDefault(r.ProductId), r.Views, r.AddToCartUnits,
            r.UnitsSold, r.UnitsReturned, r.NetRevenue)).ToList();
    }

    /// <summary>The most frequent normalized search texts of the period.</summary>
    public async Task<IReadOnlyList<TopSearch>> TopSearchesAsync(string storeId, ReportingPeriod period, int limit, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await new InsightsSql(session).TopSearchesAsync(period, limit, ct);
    }
}

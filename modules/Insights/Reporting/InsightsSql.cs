using Marten;
using RetailCommerce.Modules.Insights.Projections;
using RetailCommerce.Tracking;
using Weasel.Core;

namespace RetailCommerce.Modules.Insights.Reporting;

/// <summary>
/// The grouped counts Marten's LINQ cannot express (GROUP BY, COUNT DISTINCT), written against the projections'
/// own tables. Every statement filters on the session's tenant (the store) first: raw SQL bypasses Marten's
/// automatic tenant filter, so that condition is what keeps one store's numbers out of another's.
/// </summary>
internal sealed class InsightsSql(IQuerySession session)
{
    private readonly Func<string, string> _json = JsonNames(session.DocumentStore.Options.Serializer().Casing);

    /// <summary>Per day: sessions and how many reached each funnel stage.</summary>
    public async Task<IReadOnlyList<DayFunnelRow>> SessionFunnelByDayAsync(ReportingPeriod period, CancellationToken ct)
    {
        var rows = await session.QueryAsync<DayFunnelRaw>($"""
            select jsonb_build_object(
                '{_json(nameof(DayFunnelRaw.Day))}', day,
                '{_json(nameof(DayFunnelRaw.Sessions))}', count(*),
                '{_json(nameof(DayFunnelRaw.Viewed))}', count(*) filter (where viewed),
                '{_json(nameof(DayFunnelRaw.AddedToCart))}', count(*) filter (where added_to_cart),
                '{_json(nameof(DayFunnelRaw.CheckedOut))}', count(*) filter (where checked_out),
                '{_json(nameof(DayFunnelRaw.Purchased))}', count(*) filter (where purchased),
                '{_json(nameof(DayFunnelRaw.AbandonedCarts))}', count(*) filter (where added_to_cart and not purchased))
            from {FactTable(ShopperDayFacts.SessionTable)}
            where tenant_id = ? and day between ? and ?
            group by day
            """, ct, session.TenantId, period.From, period.To);
        return rows.Select(r => new DayFunnelRow(r.Day, new SessionFunnelCounts(r.Sessions, r.Viewed, r.AddedToCart, r.CheckedOut, r.Purchased, r.AbandonedCarts))).ToList();
    }

    /// <summary>Per day: how many rows of a fact table (visitors, orders) exist.</summary>
    public async Task<IReadOnlyList<DayCountRow>> CountByDayAsync(string factTable, ReportingPeriod period, CancellationToken ct) =>
        await session.QueryAsync<DayCountRow>($"""
            select jsonb_build_object('{_json(nameof(DayCountRow.Day))}', day, '{_json(nameof(DayCountRow.Count))}', count(*))
            from {FactTable(factTable)}
            where tenant_id = ? and day between ? and ?
            group by day
            """, ct, session.TenantId, period.From, period.To);

    /// <summary>Distinct keys of a fact table over the whole period (visitors, orders).</summary>
    public async Task<int> DistinctAsync(string factTable, string keyColumn, ReportingPeriod period, CancellationToken ct) =>
        (int)(await session.QueryAsync<long>($"""
            select count(distinct {keyColumn})
            from {FactTable(factTable)}
            where tenant_id = ? and day between ? and ?
            """, ct, session.TenantId, period.From, period.To)).Single();

    /// <summary>The most frequent search texts; ties by text.</summary>
    public async Task<IReadOnlyList<TopSearch>> TopSearchesAsync(ReportingPeriod period, int limit, CancellationToken ct)
    {
        var query = $"data ->> '{_json(nameof(SearchDay.Query))}'";
        return await session.QueryAsync<TopSearch>($"""
            select jsonb_build_object('{_json(nameof(TopSearch.Query))}', q, '{_json(nameof(TopSearch.Searches))}', n)
            from (select {query} as q, sum((data ->> '{_json(nameof(SearchDay.Searches))}')::int) as n
                  from {Table<SearchDay>()}
                  where tenant_id = ? and day between ? and ?
                  group by 1) t
            order by n desc, q
            limit ?
            """, ct, session.TenantId, period.From, period.To, limit);
    }

    /// <summary>
    /// Products ranked over the platform's <see cref="ProductDailyStats"/> (net revenue or views; ties by id).
    /// Its <c>Day</c> is only in the JSON, written as ISO <c>yyyy-MM-dd</c>, so text comparison orders it as dates.
    /// </summary>
    public async Task<IReadOnlyList<ProductRow>> TopProductsAsync(ReportingPeriod period, ProductRanking by, int limit, CancellationToken ct)
    {
        string Sum(string member, string type) => $"sum((data ->> '{_json(member)}')::{type})";
        var order = by == ProductRanking.Views ? "views desc, revenue desc" : "revenue desc, views desc";
        return await session.QueryAsync<ProductRow>($"""
            select jsonb_build_object(
                '{_json(nameof(ProductRow.ProductId))}', product_id, '{_json(nameof(ProductRow.Views))}', views,
                '{_json(nameof(ProductRow.AddToCartUnits))}', carts, '{_json(nameof(ProductRow.UnitsSold))}', sold,
                '{_json(nameof(ProductRow.UnitsReturned))}', returned, '{_json(nameof(ProductRow.NetRevenue))}', revenue)
            from (select data ->> '{_json(nameof(ProductDailyStats.ProductId))}' as product_id,
                         {Sum(nameof(ProductDailyStats.Views), "int")} as views,
                         {Sum(nameof(ProductDailyStats.AddToCarts), "int")} as carts,
                         {Sum(nameof(ProductDailyStats.Purchases), "int")} as sold,
                         {Sum(nameof(ProductDailyStats.Returns), "int")} as returned,
                         {Sum(nameof(ProductDailyStats.Revenue), "numeric")} as revenue
                  from {Table<ProductDailyStats>()}
                  where tenant_id = ? and data ->> '{_json(nameof(ProductDailyStats.Day))}' between ? and ?
                  group by 1) t
            order by {order}, product_id
            limit ?
            """, ct, session.TenantId, ShopperKeys.DayId(period.From), ShopperKeys.DayId(period.To), limit);
    }

    private string FactTable(string name) => session.DocumentStore.Options.DatabaseSchemaName + "." + name;

    private string Table<TDocument>() =>
        session.DocumentStore.Options.FindOrResolveDocumentType(typeof(TDocument)).TableName.QualifiedName;

    // Property names as Marten's serializer writes them, so the SQL reads the stored JSON and the rows it
    // builds deserialize back, whichever casing the host configures.
    private static Func<string, string> JsonNames(Casing casing) => casing switch
    {
        Casing.CamelCase => name => char.ToLowerInvariant(name[0]) + name[1..],
        Casing.SnakeCase => name => string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString())),
        _ => name => name,
    };
}

/// <summary>A day's session funnel counts as PostgreSQL returns them.</summary>
internal sealed record DayFunnelRaw(DateOnly Day, int Sessions, int Viewed, int AddedToCart, int CheckedOut, int Purchased, int AbandonedCarts);

/// <summary>A day's session funnel counts.</summary>
internal sealed record DayFunnelRow(DateOnly Day, SessionFunnelCounts Counts);

/// <summary>A count for one day.</summary>
internal sealed record DayCountRow(DateOnly Day, int Count);

/// <summary>A product's sums over a period.</summary>
internal sealed record ProductRow(string ProductId, int Views, int AddToCartUnits, int UnitsSold, int UnitsReturned, decimal NetRevenue);

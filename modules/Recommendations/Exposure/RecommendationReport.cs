using Marten;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Exposure;

/// <summary>One product's sales split into recommendation-attributed and organic.</summary>
public sealed record ProductAttribution(string ProductId, int Exposures, int RecommendedUnits, decimal RecommendedRevenue, int OrganicUnits, decimal OrganicRevenue)
{
    /// <summary>Share of the product's revenue that came through recommendations.</summary>
    public double RecommendedShare => RecommendedRevenue + OrganicRevenue > 0 ? (double)(RecommendedRevenue / (RecommendedRevenue + OrganicRevenue)) : 0;
}

/// <summary>
/// The feedback-loop report over the last days of store time: how much was sold through recommendations vs
/// organically (PURCHASE events carrying a recommendationId this module issued), click-through, and what is
/// shown: catalog coverage and concentration (Gini of exposures over the catalog, top-10 share), the
/// filter-bubble watch.
/// </summary>
public sealed record RecommendationReport
{
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
    public long Exposures { get; init; }
    public int ProductsShown { get; init; }
    public int CatalogProducts { get; init; }
    /// <summary>Products shown at least once / catalog products.</summary>
    public double Coverage { get; init; }
    /// <summary>Gini coefficient of exposures over all catalog products (0 = everything equally, 1 = one product only).</summary>
    public double ExposureGini { get; init; }
    /// <summary>Share of exposures that went to the 10 most shown products.</summary>
    public double TopTenShare { get; init; }
    public int RecommendationClicks { get; init; }
    /// <summary>Recommendation clicks / exposures.</summary>
    public double ClickThroughRate { get; init; }
    public decimal RecommendedRevenue { get; init; }
    public decimal OrganicRevenue { get; init; }
    public int RecommendedOrders { get; init; }
    public int OrganicOrders { get; init; }
    /// <summary>Share of revenue attributed to recommendations.</summary>
    public double RecommendedRevenueShare => RecommendedRevenue + OrganicRevenue > 0 ? (double)(RecommendedRevenue / (RecommendedRevenue + OrganicRevenue)) : 0;
    /// <summary>The products with the most revenue, with their split.</summary>
    public IReadOnlyList<ProductAttribution> Products { get; init; } = [];

    /// <summary>Gini of a distribution (zeros included).</summary>
    public static double Gini(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.OrderBy(v => v).ToArray();
        var total = sorted.Sum();
        if (total <= 0) return 0;
        double weighted = 0;
        for (var i = 0; i < sorted.Length; i++) weighted += (i + 1) * sorted[i];
        return (2 * weighted) / (sorted.Length * total) - (sorted.Length + 1.0) / sorted.Length;
    }
}

/// <summary>Builds <see cref="RecommendationReport"/>.</summary>
public sealed class RecommendationReporting(StoreSessions sessions)
{
    /// <summary>Ids this module issues start with this.</summary>
    public const string IdPrefix = "rec_";

    /// <summary>The report over the last <paramref name="days"/> store days.</summary>
    public async Task<RecommendationReport> BuildAsync(string storeId, int days, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        var clock = await read.LatestEventAtAsync(ct) ?? DateTimeOffset.UtcNow;
        var to = DateOnly.FromDateTime(clock.UtcDateTime);
        var from = to.AddDays(-(days - 1));
        var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var exposureDays = await read.Query<RecommendationExposureDay>().Where(d => d.Day >= from && d.Day <= to).ToListAsync(ct);
        var exposures = exposureDays.SelectMany(d => d.Exposures).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
        var catalogIds = await read.Query<RetailCommerce.Catalog.Product>().Select(p => p.Id).ToListAsync(ct);
        var catalogSize = catalogIds.Count;
        var distribution = catalogIds.Select(id => (double)exposures.GetValueOrDefault(id)).ToList();
        var total = exposures.Values.Sum(v => (long)v);

        var purchases = await read.Events.QueryRawEventDataOnly<ItemPurchased>().Where(e => e.OccurredAt >= since && e.OccurredAt <= clock).ToListAsync(ct);
        var clicks = await read.Events.QueryRawEventDataOnly<ProductClicked>().Where(e => e.OccurredAt >= since && e.RecommendationId != null).ToListAsync(ct);
        static bool Ours(ShopperEvent e) => e.RecommendationId?.StartsWith(IdPrefix, StringComparison.Ordinal) == true;
        var recommended = purchases.Where(Ours).ToList();
        var organic = purchases.Where(p => !Ours(p)).ToList();
        var products = purchases.GroupBy(p => p.ProductId!).Select(g => new ProductAttribution(
                g.Key, exposures.GetValueOrDefault(g.Key),
                g.Where(Ours).Sum(p => p.Quantity), g.Where(Ours).Sum(p => p.Revenue),
                g.Where(p => !Ours(p)).Sum(p => p.Quantity), g.Where(p => !Ours(p)).Sum(p => p.Revenue)))
            .OrderByDescending(p => p.RecommendedRevenue + p.OrganicRevenue).ThenBy(p => p.ProductId, StringComparer.Ordinal).Take(20).ToList();
        var recClicks = clicks.Count(Ours);
        return new RecommendationReport
        {
            From = from,
            To = to,
            Exposures = total,
            ProductsShown = exposures.Count(kv => kv.Value > 0),
            CatalogProducts = catalogSize,
            Coverage = catalogSize == 0 ? 0 : (double)exposures.Keys.Count(catalogIds.ToHashSet().Contains) / catalogSize,
            ExposureGini = RecommendationReport.Gini(distribution),
            TopTenShare = total == 0 ? 0 : exposures.Values.OrderByDescending(v => v).Take(10).Sum() / (double)total,
            RecommendationClicks = recClicks,
            ClickThroughRate = total == 0 ? 0 : recClicks / (double)total,
            RecommendedRevenue = recommended.Sum(p => p.Revenue),
            OrganicRevenue = organic.Sum(p => p.Revenue),
            RecommendedOrders = recommended.Select(p => p.OrderId).Distinct().Count(),
            OrganicOrders = organic.Select(p => p.OrderId).Distinct().Count(),
            Products = products,
        };
    }
}

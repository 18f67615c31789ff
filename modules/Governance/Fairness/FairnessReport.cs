using System.Globalization;
using Marten;
using RetailCommerce.Catalog;
using RetailCommerce.Modules.Governance.Decisions;
using RetailCommerce.Modules.Governance.Settings;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Governance.Fairness;

/// <summary>Two or more customers were shown different base prices for the same product in the same hour.</summary>
public sealed record PriceInconsistency(string ProductId, DateTimeOffset Hour, IReadOnlyList<decimal> BasePrices, int Customers);

/// <summary>A protected attribute found among recorded decision inputs.</summary>
public sealed record ProtectedAttributeUse(string Attribute, string ModuleId, int Decisions);

/// <summary>
/// What the decision log says about fairness over a period: price consistency, how widely recommendations spread
/// over the catalog and its brands, and whether any decision used a protected attribute.
/// </summary>
public sealed record FairnessReport(
    DateTimeOffset From, DateTimeOffset To, int DecisionsRead,
    int PriceDecisions, int PricedProductHours, IReadOnlyList<PriceInconsistency> PriceInconsistencies,
    int RecommendationLists, int Exposures, double CatalogCoverage, double BrandCoverage, double ExposureGini, double TopTenShare,
    IReadOnlyList<ProtectedAttributeUse> ProtectedAttributes, IReadOnlyList<string> CheckedAttributes);

/// <summary>
/// Builds <see cref="FairnessReport"/> from the decision log. Conventions modules follow when recording (documented in
/// docs/governance.md): price decisions carry the input <c>basePrice</c> (the price before personal incentives);
/// recommendation decisions (kind containing "recommend") carry <c>productIds</c>, comma-separated, in shown order.
/// </summary>
public sealed class FairnessReporting(StoreSessions sessions, GovernanceSettingsStore settings)
{
    /// <summary>Most decisions one report reads.</summary>
    public const int MaxDecisions = 100_000;

    public async Task<FairnessReport> BuildAsync(string storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var decisions = await session.Query<AiDecisionRecord>().Where(d => d.At >= from && d.At <= to).Take(MaxDecisions).ToListAsync(ct);
        var products = await session.Query<Product>().Select(p => new ProductBrand(p.Id, p.Brand)).ToListAsync(ct);

        // Price consistency: base price per product and hour must be one value whoever asked.
        var priced = decisions.Where(d => d.ProductId is not null && d.Inputs.TryGetValue("basePrice", out var p)
                && decimal.TryParse(p, NumberStyles.Number, CultureInfo.InvariantCulture, out _)).ToList();
        var groups = priced.GroupBy(d => (d.ProductId!, Hour: new DateTimeOffset(d.At.UtcDateTime.Date.AddHours(d.At.UtcDateTime.Hour), TimeSpan.Zero))).ToList();
        var inconsistent = groups.Select(g => new PriceInconsistency(g.Key.Item1, g.Key.Hour,
                g.Select(d => decimal.Parse(d.Inputs["basePrice"], CultureInfo.InvariantCulture)).Distinct().Order().ToList(),
                g.Select(d => d.CustomerId ?? d.SessionId).Distinct().Count()))
            .Where(p => p.BasePrices.Count > 1).OrderBy(p => p.Hour).Take(100).ToList();

        // Recommendation exposure: coverage of catalog and brands, and how concentrated impressions are (Gini over all products).
        var lists = decisions.Where(d => d.Kind.Contains("recommend", StringComparison.OrdinalIgnoreCase) && d.Inputs.ContainsKey("productIds")).ToList();
        var exposure = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in lists)
            foreach (var id in d.Inputs["productIds"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                exposure[id] = exposure.GetValueOrDefault(id) + 1;
        var brandOf = products.ToDictionary(p => p.Id, p => p.Brand);
        var brands = products.Select(p => p.Brand).Where(b => b is not null).Distinct().Count();
        var shownBrands = exposure.Keys.Select(id => brandOf.GetValueOrDefault(id)).Where(b => b is not null).Distinct().Count();
        var counts = products.Select(p => (double)exposure.GetValueOrDefault(p.Id)).ToList();
        var total = exposure.Values.Sum();

        // Protected attributes: any decision input named like one of the configured attributes.
        var attributes = (await settings.GetAsync(storeId, ct)).ProtectedAttributes;
        var protectedUse = decisions.SelectMany(d => d.Inputs.Keys
                .SelectMany(k => attributes.Where(a => Normalize(k).Contains(Normalize(a), StringComparison.Ordinal)).Select(a => (a, d.ModuleId))))
            .GroupBy(x => x).Select(g => new ProtectedAttributeUse(g.Key.a, g.Key.ModuleId, g.Count())).OrderByDescending(x => x.Decisions).ToList();

        return new FairnessReport(from, to, decisions.Count, priced.Count, groups.Count, inconsistent,
            lists.Count, total,
            products.Count == 0 ? 0 : (double)exposure.Keys.Count(brandOf.ContainsKey) / products.Count,
            brands == 0 ? 0 : (double)shownBrands / brands,
            Gini(counts),
            total == 0 ? 0 : (double)exposure.Values.OrderDescending().Take(10).Sum() / total,
            protectedUse, attributes);
    }

    /// <summary>Gini coefficient of non-negative values: 0 = evenly spread, close to 1 = all on one item.</summary>
    public static double Gini(IReadOnlyList<double> values)
    {
        var n = values.Count;
        var sum = values.Sum();
        if (n == 0 || sum == 0) return 0;
        var sorted = values.Order().ToArray();
        double weighted = 0;
        for (var i = 0; i < n; i++) weighted += (i + 1) * sorted[i];
        return (2 * weighted) / (n * sum) - (n + 1.0) / n;
    }

    private static string Normalize(string s) => s.Replace("_", "").Replace("-", "").ToLowerInvariant();

    private sealed record ProductBrand(string Id, string? Brand);
}

using Marten;
using RetailCommerce.Catalog;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Pricing.Forecasting;

/// <summary>A store's demand history as series, up to the store clock, with the catalog it belongs to.</summary>
public sealed record StoreDemand(DateOnly Today, DateTimeOffset Clock, IReadOnlyDictionary<string, Product> Products, IReadOnlyList<DemandSeries> Series)
{
    public DemandSeries? For(string productId) => Series.FirstOrDefault(s => s.ProductId == productId);
}

/// <summary>
/// Reads a store's daily demand from the platform's <see cref="ProductDailyStats"/> projection (units purchased
/// per product and day, from PURCHASE events) into series that end on the store clock's day, so history loaded
/// today is forecast from its own end. The day's average selling price is revenue / units; a day selling at least
/// 10% under the typical price of the previous four weeks counts as a promotion. Stock-outs: a product with no
/// stock now whose sales stopped has its trailing zero days marked censored (demand unknown), not zero.
/// </summary>
public sealed class StoreDemandHistory(StoreSessions sessions)
{
    public async Task<StoreDemand> LoadAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var clock = await session.LatestEventAtAsync(ct) ?? DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(clock.UtcDateTime);
        var products = (await session.Query<Product>().ToListAsync(ct)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var stats = await session.Query<ProductDailyStats>().Where(s => s.Purchases > 0).ToListAsync(ct);
        var series = Build(today, products, stats.Select(s => new DailySales(s.ProductId, s.Day, s.Purchases, s.Revenue)));
        return new StoreDemand(today, clock, products, series);
    }

    /// <summary>Units and revenue of a product on a day.</summary>
    public sealed record DailySales(string ProductId, DateOnly Day, int Units, decimal Revenue);

    /// <summary>Builds the series (also used by tests with hand-made sales).</summary>
    public static IReadOnlyList<DemandSeries> Build(DateOnly today, IReadOnlyDictionary<string, Product> products, IEnumerable<DailySales> sales)
    {
        var result = new List<DemandSeries>();
        foreach (var group in sales.Where(s => s.Day <= today).GroupBy(s => s.ProductId))
        {
            products.TryGetValue(group.Key, out var product);
            var start = group.Min(s => s.Day);
            var n = today.DayNumber - start.DayNumber + 1;
            var units = new float[n];
            var price = Enumerable.Repeat(float.NaN, n).ToArray();
            foreach (var s in group)
            {
                var i = s.Day.DayNumber - start.DayNumber;
                units[i] += s.Units;
                if (s.Units > 0 && s.Revenue > 0) price[i] = (float)(s.Revenue / s.Units);
            }
            var promotion = new bool[n];
            for (var i = 0; i < n; i++)
            {
                if (float.IsNaN(price[i])) continue;
                var typical = Median(price, Math.Max(0, i - 28), i - 1);
                promotion[i] = !float.IsNaN(typical) && price[i] <= 0.9f * typical;
            }
            var censored = new bool[n];
            if (product is { Stock: <= 0 })
                for (var i = n - 1; i >= 0 && units[i] == 0; i--) censored[i] = true;
            result.Add(new DemandSeries(group.Key, product?.Category is { Length: > 0 } c ? c : null, start, units, censored, price, promotion));
        }
        // Products with no sales at all still get a (single-day, zero) series so cold start can see their category.
        foreach (var product in products.Values.Where(p => result.All(s => s.ProductId != p.Id)))
            result.Add(new DemandSeries(product.Id, product.Category is { Length: > 0 } c ? c : null, today, [0f], price: [(float)product.Price]));
        return result;
    }

    private static float Median(float[] values, int from, int to)
    {
        var known = new List<float>();
        for (var i = from; i <= to; i++) if (!float.IsNaN(values[i])) known.Add(values[i]);
        if (known.Count == 0) return float.NaN;
        known.Sort();
        return known[known.Count / 2];
    }
}

using System.Collections.Concurrent;
using Marten;
using RetailCommerce.Consent;
using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Search.Querying;

/// <summary>A customer's leaning towards categories and brands, each 0..1 (1 = their favourite).</summary>
public sealed record CategoryBrandAffinity(IReadOnlyDictionary<string, double> Categories, IReadOnlyDictionary<string, double> Brands, int Interactions)
{
    /// <summary>0..1: how much the product's category path (mean over its levels) and brand match the customer's history.</summary>
    public double For(SearchableProduct product)
    {
        var category = 0.0;
        if (product.CategoryPath is { Count: > 0 } path)
        {
            for (var level = 1; level <= path.Count; level++) category += Categories.GetValueOrDefault(string.Join(" > ", path.Take(level)));
            category /= path.Count;
        }
        var brand = product.Brand is null ? 0 : Brands.GetValueOrDefault(product.Brand);
        return 0.6 * category + 0.4 * brand;
    }
}

/// <summary>
/// Category/brand affinity from a customer's own stream (views, clicks, carts, purchases) — only when the one
/// consent check grants Personalization; otherwise nothing, so the ranking is exactly the anonymous one.
/// Consent is asked on every search (a withdrawal applies at once); the history itself is cached for a minute.
/// </summary>
public sealed class ShopperAffinity(IConsentCheck consent, StoreSessions sessions, TimeProvider clock)
{
    private const int MaxEvents = 500;
    private readonly ConcurrentDictionary<(string Store, string Customer), (DateTimeOffset At, CategoryBrandAffinity? Affinity)> _cache = new();

    /// <summary>The customer's affinity, or null without consent or history.</summary>
    public async Task<CategoryBrandAffinity?> ForAsync(string storeId, string customerId, ProductSearchIndex index, CancellationToken ct)
    {
        if (!await consent.IsGrantedAsync(storeId, customerId, ConsentPurpose.Personalization, ct)) return null;
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue((storeId, customerId), out var hit) && now - hit.At < TimeSpan.FromMinutes(1)) return hit.Affinity;

        await using var session = sessions.Read(storeId);
        var events = await session.Events.FetchStreamAsync(customerId, token: ct);
        var categories = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var brands = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var used = 0;
        foreach (var e in events.TakeLast(MaxEvents))
        {
            var weight = e.Data switch
            {
                ItemPurchased => 5.0,
                AddedToCart => 3.0,
                ProductClicked => 2.0,
                ProductViewed => 1.0,
                _ => 0.0,
            };
            if (weight == 0 || e.Data is not ShopperEvent { ProductId: { } productId } || index.Get(productId) is not { } product) continue;
            used++;
            if (product.CategoryPath is { Count: > 0 } path)
            {
                for (var level = 1; level <= path.Count; level++)
                {
                    var key = string.Join(" > ", path.Take(level));
                    categories[key] = categories.GetValueOrDefault(key) + weight;
                }
            }
            if (product.Brand is { Length: > 0 } brand) brands[brand] = brands.GetValueOrDefault(brand) + weight;
        }

        var affinity = used == 0 ? null : new CategoryBrandAffinity(Normalize(categories), Normalize(brands), used);
        _cache[(storeId, customerId)] = (now, affinity);
        return affinity;
    }

    private static Dictionary<string, double> Normalize(Dictionary<string, double> weights)
    {
        var max = weights.Count == 0 ? 1 : weights.Values.Max();
        return weights.ToDictionary(kv => kv.Key, kv => kv.Value / max, StringComparer.OrdinalIgnoreCase);
    }
}

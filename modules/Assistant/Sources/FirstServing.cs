using RetailCommerce.Catalog;
using RetailCommerce.Shopping;

namespace RetailCommerce.Modules.Assistant.Sources;

/// <summary>
/// Asks the finders other modules registered (Search's ranker) first and the assistant's own catalog finder last:
/// a module's finder steps aside (null) in stores where its module is disabled or when it has nothing to offer.
/// </summary>
public sealed class FirstServingFinder(IReadOnlyList<IProductFinder> finders) : IProductFinder
{
    public async Task<IReadOnlyList<Product>?> FindAsync(string storeId, ProductQuery query, CancellationToken ct)
    {
        foreach (var finder in finders)
            if (await finder.FindAsync(storeId, query, ct) is { } found) return found;
        return [];
    }
}

/// <summary>The same for recommendation sources (Recommendations' models first, then the catalog default).</summary>
public sealed class FirstServingRecommendations(IReadOnlyList<IRecommendationSource> sources) : IRecommendationSource
{
    public async Task<IReadOnlyList<Product>?> RecommendAsync(string storeId, string? customerId, string? productId, int count, CancellationToken ct)
    {
        foreach (var source in sources)
            if (await source.RecommendAsync(storeId, customerId, productId, count, ct) is { } found) return found;
        return [];
    }
}

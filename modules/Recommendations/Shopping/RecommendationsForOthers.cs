using RetailCommerce.Catalog;
using RetailCommerce.Modules.Recommendations.Serving;
using RetailCommerce.Shopping;

namespace RetailCommerce.Modules.Recommendations.Shopping;

/// <summary>
/// The recommendation models for other modules (the shopping assistant's "recommend"): SIMILAR for a product on
/// screen, PERSONALIZED for a customer (consent is applied by the service), TRENDING otherwise. Lists served this
/// way are not logged as storefront exposures. Steps aside (null) where Recommendations is disabled.
/// </summary>
public sealed class RecommendationsForOthers(RecommendationService service, ProductCatalog catalog, ModuleActivation activation) : IRecommendationSource
{
    public async Task<IReadOnlyList<Product>?> RecommendAsync(string storeId, string? customerId, string? productId, int count, CancellationToken ct)
    {
        if (!await activation.IsEnabledAsync(storeId, "recommendations", ct)) return null;
        var placement = productId is not null ? Placement.Similar : customerId is not null ? Placement.Personalized : Placement.Trending;
        var list = await service.RecommendAsync(storeId, new RecommendationRequest
        {
            Placement = placement, CustomerId = customerId, ProductId = productId, Count = Math.Clamp(count, 1, 20),
        }, ct, log: false);
        if (list.Items.Count == 0) return null;
        var products = (await catalog.FindManyAsync(storeId, list.Items.Select(i => i.ProductId), ct)).ToDictionary(p => p.Id);
        return list.Items.Select(i => products.GetValueOrDefault(i.ProductId)).OfType<Product>().ToList();
    }
}

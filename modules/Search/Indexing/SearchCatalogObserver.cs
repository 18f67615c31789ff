using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Search.Indexing;

/// <summary>Keeps search indexes current as products (and their stock and prices) are imported.</summary>
public sealed class SearchCatalogObserver(SearchIndexes indexes, Visual.VisualIndexes visual) : ICatalogObserver
{
    /// <inheritdoc />
    public async Task ProductsChangedAsync(string storeId, IReadOnlyList<Product> changed, CancellationToken ct)
    {
        await indexes.ApplyAsync(storeId, changed, ct);
        // Only queues new or changed image URLs; the images are fetched and described in the background.
        await visual.ApplyAsync(storeId, changed, ct);
    }
}

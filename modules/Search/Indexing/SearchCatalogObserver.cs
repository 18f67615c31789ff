using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Search.Indexing;

/// <summary>Keeps search indexes current as products (and their stock and prices) are imported.</summary>
public sealed class SearchCatalogObserver(SearchIndexes indexes) : ICatalogObserver
{
    /// <inheritdoc />
    public Task ProductsChangedAsync(string storeId, IReadOnlyList<Product> changed, CancellationToken ct) =>
        indexes.ApplyAsync(storeId, changed, ct);
}

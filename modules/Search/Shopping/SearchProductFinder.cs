using RetailCommerce.Catalog;
using RetailCommerce.Modules.Search.Querying;
using RetailCommerce.Shopping;

namespace RetailCommerce.Modules.Search.Shopping;

/// <summary>
/// Search's ranker for other modules (the shopping assistant's "find products"): the shopper's words go through
/// the storefront search path (typos, synonyms, meaning), the hard constraints are then checked on every result.
/// Steps aside (null) where Search is disabled, for pure filter questions without words, or when nothing passes.
/// </summary>
public sealed class SearchProductFinder(ProductSearchService search, ProductCatalog catalog, ModuleActivation activation) : IProductFinder
{
    public async Task<IReadOnlyList<Product>?> FindAsync(string storeId, ProductQuery query, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query.Text) || !await activation.IsEnabledAsync(storeId, "search", ct)) return null;
        var result = await search.SearchAsync(storeId, new ShopperSearch(query.Text.Trim())
        {
            First = 50,
            WithFacets = false,
            Log = false, // the assistant's tool calls are not shoppers' searches
            Filters = new SearchFiltersInput { MinPrice = query.MinPrice, MaxPrice = query.MaxPrice is { } max ? max + 0.005m : null, InStockOnly = query.InStockOnly },
        }, ct);
        if (result.ZeroResults) return null;
        var products = await catalog.FindManyAsync(storeId, result.Items.Select(i => i.Product.Id), ct);
        var byId = products.ToDictionary(p => p.Id);
        var matches = result.Items.Select(i => byId.GetValueOrDefault(i.Product.Id)).OfType<Product>()
            .Where(p => Satisfies(p, query)).Take(Math.Clamp(query.Limit, 1, 20)).ToList();
        return matches.Count > 0 ? matches : null;
    }

    private static bool Satisfies(Product p, ProductQuery q) =>
        (q.MaxPrice is not { } max || p.Price <= max)
        && (q.MinPrice is not { } min || p.Price >= min)
        && (!q.InStockOnly || p.Stock > 0)
        && (q.Colour is null || Same(p.Attribute("colour") ?? p.Attribute("color"), q.Colour))
        && (q.Size is null || Same(p.Attribute("size"), q.Size))
        && (q.Brand is null || Same(p.Brand, q.Brand))
        && (q.Category is null || p.CategoryPath.Any(c => c.Contains(q.Category.Trim(), StringComparison.OrdinalIgnoreCase)));

    private static bool Same(string? a, string b) => a is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}

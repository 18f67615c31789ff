namespace RetailCommerce.Modules.Search.Ranking;

/// <summary>Facet selections that narrow a search, e.g. brand = Hampton Bay and price under 100.</summary>
public sealed record SearchFilters
{
    /// <summary>Keep products whose category path starts with this path (case-insensitive).</summary>
    public IReadOnlyList<string>? CategoryPath { get; init; }

    /// <summary>Keep products of any of these brands (case-insensitive).</summary>
    public IReadOnlyCollection<string>? Brands { get; init; }

    /// <summary>Lowest price, inclusive.</summary>
    public decimal? MinPrice { get; init; }

    /// <summary>Highest price, exclusive (matches the price bucket edges).</summary>
    public decimal? MaxPrice { get; init; }

    /// <summary>Only products that can ship now.</summary>
    public bool InStockOnly { get; init; }

    /// <summary>Attribute name → accepted values; a product must match every named attribute.</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>>? Attributes { get; init; }

    /// <summary>Search only within these products (a collection, a wishlist, a campaign landing page).</summary>
    public IReadOnlySet<string>? ProductIds { get; init; }

    /// <summary>Never show these products (merchandising "hide" rules).</summary>
    public IReadOnlySet<string>? ExcludedProductIds { get; init; }

    /// <summary>Never show products under these category paths (merchandising "hide" rules for a category).</summary>
    public IReadOnlyList<IReadOnlyList<string>>? ExcludedCategories { get; init; }

    /// <summary>True when no filter is set (hidden products do not count: they are not the shopper's choice).</summary>
    public bool IsEmpty => CategoryPath is not { Count: > 0 } && Brands is not { Count: > 0 } && MinPrice is null && MaxPrice is null
        && !InStockOnly && Attributes is not { Count: > 0 } && ProductIds is null;

    /// <summary>True when <paramref name="path"/> starts with <paramref name="prefix"/> (case-insensitive).</summary>
    public static bool StartsWith(IReadOnlyList<string>? path, IReadOnlyList<string> prefix)
    {
        if (path is null || path.Count < prefix.Count) return false;
        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(path[i], prefix[i], StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    /// <summary>True when the product passes every filter.</summary>
    public bool Matches(SearchableProduct product)
    {
        if (ProductIds is not null && !ProductIds.Contains(product.Id)) return false;
        if (ExcludedProductIds is { Count: > 0 } && ExcludedProductIds.Contains(product.Id)) return false;
        if (ExcludedCategories is { Count: > 0 })
        {
            foreach (var hidden in ExcludedCategories)
            {
                if (hidden.Count > 0 && StartsWith(product.CategoryPath, hidden)) return false;
            }
        }
        if (InStockOnly && !product.InStock) return false;
        if (MinPrice is { } min && product.Price < min) return false;
        if (MaxPrice is { } max && product.Price >= max) return false;
        if (Brands is { Count: > 0 } && (product.Brand is null || !Brands.Contains(product.Brand, StringComparer.OrdinalIgnoreCase))) return false;

        if (CategoryPath is { Count: > 0 })
        {
            var path = product.CategoryPath;
            if (path is null || path.Count < CategoryPath.Count) return false;
            for (var i = 0; i < CategoryPath.Count; i++)
            {
                if (!string.Equals(path[i], CategoryPath[i], StringComparison.OrdinalIgnoreCase)) return false;
            }
        }

        if (Attributes is { Count: > 0 })
        {
            foreach (var (name, values) in Attributes)
            {
                var ok = product.Attributes?.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)
                    && values.Contains(a.Value, StringComparer.OrdinalIgnoreCase)) ?? false;
                if (!ok) return false;
            }
        }

        return true;
    }
}

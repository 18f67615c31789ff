using System.Globalization;
using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>What serving needs to know about one product: can it be shown, how to group it, how to describe it.</summary>
public sealed record CatalogItem(
    string Id,
    string Title,
    string? Brand,
    IReadOnlyList<string> CategoryPath,
    int Stock,
    decimal Price,
    decimal? Cost,
    DateTimeOffset CreatedAt,
    bool Disabled)
{
    /// <summary>The category path joined with " > ".</summary>
    public string Category { get; } = string.Join(" > ", CategoryPath);

    /// <summary>The top-level department ("Outdoor"), used in reasons like "Trending in Outdoor".</summary>
    public string? Department => CategoryPath.Count > 0 ? CategoryPath[0] : null;

    /// <summary>In stock and not switched off: the only products any placement may show.</summary>
    public bool Showable => Stock > 0 && !Disabled;

    /// <summary>Price minus cost when the merchant sends a <c>cost</c> attribute (for margin-aware tie-breaks).</summary>
    public decimal? Margin => Cost is { } c ? Price - c : null;

    /// <summary>True when the product's category starts with <paramref name="prefix"/> (whole levels, case-insensitive).</summary>
    public bool InCategory(string prefix) =>
        Category.Equals(prefix, StringComparison.OrdinalIgnoreCase) || Category.StartsWith(prefix + " > ", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// An in-memory copy of the store's catalog for serving (stock, brand, category, age, and the products' details). Reading products from
/// PostgreSQL for every list would cost more than the whole 30 ms budget at 10,000 products; the snapshot is
/// rebuilt when products are imported (see <see cref="RecommendationCatalogObserver"/>) and every few minutes.
/// </summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, CatalogItem> _items;
    private readonly Dictionary<string, Product> _products;

    /// <summary>Builds a snapshot (without product details: <see cref="Details"/> then finds nothing).</summary>
    public CatalogSnapshot(IEnumerable<CatalogItem> items, DateTimeOffset takenAt) : this(items, [], takenAt) { }

    private CatalogSnapshot(IEnumerable<CatalogItem> items, IEnumerable<Product> products, DateTimeOffset takenAt)
    {
        _items = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _products = products.ToDictionary(p => p.Id, StringComparer.Ordinal);
        Items = [.. _items.Values.OrderBy(i => i.Id, StringComparer.Ordinal)];
        TakenAt = takenAt;
    }

    /// <summary>
    /// The product as the snapshot read it, for the list's product fields (title, price, images). Reading them
    /// from PostgreSQL for every list was half of what a request cost over HTTP; the snapshot is what decided
    /// the product may be shown anyway, and it is refreshed when products are imported.
    /// </summary>
    public Product? Details(string id) => _products.GetValueOrDefault(id);

    /// <summary>Every product, by id.</summary>
    public IReadOnlyList<CatalogItem> Items { get; }

    /// <summary>When the snapshot was taken (wall clock).</summary>
    public DateTimeOffset TakenAt { get; }

    /// <summary>Products in the catalog.</summary>
    public int Count => _items.Count;

    /// <summary>The product, or null when it is not (or no longer) in the catalog.</summary>
    public CatalogItem? Find(string id) => _items.GetValueOrDefault(id);

    /// <summary>True when the product exists, is in stock and is not disabled.</summary>
    public bool IsShowable(string id) => _items.TryGetValue(id, out var item) && item.Showable;

    /// <summary>The serving view of a catalog product. Disabled = attribute <c>status</c> disabled/inactive/hidden/discontinued, or <c>disabled</c>/<c>hidden</c> = true.</summary>
    public static CatalogItem ItemOf(Product p)
    {
        var status = p.Attribute("status")?.Trim().ToLowerInvariant();
        var disabled = status is "disabled" or "inactive" or "hidden" or "discontinued"
            || IsTrue(p.Attribute("disabled")) || IsTrue(p.Attribute("hidden"));
        decimal? cost = decimal.TryParse(p.Attribute("cost"), NumberStyles.Number, CultureInfo.InvariantCulture, out var c) ? c : null;
        return new CatalogItem(p.Id, p.Title, p.Brand, p.CategoryPath, p.Stock, p.Price, cost, p.CreatedAt, disabled);
    }

    /// <summary>A snapshot of products.</summary>
    public static CatalogSnapshot Of(IEnumerable<Product> products, DateTimeOffset takenAt)
    {
        var all = products as IReadOnlyCollection<Product> ?? [.. products];
        return new(all.Select(ItemOf), all, takenAt);
    }

    private static bool IsTrue(string? v) => v is not null && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1" || v.Equals("yes", StringComparison.OrdinalIgnoreCase));
}

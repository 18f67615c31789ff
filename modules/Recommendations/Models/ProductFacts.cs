using System.Globalization;
using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// What the catalog says about products, for the ranker's features: when each product was launched and which
/// category it sits in. Catalog metadata rather than behaviour, so it is the same for every validation slice;
/// what may be read of it at a slice's cutoff is decided by <see cref="LaunchAgeDays"/>.
/// </summary>
public sealed class ProductFacts
{
    private readonly Dictionary<string, DateTimeOffset> _launched;
    private readonly Dictionary<string, string> _category;

    /// <summary>Builds facts from launch dates and categories by product id (either may miss products).</summary>
    public ProductFacts(IReadOnlyDictionary<string, DateTimeOffset>? launched, IReadOnlyDictionary<string, string>? categories)
    {
        _launched = launched is null ? [] : new Dictionary<string, DateTimeOffset>(launched, StringComparer.Ordinal);
        _category = categories is null ? [] : new Dictionary<string, string>(categories.Where(kv => kv.Value.Length > 0), StringComparer.Ordinal);
    }

    /// <summary>No catalog facts (the launch and category features are then "unknown" for every product).</summary>
    public static ProductFacts Empty { get; } = new(null, null);

    /// <summary>Products with a launch date.</summary>
    public int LaunchDates => _launched.Count;

    /// <summary>Products with a category.</summary>
    public int Categories => _category.Count;

    /// <summary>
    /// Attribute names a merchant can send the real launch (release) date in. The catalog's own <c>CreatedAt</c> is
    /// the first import time, which for a store importing an existing range today says nothing about the product.
    /// </summary>
    public static readonly string[] LaunchAttributes = ["launch_date", "launched_at", "release_date"];

    /// <summary>
    /// Facts from catalog products: the launch date is a launch attribute when it parses, else <c>CreatedAt</c> (when
    /// set); the category is the full category path.
    /// </summary>
    public static ProductFacts From(IEnumerable<Product> catalog)
    {
        var launched = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in catalog)
        {
            if (LaunchOf(p) is { } at) launched[p.Id] = at;
            if (p.CategoryPath.Count > 0) categories[p.Id] = p.Category;
        }
        return new ProductFacts(launched, categories);
    }

    /// <summary>The product's launch date: a launch attribute, else <c>CreatedAt</c>, else null.</summary>
    public static DateTimeOffset? LaunchOf(Product p)
    {
        foreach (var name in LaunchAttributes)
            if (p.Attribute(name) is { } raw && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return at;
        return p.CreatedAt == default ? null : p.CreatedAt;
    }

    /// <summary>The product's category path ("Outdoor > Shoes"), or null.</summary>
    public string? CategoryOf(string productId) => _category.GetValueOrDefault(productId);

    /// <summary>
    /// Days from the product's launch to <paramref name="now"/> (a slice's cutoff or the store clock), or −1 when
    /// the launch is unknown. Never reads the future: a launch date after <paramref name="now"/> is not known at
    /// that time, so the product counts as launched when it was first seen (<paramref name="firstSeen"/>, which
    /// is never after the cutoff for a product the models know) — the same value a store would have had then.
    /// </summary>
    public double LaunchAgeDays(string productId, DateTimeOffset now, DateTimeOffset? firstSeen)
    {
        if (!_launched.TryGetValue(productId, out var launch)) return -1;
        if (firstSeen is { } seen && seen < launch) launch = seen;
        if (launch > now) return -1;
        return (now - launch).TotalDays;
    }
}

namespace RetailCommerce.Modules.Search.Ranking;

/// <summary>Which facets to count for a result set.</summary>
public sealed record FacetRequest
{
    /// <summary>Count the category tree.</summary>
    public bool Categories { get; init; } = true;

    /// <summary>Count brands.</summary>
    public bool Brands { get; init; } = true;

    /// <summary>Upper edges of the price buckets (ascending); a last open bucket holds the rest. Null → store-friendly defaults.</summary>
    public IReadOnlyList<decimal>? PriceEdges { get; init; }

    /// <summary>Attribute names to count values for (e.g. "Color", "Material").</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>Values kept per facet, most common first.</summary>
    public int MaxValues { get; init; } = 20;

    /// <summary>Default bucket edges: under 25, 25–50, 50–100, 100–250, 250–500, 500–1000, 1000 and up.</summary>
    public static IReadOnlyList<decimal> DefaultPriceEdges { get; } = [25m, 50m, 100m, 250m, 500m, 1000m];
}

/// <summary>One facet value and how many products in the result set carry it.</summary>
public readonly record struct FacetValue(string Value, int Count);

/// <summary>A price range [From, To) and its product count; null ends are open.</summary>
public readonly record struct PriceBucket(decimal? From, decimal? To, int Count);

/// <summary>A node of the category tree with the number of result products at or below it.</summary>
public sealed record CategoryFacet(string Name, IReadOnlyList<string> Path, int Count, IReadOnlyList<CategoryFacet> Children);

/// <summary>Facet counts for one result set.</summary>
public sealed record FacetResult(
    IReadOnlyList<CategoryFacet> Categories,
    IReadOnlyList<FacetValue> Brands,
    IReadOnlyList<PriceBucket> Prices,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Attributes);

/// <summary>Counts facets over the products of a result set (the whole set, not just the visible page).</summary>
public static class FacetCounter
{
    /// <summary>Counts the requested facets.</summary>
    public static FacetResult Count(IEnumerable<SearchableProduct> products, FacetRequest request)
    {
        var list = products as IReadOnlyCollection<SearchableProduct> ?? products.ToList();
        var root = new Node("", []);
        var brands = new Dictionary<string, (string Display, int Count)>(StringComparer.OrdinalIgnoreCase);
        var edges = request.PriceEdges ?? FacetRequest.DefaultPriceEdges;
        var bucketCounts = new int[edges.Count + 1];
        var attributes = request.Attributes.ToDictionary(
            a => a, _ => new Dictionary<string, (string Display, int Count)>(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);

        foreach (var p in list)
        {
            if (request.Categories && p.CategoryPath is { Count: > 0 })
            {
                // A product counts once at every level of its breadcrumb: "Furniture" includes "Furniture > Sofas".
                var node = root;
                foreach (var name in p.CategoryPath)
                {
                    node = node.Child(name);
                    node.Count++;
                }
            }

            if (request.Brands && !string.IsNullOrWhiteSpace(p.Brand))
            {
                var key = p.Brand.Trim();
                brands[key] = brands.TryGetValue(key, out var b) ? (b.Display, b.Count + 1) : (key, 1);
            }

            var bucket = 0;
            while (bucket < edges.Count && p.Price >= edges[bucket]) bucket++;
            bucketCounts[bucket]++;

            if (p.Attributes is not null && attributes.Count > 0)
            {
                // Count each attribute value once per product even if the feed repeats it.
                foreach (var group in p.Attributes.GroupBy(a => (a.Name.ToLowerInvariant(), a.Value.Trim().ToLowerInvariant())))
                {
                    var a = group.First();
                    if (!attributes.TryGetValue(a.Name, out var values)) continue;
                    var value = a.Value.Trim();
                    values[value] = values.TryGetValue(value, out var v) ? (v.Display, v.Count + 1) : (value, 1);
                }
            }
        }

        var prices = new List<PriceBucket>();
        for (var i = 0; i <= edges.Count; i++)
        {
            if (bucketCounts[i] == 0) continue;
            prices.Add(new PriceBucket(i == 0 ? null : edges[i - 1], i == edges.Count ? null : edges[i], bucketCounts[i]));
        }

        return new FacetResult(
            request.Categories ? root.ToFacets([], request.MaxValues) : [],
            Top(brands, request.MaxValues),
            prices,
            attributes.ToDictionary(kv => kv.Key, kv => Top(kv.Value, request.MaxValues), StringComparer.OrdinalIgnoreCase));
    }

    private static IReadOnlyList<FacetValue> Top(Dictionary<string, (string Display, int Count)> counts, int max) =>
        counts.Values.OrderByDescending(v => v.Count).ThenBy(v => v.Display, StringComparer.OrdinalIgnoreCase)
            .Take(max).Select(v => new FacetValue(v.Display, v.Count)).ToList();

    private sealed class Node(string name, List<Node> children)
    {
        public string Name { get; } = name;
        public int Count { get; set; }

        public Node Child(string childName)
        {
            var existing = children.FirstOrDefault(c => string.Equals(c.Name, childName, StringComparison.OrdinalIgnoreCase));
            if (existing is not null) return existing;
            var node = new Node(childName, []);
            children.Add(node);
            return node;
        }

        public IReadOnlyList<CategoryFacet> ToFacets(IReadOnlyList<string> parentPath, int max) =>
            children.OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Take(max)
                .Select(c =>
                {
                    var path = parentPath.Append(c.Name).ToList();
                    return new CategoryFacet(c.Name, path, c.Count, c.ToFacets(path, max));
                }).ToList();
    }
}

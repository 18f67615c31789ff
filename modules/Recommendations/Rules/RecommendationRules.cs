namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// Business rules applied after the models: hide what must not be shown, cap repetition, diversify.
/// They work on any ranked list, so the same rules serve every placement and every model.
/// </summary>
public static class RecommendationRules
{
    /// <summary>Drops the given products (cart lines, already bought, out of stock), keeping order.</summary>
    public static IReadOnlyList<ScoredProduct> Exclude(IEnumerable<ScoredProduct> ranked, IEnumerable<string> products)
    {
        var excluded = products as IReadOnlySet<string> ?? new HashSet<string>(products, StringComparer.Ordinal);
        return [.. ranked.Where(p => !excluded.Contains(p.ProductId))];
    }

    /// <summary>
    /// Keeps the ranking but lets at most <paramref name="maxPerGroup"/> products of one group (brand,
    /// category) through: ten near-identical phone cases make one useful slot and nine wasted ones.
    /// Products without a group are never capped.
    /// </summary>
    public static IReadOnlyList<ScoredProduct> CapPerGroup(
        IEnumerable<ScoredProduct> ranked,
        Func<string, string?> groupOf,
        int maxPerGroup,
        int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPerGroup);
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<ScoredProduct>(count);
        foreach (var p in ranked)
        {
            if (result.Count >= count) break;
            var group = groupOf(p.ProductId);
            if (group is not null)
            {
                var n = used.GetValueOrDefault(group);
                if (n >= maxPerGroup) continue;
                used[group] = n + 1;
            }
            result.Add(p);
        }
        return result;
    }

    /// <summary>
    /// Maximal marginal relevance (Carbonell &amp; Goldstein 1998): picks, one at a time, the product maximizing
    /// λ·relevance − (1 − λ)·max similarity to the products already picked. λ = 1 keeps the model's order;
    /// lower values trade relevance for variety. Relevance is the model score min–max scaled to [0, 1],
    /// so λ means the same thing whatever the model's score scale; similarity should be in [0, 1].
    /// </summary>
    public static IReadOnlyList<ScoredProduct> Diversify(
        IReadOnlyList<ScoredProduct> ranked,
        Func<string, string, double> similarity,
        double lambda,
        int count)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        return Diversify(ranked, (a, b) => similarity(ranked[a].ProductId, ranked[b].ProductId), lambda, count);
    }

    /// <summary>
    /// <see cref="Diversify(IReadOnlyList{ScoredProduct}, Func{string, string, double}, double, int)"/> with the
    /// similarity given by positions in <paramref name="ranked"/>, so a caller can look each product's groups up
    /// once instead of once per comparison (MMR compares every pick with every remaining candidate).
    /// </summary>
    public static IReadOnlyList<ScoredProduct> Diversify(
        IReadOnlyList<ScoredProduct> ranked,
        Func<int, int, double> similarity,
        double lambda,
        int count)
    {
        if (lambda is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(lambda), "λ must be in [0, 1].");
        if (ranked.Count == 0 || count <= 0) return [];
        double min = ranked.Min(p => p.Score), max = ranked.Max(p => p.Score);
        var span = max - min;
        var pool = ranked.Select((p, i) => (Product: p, Relevance: span > 0 ? (p.Score - min) / span : 1.0, Order: i)).ToList();
        var maxSimilarity = new double[pool.Count];
        var picked = new List<ScoredProduct>(Math.Min(count, pool.Count));
        var taken = new bool[pool.Count];
        while (picked.Count < count && picked.Count < pool.Count)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var n = 0; n < pool.Count; n++)
            {
                if (taken[n]) continue;
                var value = lambda * pool[n].Relevance - (1 - lambda) * maxSimilarity[n];
                if (value > bestValue) { bestValue = value; best = n; } // strict: earlier rank wins ties
            }
            taken[best] = true;
            picked.Add(pool[best].Product);
            for (var n = 0; n < pool.Count; n++)
                if (!taken[n]) maxSimilarity[n] = Math.Max(maxSimilarity[n], similarity(best, n));
        }
        return picked;
    }

    /// <summary>A similarity for <see cref="Diversify"/> from a product attribute: 1 when both share it (same brand, same category).</summary>
    public static Func<string, string, double> SameGroup(Func<string, string?> groupOf) =>
        (a, b) => groupOf(a) is { } ga && ga == groupOf(b) ? 1.0 : 0.0;
}

/// <summary>
/// What a customer must not be offered again, derived from their interactions: products already bought
/// (durables: nobody wants a second identical sofa) and products sitting in the cart (already decided;
/// the cart page shows add-ons, not the cart again). A product counts as in the cart when its latest
/// add-to-cart is later than its latest purchase.
/// </summary>
public sealed class CustomerExclusions
{
    private readonly Dictionary<string, HashSet<string>> _bought = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _inCart = new(StringComparer.Ordinal);

    /// <summary>Indexes the interactions.</summary>
    public CustomerExclusions(IEnumerable<Interaction> interactions)
    {
        var lastAdd = new Dictionary<(string, string), DateTimeOffset>();
        var lastBuy = new Dictionary<(string, string), DateTimeOffset>();
        foreach (var x in interactions)
        {
            var key = (x.CustomerId, x.ProductId);
            if (x.Kind == InteractionKind.Purchase)
            {
                Add(_bought, x.CustomerId, x.ProductId);
                if (!lastBuy.TryGetValue(key, out var t) || x.OccurredAt > t) lastBuy[key] = x.OccurredAt;
            }
            else if (x.Kind == InteractionKind.AddToCart && (!lastAdd.TryGetValue(key, out var t) || x.OccurredAt > t))
            {
                lastAdd[key] = x.OccurredAt;
            }
        }
        foreach (var ((customer, product), added) in lastAdd)
            if (!lastBuy.TryGetValue((customer, product), out var bought) || added > bought)
                Add(_inCart, customer, product);
    }

    /// <summary>Products the customer has bought.</summary>
    public IReadOnlySet<string> BoughtBy(string customerId) =>
        _bought.TryGetValue(customerId, out var set) ? set : EmptySet;

    /// <summary>Products in the customer's cart (added, not bought since).</summary>
    public IReadOnlySet<string> InCartOf(string customerId) =>
        _inCart.TryGetValue(customerId, out var set) ? set : EmptySet;

    /// <summary>Bought or in the cart: the usual exclusion set for a personal placement.</summary>
    public IReadOnlySet<string> For(string customerId)
    {
        var all = new HashSet<string>(BoughtBy(customerId), StringComparer.Ordinal);
        all.UnionWith(InCartOf(customerId));
        return all;
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    private static void Add(Dictionary<string, HashSet<string>> map, string customer, string product)
    {
        if (!map.TryGetValue(customer, out var set)) map[customer] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(product);
    }
}

namespace RetailCommerce.Modules.Search.Ranking;

/// <summary>A ranked candidate list and how much the fusion trusts it.</summary>
public sealed record RankedList<T>(IReadOnlyList<T> Items, double Weight = 1.0) where T : notnull;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke &amp; Büttcher 2009). BM25 scores and cosine similarities live on
/// different scales, but ranks do not: an item earns weight / (k + rank) from every list it is in, so a product
/// that both retrievers like rises, and either retriever alone can still surface a product the other missed.
/// </summary>
public static class RankFusion
{
    /// <summary>The usual RRF constant; larger values flatten the advantage of the very top ranks.</summary>
    public const int DefaultK = 60;

    /// <summary>Fuses the lists; returns every item once with its fused score, best first (ties keep first-seen order).</summary>
    public static List<(T Item, double Score)> Reciprocal<T>(IEnumerable<RankedList<T>> lists, int k = DefaultK) where T : notnull
    {
        var scores = new Dictionary<T, double>();
        var order = new List<T>();
        foreach (var list in lists)
        {
            for (var rank = 0; rank < list.Items.Count; rank++)
            {
                var item = list.Items[rank];
                var contribution = list.Weight / (k + rank + 1);
                if (scores.TryGetValue(item, out var existing)) scores[item] = existing + contribution;
                else { scores[item] = contribution; order.Add(item); }
            }
        }

        var result = order.Select((item, index) => (item, scores[item], index)).ToList();
        result.Sort((a, b) => a.Item2 != b.Item2 ? b.Item2.CompareTo(a.Item2) : a.index.CompareTo(b.index));
        return result.Select(r => (r.item, r.Item2)).ToList();
    }
}

/// <summary>
/// Business signals applied after relevance. They are multiplicative and small on purpose: they reorder products
/// of similar relevance (prefer what can ship today, what other shoppers buy), never lift an irrelevant one.
/// </summary>
public sealed record BusinessSignalOptions
{
    /// <summary>Relative boost for an in-stock product (0.15 = +15%).</summary>
    public double InStockBoost { get; init; } = 0.15;

    /// <summary>Relative boost for the store's most popular product; others get it on a log scale.</summary>
    public double PopularityBoost { get; init; } = 0.10;

    /// <summary>Multiplier for a relevance score given the product and the store's highest popularity.</summary>
    public double Factor(SearchableProduct product, double maxPopularity)
    {
        var factor = product.InStock ? 1.0 + InStockBoost : 1.0;
        if (maxPopularity > 0 && product.Popularity > 0)
        {
            factor *= 1.0 + PopularityBoost * Math.Log(1 + product.Popularity) / Math.Log(1 + maxPopularity);
        }
        return factor;
    }
}

namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// Asks the primary model first and tops the list up from the fallback (usually popularity), so a new
/// customer or a thin history still gets a full shelf instead of an empty widget.
/// </summary>
public sealed class FallbackModel(IRecommendationModel primary, IRecommendationModel fallback) : IRecommendationModel
{
    /// <inheritdoc />
    public string Name => primary.Name;

    /// <inheritdoc />
    public IReadOnlyList<ScoredProduct> Recommend(RecommendationQuery query)
    {
        var first = primary.Recommend(query);
        if (first.Count >= query.Count) return first;
        var taken = new HashSet<string>(first.Select(p => p.ProductId), StringComparer.Ordinal);
        var result = new List<ScoredProduct>(first);
        // The fallback's scores are on another scale, so they are placed below the primary's.
        var floor = first.Count == 0 ? 0.0 : first.Min(p => p.Score);
        var more = fallback.Recommend(query with { Count = query.Count + taken.Count });
        var rank = 0;
        foreach (var p in more)
        {
            if (result.Count >= query.Count) break;
            if (!taken.Add(p.ProductId)) continue;
            result.Add(new ScoredProduct(p.ProductId, floor - 1.0 - rank++));
        }
        return result;
    }
}

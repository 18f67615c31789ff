namespace RetailCommerce.Modules.Recommendations.Evaluation;

/// <summary>
/// Top-N accuracy measures for one customer's list against the products they really went on to use
/// (binary relevance).
/// </summary>
public static class RankingMetrics
{
    /// <summary>1 if any of the first k products is relevant, else 0.</summary>
    public static double HitRate(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        for (var n = 0; n < Math.Min(k, ranked.Count); n++) if (relevant.Contains(ranked[n])) return 1.0;
        return 0.0;
    }

    /// <summary>
    /// DCG@k / ideal DCG@k with gain 1 for a relevant product at position p (1-based) discounted by log2(p + 1);
    /// the ideal puts min(|relevant|, k) hits first.
    /// </summary>
    public static double Ndcg(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        if (relevant.Count == 0) return 0.0;
        double dcg = 0, ideal = 0;
        for (var n = 0; n < Math.Min(k, ranked.Count); n++)
            if (relevant.Contains(ranked[n])) dcg += 1.0 / Math.Log2(n + 2);
        for (var n = 0; n < Math.Min(k, relevant.Count); n++) ideal += 1.0 / Math.Log2(n + 2);
        return dcg / ideal;
    }

    /// <summary>Relevant products found in the first k, divided by all relevant products (not capped at k).</summary>
    public static double Recall(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        if (relevant.Count == 0) return 0.0;
        var hits = 0;
        for (var n = 0; n < Math.Min(k, ranked.Count); n++) if (relevant.Contains(ranked[n])) hits++;
        return (double)hits / relevant.Count;
    }
}

namespace RetailCommerce.Modules.Search.Ranking.Learned;

/// <summary>
/// A few core features restated against the best candidate of the same query (value − the query's best), so a tree can
/// say "the best title match this query has" whatever the query's length or rarity makes the absolute values. The
/// best is taken over what lexical and semantic retrieval found, not over click-memory additions, so training (whose
/// extra candidates come from a larger pool) and serving see the same reference.
/// </summary>
public static class QueryRelativeFeatures
{
    /// <summary>Names, in vector order (appended after the text features).</summary>
    public static readonly string[] Names = ["bm25_title_vs_best", "cosine_vs_best", "title_coverage_vs_best", "soft_match_vs_best", "trigram_vs_best",
        "word_vector_soft_vs_best", "word_vector_cosine_vs_best"];

    private static readonly string[] Sources = ["bm25_title", "cosine", "title_coverage", "soft_match_mean", "trigram_coverage", "word_vector_soft_mean", "word_vector_cosine"];

    // Positions in the full vector; a nested class so they are read after SearchRankingFeatures.Names (which lists Names) exists.
    private static class Columns
    {
        public static readonly int[] Source = [.. Sources.Select(SearchRankingFeatures.IndexOf)];
        public static readonly int Start = SearchRankingFeatures.IndexOf(Names[0]);
    }

    /// <summary>
    /// Fills the relative columns of every candidate of one query; the first <paramref name="retrieved"/> candidates
    /// (what lexical and semantic retrieval found) set the reference.
    /// </summary>
    public static void Fill(IReadOnlyList<float[]> candidates, int retrieved)
    {
        for (var k = 0; k < Columns.Source.Length; k++)
        {
            var source = Columns.Source[k];
            var best = float.NegativeInfinity;
            for (var i = 0; i < retrieved && i < candidates.Count; i++) best = Math.Max(best, candidates[i][source]);
            if (float.IsNegativeInfinity(best)) best = 0;
            for (var i = 0; i < candidates.Count; i++) candidates[i][Columns.Start + k] = candidates[i][source] - best;
        }
    }
}

using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Ranking.Learned;

/// <summary>
/// Fills the features learned from the store's own searches — term associations (<see cref="SearchTermAssociations"/>)
/// and the click memory (<see cref="SearchClickMemory"/>) — strictly out of fold for training rows.
/// </summary>
public static class LearnedRankingFeatures
{
    /// <summary>
    /// Copies of <paramref name="train"/> whose learned features come from tables built without the row's own query fold
    /// (<see cref="SearchTermAssociations.OutOfFoldFolds"/> folds by query), and of <paramref name="test"/> with tables built
    /// on all of <paramref name="train"/> (returned: the ones to serve with). The click memory learns from
    /// <paramref name="clicks"/> minus the searches of <paramref name="test"/> and, per fold, minus that fold's searches;
    /// clicks of searches that have no training rows (e.g. a query whose clicked products are no longer findable) are
    /// in every memory, since no row can leak through them. Rows only the memory brought in are kept where the memory
    /// that fills them proposes them (as serving would add them) and dropped elsewhere.
    /// </summary>
    public static (List<SearchRankingExample> Train, List<SearchRankingExample> Test, SearchTermAssociations Associations, SearchClickMemory? Memory) Encode(
        IReadOnlyList<SearchRankingExample> train, IReadOnlyList<SearchRankingExample> test, IReadOnlyList<PastSearch>? clicks, WordVectors? wordVectors = null)
    {
        var folds = SearchTermAssociations.OutOfFoldFolds;
        var queries = train.Select(e => e.Query).Distinct().OrderBy(q => q, StringComparer.Ordinal).ToList();
        var fold = queries.Select((q, i) => (q, i % folds)).ToDictionary(x => x.q, x => x.Item2, StringComparer.Ordinal);
        var testQueries = test.Select(e => e.Query).ToHashSet(StringComparer.Ordinal);
        var usable = clicks?.Where(c => !testQueries.Contains(c.Query)).ToList();

        var encoded = new SearchRankingExample?[train.Count];
        for (var f = 0; f < folds; f++)
        {
            var table = SearchTermAssociations.Learn(train.Where(e => fold[e.Query] != f));
            var memory = usable is null ? null : SearchClickMemory.Learn(usable.Where(c => !fold.TryGetValue(c.Query, out var cf) || cf != f));
            var lookups = new Dictionary<string, ClickMemoryLookup?>(StringComparer.Ordinal);
            for (var i = 0; i < train.Count; i++)
            {
                if (fold[train[i].Query] == f) encoded[i] = Apply(train[i], table, memory, lookups, wordVectors);
            }
        }
        var full = SearchTermAssociations.Learn(train);
        var fullMemory = usable is null ? null : SearchClickMemory.Learn(usable);
        var testLookups = new Dictionary<string, ClickMemoryLookup?>(StringComparer.Ordinal);
        var encodedTest = test.Select(e => Apply(e, full, fullMemory, testLookups, wordVectors)).OfType<SearchRankingExample>().ToList();
        return (encoded.OfType<SearchRankingExample>().ToList(), encodedTest, full, fullMemory);
    }

    /// <summary>A copy with the learned features, or null for a memory-only row this memory would not have proposed.</summary>
    private static SearchRankingExample? Apply(SearchRankingExample example, SearchTermAssociations associations, SearchClickMemory? memory,
        Dictionary<string, ClickMemoryLookup?> lookups, WordVectors? wordVectors)
    {
        if (!lookups.TryGetValue(example.Query, out var lookup)) lookups[example.Query] = lookup = memory?.Look(example.QueryTerms);
        if (example.MemoryOnly && (lookup is null || !lookup.Proposes(example.ProductId))) return null;
        var features = (float[])example.Features.Clone();
        associations.Fill(example.QueryTerms, example.ProductTerms, features, wordVectors);
        if (lookup is not null) lookup.Fill(example.ProductId, features);
        else features.AsSpan(SearchRankingFeatures.ClickStart, SearchClickMemory.FeatureNames.Length).Clear();
        return example with { Features = features };
    }
}

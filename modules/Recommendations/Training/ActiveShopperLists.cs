using System.Collections.Concurrent;

namespace RetailCommerce.Modules.Recommendations.Training;

/// <summary>
/// PERSONALIZED candidate lists of shoppers who were active after the model was trained, kept for the model's
/// lifetime. The precomputed <see cref="PersonalLists"/> cannot serve them (their latest views are the ranker's
/// context), and the live ranker costs about a millisecond of CPU per list at 10,000 products. A shopper asks for
/// several placements and pages between two events, and <see cref="Serving.PersonalListWarmer"/> ranks a shopper's new
/// context as soon as their events are stored, so most of those requests become lookups.
/// The ranked list is a pure function of the trained model and the query, so an entry never goes stale while its
/// model serves; a retrain builds a new model with an empty set.
/// </summary>
public sealed class ActiveShopperLists(int capacity)
{
    // Two generations instead of an LRU list: when the newer one is full it becomes the older one and the
    // previous older one is dropped, so memory stays bounded without a lock or per-hit bookkeeping.
    private ConcurrentDictionary<string, HeldList> _newer = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, HeldList> _older = new(StringComparer.Ordinal);
    private readonly Lock _turnover = new();
    /// <summary>
    /// Lists held per model. Kept as flat id and score arrays (the ids are the model's own strings), a 60-product
    /// list takes about 1 KB, so 100,000 active shoppers' contexts take ~100 MB.
    /// </summary>
    public const int DefaultCapacity = 100_000;

    // Flat instead of 60 ScoredProduct objects: a third of the memory and nothing for the GC to trace per product.
    private sealed class HeldList(IReadOnlyList<ScoredProduct> list)
    {
        private readonly string[] _ids = [.. list.Select(p => p.ProductId)];
        private readonly double[] _scores = [.. list.Select(p => p.Score)];

        public IReadOnlyList<ScoredProduct> List()
        {
            var result = new ScoredProduct[_ids.Length];
            for (var n = 0; n < result.Length; n++) result[n] = new ScoredProduct(_ids[n], _scores[n]);
            return result;
        }
    }

    private int _newerCount;
    private long _hits;
    private long _ranked;

    /// <summary>Requests answered from a list ranked earlier (by a previous request or by the warmer).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lists ranked (by requests that found nothing, or by the warmer).</summary>
    public long Ranked => Interlocked.Read(ref _ranked);

    /// <summary>Lists held (both generations; a list carried over counts twice). Takes locks: for tests and admin, not serving.</summary>
    public int Count => _newer.Count + _older.Count;

    /// <summary>The query's ranked list: from the set when present, otherwise ranked now and kept.</summary>
    public IReadOnlyList<ScoredProduct> GetOrRank(RecommendationQuery query, Func<RecommendationQuery, IReadOnlyList<ScoredProduct>> rank)
    {
        var key = KeyOf(query);
        if (_newer.TryGetValue(key, out var held))
        {
            Interlocked.Increment(ref _hits);
            return held.List();
        }
        if (_older.TryGetValue(key, out held))
        {
            Interlocked.Increment(ref _hits);
            Keep(key, held); // still wanted: carry it into the newer generation
            return held.List();
        }
        var list = rank(query);
        Interlocked.Increment(ref _ranked);
        Keep(key, new HeldList(list));
        return list;
    }

    /// <summary>Ranks the query unless it is held already (the warmer's path: no hit is counted).</summary>
    public void Warm(RecommendationQuery query, Func<RecommendationQuery, IReadOnlyList<ScoredProduct>> rank)
    {
        var key = KeyOf(query);
        if (_newer.ContainsKey(key) || _older.ContainsKey(key)) return;
        Keep(key, new HeldList(rank(query)));
        Interlocked.Increment(ref _ranked);
    }

    private void Keep(string key, HeldList list)
    {
        // ConcurrentDictionary.Count takes every lock, so the newer generation's size is counted here (approximately
        // under races, which only moves the turnover by a few entries).
        if (Volatile.Read(ref _newerCount) >= capacity / 2)
            lock (_turnover)
                if (_newerCount >= capacity / 2)
                {
                    _older = _newer;
                    _newer = new(StringComparer.Ordinal);
                    _newerCount = 0;
                }
        if (_newer.TryAdd(key, list)) Interlocked.Increment(ref _newerCount);
    }

    /// <summary>
    /// Everything the ranked list depends on besides the model. The context keeps its order (the latest view
    /// counts most); the exclusions are a set.
    /// </summary>
    internal static string KeyOf(RecommendationQuery q) =>
        string.Join('\u001f', q.CustomerId ?? "", string.Join('\u001e', q.ContextProductIds),
            string.Join('\u001e', q.Exclude.Order(StringComparer.Ordinal)), q.Count, q.ExcludeKnown, q.ExcludeContext);
}

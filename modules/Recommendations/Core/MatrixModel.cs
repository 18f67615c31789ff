using System.Buffers;

namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// Shared plumbing for the models that score every product of a sparse interaction matrix:
/// query → (customer row, context products) → dense scores → exclusions → top N.
/// Each model only says how to fill the score vector.
/// </summary>
public abstract class MatrixModel : IRecommendationModel
{
    private protected MatrixModel(InteractionMatrix data) => Data = data;

    private protected InteractionMatrix Data { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The "now" of this model: the latest interaction it was trained on.</summary>
    public DateTimeOffset TrainedUntil => Data.Reference;

    /// <summary>Number of products the model knows.</summary>
    public int ProductCount => Data.ItemCount;

    /// <summary>Every customer (or session key) in the training data.</summary>
    public IReadOnlyList<string> CustomerIds => Data.Customers.Ids;

    /// <summary>Whether the customer appears in the training data.</summary>
    public bool KnowsCustomer(string customerId) => Data.Customers.IndexOf(customerId) >= 0;

    /// <summary>The customer's event count and days since their last event, as of <see cref="TrainedUntil"/> ((0, −1) when unknown).</summary>
    public (int Events, double IdleDays) CustomerActivity(string customerId)
    {
        var u = Data.Customers.IndexOf(customerId);
        if (u < 0) return (0, -1);
        var idle = (Data.Reference - DateTimeOffset.FromUnixTimeSeconds(Data.UserLastEvent[u])).TotalDays;
        return (Data.UserEventCount[u], Math.Max(0, idle));
    }

    /// <summary>The customer's products in the training data, most recent first (empty when unknown).</summary>
    public IReadOnlyList<string> RecentProductsOf(string customerId, int max)
    {
        var u = Data.Customers.IndexOf(customerId);
        return u < 0 ? [] : [.. Data.RecentItemsOf(u, max).Select(i => Data.Products[i])];
    }

    /// <summary>
    /// Fills <paramref name="scores"/> (one slot per product, zeroed) for the customer row
    /// (-1 when unknown) and the context products. Returns false when the model has nothing to say
    /// (an item-based model with no history and no context), so callers can fall back.
    /// </summary>
    private protected abstract bool ScoreInto(int user, ReadOnlySpan<int> context, double[] scores);

    /// <summary>Products with a zero score are not recommended by models where zero means "no evidence".</summary>
    private protected virtual bool ZeroMeansUnknown => true;

    /// <summary>
    /// The catalog in descending score order when it does not depend on the customer (popularity), so a top
    /// list is a walk down it instead of a scan of the whole catalog; null for personal models.
    /// </summary>
    private protected virtual int[]? FixedOrder => null;

    /// <inheritdoc />
    public IReadOnlyList<ScoredProduct> Recommend(RecommendationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Count <= 0) return [];
        using var sheet = Sheet(query);
        return sheet.Top(query, query.Count);
    }

    /// <summary>
    /// Scores every product for the query once, into a pooled buffer the caller must dispose. The blended ranker
    /// takes a source's top list and then its candidates' scores from the same sheet (one scoring pass per source).
    /// </summary>
    internal ScoreSheet Sheet(RecommendationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (user, context) = Resolve(query);
        // Catalog-sized buffers come from the shared pool: a personalized list asks nine sources, and a fresh
        // 10,000-slot array each time was most of what a request allocated (GC pauses were the latency tail).
        var n = Data.ItemCount;
        var scores = ArrayPool<double>.Shared.Rent(Math.Max(1, n));
        Array.Clear(scores, 0, n);
        var any = ScoreInto(user, context, scores);
        return new ScoreSheet(this, scores, any, user, context);
    }

    /// <summary>One query's scores over the whole catalog (pooled; dispose to return the buffer).</summary>
    internal sealed class ScoreSheet(MatrixModel model, double[] scores, bool any, int user, int[] context) : IDisposable
    {
        private double[]? _scores = scores;

        /// <summary>False when the model had nothing to say (no history, no context).</summary>
        public bool Any => any;

        /// <summary>The score of a product (0 when unknown to the model or when the model had nothing to say).</summary>
        public double ScoreOf(string productId)
        {
            if (!any) return 0.0;
            var i = model.Data.Products.IndexOf(productId);
            return i >= 0 ? _scores![i] : 0.0;
        }

        /// <summary>The best <paramref name="count"/> products after the query's exclusions.</summary>
        public IReadOnlyList<ScoredProduct> Top(RecommendationQuery query, int count)
        {
            if (!any || count <= 0) return [];
            var data = model.Data;
            var n = data.ItemCount;
            var scores = _scores!;
            var excluded = ArrayPool<bool>.Shared.Rent(Math.Max(1, n));
            try
            {
                Array.Clear(excluded, 0, n);
                foreach (var id in query.Exclude)
                {
                    var i = data.Products.IndexOf(id);
                    if (i >= 0) excluded[i] = true;
                }
                if (query.ExcludeKnown && user >= 0)
                    foreach (var i in data.ItemsOf(user)) excluded[i] = true;
                if (query.ExcludeContext)
                    foreach (var i in context) excluded[i] = true;

                int[] top;
                if (model.FixedOrder is { } order)
                {
                    // Popularity: walk the precomputed order (same result as the scan: descending score, lower index first).
                    var picked = new List<int>(count);
                    foreach (var i in order)
                    {
                        if (picked.Count == count) break;
                        if (excluded[i] || (model.ZeroMeansUnknown && scores[i] == 0.0) || double.IsNaN(scores[i])) continue;
                        picked.Add(i);
                    }
                    top = [.. picked];
                }
                else top = TopN.Select(scores.AsSpan(0, n), count, excluded, model.ZeroMeansUnknown);
                var result = new ScoredProduct[top.Length];
                for (var k = 0; k < top.Length; k++) result[k] = new ScoredProduct(data.Products[top[k]], scores[top[k]]);
                return result;
            }
            finally
            {
                ArrayPool<bool>.Shared.Return(excluded);
            }
        }

        public void Dispose()
        {
            if (_scores is { } s) ArrayPool<double>.Shared.Return(s);
            _scores = null;
        }
    }

    /// <summary>
    /// Scores the given products for the query (0 for products the model does not know).
    /// The blended ranker reads its features through this.
    /// </summary>
    public double[] Score(RecommendationQuery query, IReadOnlyList<string> productIds)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(productIds);
        using var sheet = Sheet(query);
        var result = new double[productIds.Count];
        for (var k = 0; k < productIds.Count; k++) result[k] = sheet.ScoreOf(productIds[k]);
        return result;
    }

    private (int User, int[] Context) Resolve(RecommendationQuery query)
    {
        var user = Data.Customers.IndexOf(query.CustomerId);
        var context = new List<int>(query.ContextProductIds.Count);
        foreach (var id in query.ContextProductIds)
        {
            var i = Data.Products.IndexOf(id);
            if (i >= 0 && !context.Contains(i)) context.Add(i);
        }
        return (user, [.. context]);
    }
}

/// <summary>Top-N selection with a small min-heap: O(n log N) instead of sorting the whole catalog.</summary>
internal static class TopN
{
    public static int[] Select(ReadOnlySpan<double> scores, int count, bool[]? excluded, bool skipZero)
    {
        // Ties are broken by the lower index (first seen), which keeps results deterministic.
        var heap = new PriorityQueue<int, (double Score, int NegIndex)>(count + 1);
        // Once the heap is full, anything below its smallest score cannot enter: one double comparison rejects
        // most of a 10,000-product catalog without touching the heap.
        var threshold = double.NegativeInfinity;
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (s < threshold || (skipZero && s == 0.0) || double.IsNaN(s)) continue;
            if (excluded is not null && excluded[i]) continue;
            var key = (s, -i);
            if (heap.Count < count)
            {
                heap.Enqueue(i, key);
                if (heap.Count == count) threshold = heap.TryPeek(out _, out var full) ? full.Score : threshold;
            }
            else if (heap.TryPeek(out _, out var min) && Compare(key, min) > 0)
            {
                heap.EnqueueDequeue(i, key);
                heap.TryPeek(out _, out var next);
                threshold = next.Score;
            }
        }
        var result = new int[heap.Count];
        for (var n = result.Length - 1; n >= 0; n--) result[n] = heap.Dequeue();
        return result;
    }

    private static int Compare((double Score, int NegIndex) a, (double Score, int NegIndex) b)
    {
        var c = a.Score.CompareTo(b.Score);
        return c != 0 ? c : a.NegIndex.CompareTo(b.NegIndex);
    }
}

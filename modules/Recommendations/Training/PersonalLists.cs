namespace RetailCommerce.Modules.Recommendations.Training;

/// <summary>
/// Every known shopper's PERSONALIZED candidate list (the blended ranker's top N before the business rules),
/// computed once at training. A request from a shopper with nothing new since the model was trained is then
/// a lookup instead of nine scoring passes over the catalog and a LightGBM run (about 1 ms of CPU each at
/// 10,000 products): on a 2-core server that is the difference between ~1,000 and ~10,000 lists a second.
/// Shoppers with activity after the training cutoff still go through the live ranker with that activity as context.
/// </summary>
public sealed class PersonalLists
{
    private readonly Dictionary<string, int> _rowOf;
    private readonly int[] _start;
    private readonly int[] _products;
    private readonly float[] _scores;
    private readonly string[] _productIds;

    private PersonalLists(Dictionary<string, int> rowOf, int[] start, int[] products, float[] scores, string[] productIds, int length)
    {
        _rowOf = rowOf;
        _start = start;
        _products = products;
        _scores = scores;
        _productIds = productIds;
        Length = length;
    }

    /// <summary>Products kept per shopper; a request for a longer candidate pool goes to the live ranker.</summary>
    public int Length { get; }

    /// <summary>Shoppers with a list.</summary>
    public int Count => _rowOf.Count;

    /// <summary>
    /// Computes the lists in parallel. <paramref name="rank"/> must be thread-safe (the trained ranker is:
    /// it is immutable and serves concurrent requests the same way).
    /// </summary>
    public static PersonalLists Compute(IReadOnlyList<string> shoppers, int length, Func<string, IReadOnlyList<ScoredProduct>> rank)
    {
        var lists = new IReadOnlyList<ScoredProduct>[shoppers.Count];
        Parallel.For(0, shoppers.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, n => lists[n] = rank(shoppers[n]));
        // Flat arrays (one offset per shopper, product indices into one id table): 100,000 shoppers × 60
        // products take ~50 MB instead of ~200 MB as separate lists of records.
        var productIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        var rowOf = new Dictionary<string, int>(shoppers.Count, StringComparer.Ordinal);
        var start = new int[shoppers.Count + 1];
        var total = lists.Sum(l => l.Count);
        var products = new int[total];
        var scores = new float[total];
        var at = 0;
        for (var n = 0; n < shoppers.Count; n++)
        {
            rowOf[shoppers[n]] = n;
            start[n] = at;
            foreach (var p in lists[n])
            {
                if (!productIndex.TryGetValue(p.ProductId, out var i)) { i = ids.Count; productIndex[p.ProductId] = i; ids.Add(p.ProductId); }
                products[at] = i;
                scores[at] = (float)p.Score;
                at++;
            }
        }
        start[shoppers.Count] = at;
        return new PersonalLists(rowOf, start, products, scores, [.. ids], length);
    }

    /// <summary>The shopper's first <paramref name="count"/> products, or null when they have no list or it is too short a pool.</summary>
    public IReadOnlyList<ScoredProduct>? Get(string shopperKey, int count)
    {
        if (count > Length || !_rowOf.TryGetValue(shopperKey, out var row)) return null;
        var from = _start[row];
        var n = Math.Min(count, _start[row + 1] - from);
        var result = new ScoredProduct[n];
        for (var k = 0; k < n; k++) result[k] = new ScoredProduct(_productIds[_products[from + k]], _scores[from + k]);
        return result;
    }
}

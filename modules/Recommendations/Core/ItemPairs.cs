namespace RetailCommerce.Modules.Recommendations;

/// <summary>A product's neighbour and the strength of the link.</summary>
internal readonly record struct Neighbour(int Item, float Score);

/// <summary>
/// Sparse product × product accumulation (the product-side Gram matrix AᵀA), one row at a time:
/// a dense scratch row per thread keeps memory at O(products) while the output stays sparse,
/// so a 100k-product catalog does not need a 100k × 100k table.
/// </summary>
internal static class ItemPairs
{
    /// <summary>
    /// For every product <c>i</c>, accumulates <c>row[j] = Σ_u w(u,i)·w(u,j)</c> over the customers
    /// who share both (w = 1 when <paramref name="binary"/>) and hands the row to
    /// <paramref name="keep"/>, which returns the neighbours to store for <c>i</c>.
    /// </summary>
    public static Neighbour[][] Compute(
        InteractionMatrix data,
        bool binary,
        Func<int, double[], List<int>, Neighbour[]> keep)
    {
        var result = new Neighbour[data.ItemCount][];
        Parallel.For(
            0,
            data.ItemCount,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => (Row: new double[data.ItemCount], Touched: new List<int>()),
            (i, _, scratch) =>
            {
                var (row, touched) = scratch;
                var users = data.UsersOf(i);
                var weights = data.ItemValuesOf(i);
                for (var n = 0; n < users.Length; n++)
                {
                    var u = users[n];
                    var wi = binary ? 1.0 : weights[n];
                    var items = data.ItemsOf(u);
                    var values = data.ValuesOf(u);
                    for (var m = 0; m < items.Length; m++)
                    {
                        var j = items[m];
                        if (j == i) continue;
                        if (row[j] == 0.0) touched.Add(j);
                        row[j] += binary ? 1.0 : wi * values[m];
                    }
                }
                result[i] = keep(i, row, touched);
                foreach (var j in touched) row[j] = 0.0;
                touched.Clear();
                return scratch;
            },
            _ => { });
        return result;
    }

    /// <summary>The <paramref name="max"/> best-scored entries of a candidate list, best first (ties: lower index first).</summary>
    public static Neighbour[] Best(List<Neighbour> candidates, int max)
    {
        candidates.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        if (candidates.Count > max) candidates.RemoveRange(max, candidates.Count - max);
        return [.. candidates];
    }
}

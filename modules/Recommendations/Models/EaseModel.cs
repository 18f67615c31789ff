using System.Numerics;

namespace RetailCommerce.Modules.Recommendations;

/// <summary>Settings for <see cref="EaseModel"/>.</summary>
public sealed record EaseOptions
{
    /// <summary>
    /// L2 penalty λ on the item-item weights (added to the Gram matrix's diagonal). Larger pulls the weights of
    /// rarely co-interacted pairs to 0; Steck used 100–500 for MovieLens-scale data.
    /// </summary>
    public double Lambda { get; init; } = 200;

    /// <summary>Half-life of the interaction weights (both in the Gram matrix and in a customer's row when scoring).</summary>
    public TimeSpan? HalfLife { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// At most this many products (the most interacted with) take part: the inversion is O(n³) time and
    /// O(n²) memory, so 2,000 products cost about a second and 32 MB; rarer products get no EASE score.
    /// </summary>
    public int MaxProducts { get; init; } = 2_000;

    /// <summary>How much each kind of interaction counts.</summary>
    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.Default;
}

/// <summary>
/// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): an item-to-item weight matrix B learned in closed
/// form as the ridge regression of every product's column on all the others, with a zero diagonal so a product
/// cannot explain itself: P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag(P)). A customer's score for product j is
/// Σᵢ xᵢ·Bᵢⱼ over their (time-decayed) history. Unlike cosine item-kNN the weights are fitted jointly, so
/// products that only look related because both are popular get little weight.
/// </summary>
public sealed class EaseModel : MatrixModel
{
    // B restricted to the kept products: row r, column c of _weights is B between kept products r and c.
    private readonly float[] _weights;
    private readonly int[] _slotOfItem;   // matrix item index → kept slot, or −1
    private readonly int[] _itemOfSlot;   // kept slot → matrix item index

    private EaseModel(InteractionMatrix data, EaseOptions options) : base(data)
    {
        Options = options;
        (_weights, _slotOfItem, _itemOfSlot) = Fit(data, options);
    }

    /// <inheritdoc />
    public override string Name => "ease";

    /// <summary>The settings it was trained with.</summary>
    public EaseOptions Options { get; }

    /// <summary>Products that take part in the model.</summary>
    public int ModelledProducts => _itemOfSlot.Length;

    /// <summary>Trains the model.</summary>
    public static EaseModel Train(IReadOnlyList<Interaction> interactions, EaseOptions? options = null)
    {
        options ??= new EaseOptions();
        if (options.Lambda <= 0) throw new ArgumentOutOfRangeException(nameof(options), "Lambda must be positive.");
        var data = InteractionMatrix.Build(interactions, options.Weighting, new TimeDecay(options.HalfLife));
        return new EaseModel(data, options);
    }

    /// <summary>The learned weight Bₐᵦ: how much interest in <paramref name="from"/> predicts <paramref name="to"/> (0 when either is not modelled).</summary>
    public double Weight(string from, string to)
    {
        int a = Data.Products.IndexOf(from), b = Data.Products.IndexOf(to);
        if (a < 0 || b < 0 || _slotOfItem[a] < 0 || _slotOfItem[b] < 0) return 0;
        return _weights[_slotOfItem[a] * _itemOfSlot.Length + _slotOfItem[b]];
    }

    private static (float[], int[], int[]) Fit(InteractionMatrix data, EaseOptions o)
    {
        // Keep the most interacted-with products (ties by index, deterministic).
        var kept = Enumerable.Range(0, data.ItemCount)
            .OrderByDescending(i => data.ItemStart[i + 1] - data.ItemStart[i]).ThenBy(i => i)
            .Take(Math.Max(0, o.MaxProducts)).OrderBy(i => i).ToArray();
        var slot = Enumerable.Repeat(-1, data.ItemCount).ToArray();
        for (var s = 0; s < kept.Length; s++) slot[kept[s]] = s;
        var m = kept.Length;
        if (m == 0) return ([], slot, kept);

        // Gram matrix XᵀX over the kept products, one customer row at a time, plus λ on the diagonal.
        var g = new double[m * m];
        var rowSlots = new List<(int Slot, double Value)>();
        for (var u = 0; u < data.UserCount; u++)
        {
            rowSlots.Clear();
            var items = data.ItemsOf(u);
            var values = data.ValuesOf(u);
            for (var n = 0; n < items.Length; n++)
                if (slot[items[n]] is var s and >= 0) rowSlots.Add((s, values[n]));
            foreach (var (a, va) in rowSlots)
                foreach (var (b, vb) in rowSlots)
                    g[a * m + b] += va * vb;
        }
        for (var d = 0; d < m; d++) g[d * m + d] += o.Lambda;

        DenseMath.InvertSymmetricPositiveDefinite(g, m);

        var weights = new float[m * m];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++)
                weights[i * m + j] = i == j ? 0f : (float)(-g[i * m + j] / g[j * m + j]);
        return (weights, slot, kept);
    }

    private protected override bool ScoreInto(int user, ReadOnlySpan<int> context, double[] scores)
    {
        var m = _itemOfSlot.Length;
        if (m == 0) return false;
        var any = false;
        var contextWeight = 1.0;
        var row = new float[m];
        if (user >= 0)
        {
            var items = Data.ItemsOf(user);
            var values = Data.ValuesOf(user);
            for (var n = 0; n < items.Length; n++)
            {
                contextWeight = Math.Max(contextWeight, values[n]);
                if (_slotOfItem[items[n]] is var s and >= 0) { AddRow(s, values[n], row); any = true; }
            }
        }
        // What is on screen now counts as much as the customer's strongest past interest (as in item-kNN).
        foreach (var i in context)
            if (_slotOfItem[i] is var s and >= 0) { AddRow(s, (float)contextWeight, row); any = true; }
        if (!any) return false;
        for (var s = 0; s < m; s++) scores[_itemOfSlot[s]] = row[s];
        return true;
    }

    private void AddRow(int slot, float weight, float[] row)
    {
        var m = _itemOfSlot.Length;
        var source = _weights.AsSpan(slot * m, m);
        var target = row.AsSpan();
        var w = new Vector<float>(weight);
        var n = 0;
        for (; n + Vector<float>.Count <= m; n += Vector<float>.Count)
            (new Vector<float>(target[n..]) + w * new Vector<float>(source[n..])).CopyTo(target[n..]);
        for (; n < m; n++) target[n] += weight * source[n];
    }
}

/// <summary>Small dense linear algebra written here (no numerics package is available from the registry used).</summary>
internal static class DenseMath
{
    /// <summary>
    /// Inverts a symmetric positive definite n×n matrix (row-major) in place by Gauss–Jordan elimination without
    /// pivoting (safe for SPD matrices: every pivot is positive). O(n³), rows updated with SIMD over both cores.
    /// </summary>
    public static void InvertSymmetricPositiveDefinite(double[] a, int n)
    {
        if (a.Length < n * n) throw new ArgumentException("Matrix smaller than n×n.", nameof(a));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        var pivotRow = new double[n];
        for (var k = 0; k < n; k++)
        {
            var p = a[k * n + k];
            if (!(p > 0)) throw new InvalidOperationException($"Matrix is not positive definite (pivot {k} = {p}).");
            // Row k becomes row k / p, with its pivot slot standing for the inverse's entry.
            a[k * n + k] = 1.0;
            for (var j = 0; j < n; j++) a[k * n + j] /= p;
            Array.Copy(a, k * n, pivotRow, 0, n);
            void Eliminate(int i)
            {
                if (i == k) return;
                var f = a[i * n + k];
                if (f == 0) return;
                a[i * n + k] = 0.0;
                var target = a.AsSpan(i * n, n);
                var fv = new Vector<double>(f);
                var j = 0;
                for (; j + Vector<double>.Count <= n; j += Vector<double>.Count)
                    (new Vector<double>(target[j..]) - fv * new Vector<double>(pivotRow, j)).CopyTo(target[j..]);
                for (; j < n; j++) target[j] -= f * pivotRow[j];
            }
            if (n >= 256) Parallel.For(0, n, parallel, Eliminate);
            else for (var i = 0; i < n; i++) Eliminate(i);
        }
    }
}

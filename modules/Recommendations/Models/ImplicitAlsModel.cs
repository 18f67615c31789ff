namespace RetailCommerce.Modules.Recommendations;

/// <summary>Settings for <see cref="ImplicitAlsModel"/>.</summary>
public sealed record ImplicitAlsOptions
{
    /// <summary>Latent dimensions per customer and product.</summary>
    public int Factors { get; init; } = 48;

    /// <summary>Alternating sweeps (customers, then products). ALS converges in 10–20.</summary>
    public int Iterations { get; init; } = 15;

    /// <summary>L2 penalty λ on every factor vector.</summary>
    public double Regularization { get; init; } = 5.0;

    /// <summary>
    /// Confidence slope α in c = 1 + α·r: how much more an observed interaction counts than an
    /// unobserved one (Hu, Koren, Volinsky 2008 found values around 40 on TV data; smaller suits sparse shops).
    /// </summary>
    public double Alpha { get; init; } = 10.0;

    /// <summary>Use c = 1 + α·ln(1 + r/ε) instead of the linear confidence, which tames heavy repeat viewers.</summary>
    public bool LogConfidence { get; init; }

    /// <summary>ε of the log confidence.</summary>
    public double Epsilon { get; init; } = 1.0;

    /// <summary>Half-life applied to the interaction weights r before the confidence is computed.</summary>
    public TimeSpan? HalfLife { get; init; } = TimeSpan.FromDays(120);

    /// <summary>How much each kind of interaction counts.</summary>
    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.Default;

    /// <summary>Seed of the random initial factors, so a retrain on the same data gives the same model.</summary>
    public int Seed { get; init; } = 17;

    /// <summary>Compute the full weighted loss after every sweep (O(customers × products); for tests and tuning only).</summary>
    public bool TrackLoss { get; init; }
}

/// <summary>
/// Implicit-feedback matrix factorization by alternating least squares (Hu, Koren, Volinsky 2008).
/// Every customer–product cell is a preference p ∈ {0, 1} with confidence c = 1 + α·r, so a product
/// nobody touched still says a little ("probably not interested"), which is what makes it learn from
/// clicks and purchases rather than from ratings. Each half-step solves one small k×k system per row
/// with a Cholesky factorization, using the YᵀY + Yᵀ(Cᵤ − I)Y trick so the cost grows with the
/// customer's interactions, not with the catalog.
/// </summary>
public sealed class ImplicitAlsModel : MatrixModel
{
    private readonly double[] _userFactors;
    private readonly double[] _itemFactors;
    private readonly double[] _itemGram;
    private readonly int _k;

    private ImplicitAlsModel(InteractionMatrix data, ImplicitAlsOptions options) : base(data)
    {
        Options = options;
        _k = options.Factors;
        (_userFactors, _itemFactors, LossHistory) = Fit(data, options);
        _itemGram = Gram(_itemFactors, data.ItemCount, _k);
    }

    /// <inheritdoc />
    public override string Name => "als";

    /// <summary>The settings it was trained with.</summary>
    public ImplicitAlsOptions Options { get; }

    /// <summary>The weighted loss after each sweep when <see cref="ImplicitAlsOptions.TrackLoss"/> is on.</summary>
    public IReadOnlyList<double> LossHistory { get; }

    private protected override bool ZeroMeansUnknown => false;

    /// <summary>Trains the model.</summary>
    public static ImplicitAlsModel Train(IReadOnlyList<Interaction> interactions, ImplicitAlsOptions? options = null)
    {
        options ??= new ImplicitAlsOptions();
        if (options.Factors <= 0) throw new ArgumentOutOfRangeException(nameof(options), "Factors must be positive.");
        var data = InteractionMatrix.Build(interactions, options.Weighting, new TimeDecay(options.HalfLife));
        return new ImplicitAlsModel(data, options);
    }

    /// <summary>The customer's latent vector (null when unknown).</summary>
    public double[]? CustomerFactors(string customerId)
    {
        var u = Data.Customers.IndexOf(customerId);
        return u < 0 ? null : _userFactors.AsSpan(u * _k, _k).ToArray();
    }

    /// <summary>The product's latent vector (null when unknown).</summary>
    public double[]? ProductFactors(string productId)
    {
        var i = Data.Products.IndexOf(productId);
        return i < 0 ? null : _itemFactors.AsSpan(i * _k, _k).ToArray();
    }

    private double Confidence(double r) => ConfidenceOf(r, Options);

    private static double ConfidenceOf(double r, ImplicitAlsOptions o) =>
        o.LogConfidence ? 1.0 + o.Alpha * Math.Log(1.0 + r / o.Epsilon) : 1.0 + o.Alpha * r;

    private static (double[] Users, double[] Items, IReadOnlyList<double> Loss) Fit(InteractionMatrix data, ImplicitAlsOptions o)
    {
        int k = o.Factors, users = data.UserCount, items = data.ItemCount;
        var random = new Random(o.Seed);
        var x = new double[users * k];
        var y = new double[items * k];
        // Small random start; the first user sweep overwrites x, so only y's start matters.
        for (var n = 0; n < y.Length; n++) y[n] = (random.NextDouble() - 0.5) * 0.02;
        for (var n = 0; n < x.Length; n++) x[n] = (random.NextDouble() - 0.5) * 0.02;

        var confidenceOfUsers = data.UserValues.Select(r => ConfidenceOf(r, o)).ToArray();
        var confidenceOfItems = data.ItemValues.Select(r => ConfidenceOf(r, o)).ToArray();
        var loss = new List<double>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        for (var sweep = 0; sweep < o.Iterations; sweep++)
        {
            var gramY = Gram(y, items, k);
            Parallel.For(0, users, parallel, () => new AlsScratch(k), (u, _, s) =>
            {
                int from = data.UserStart[u], to = data.UserStart[u + 1];
                AlsSolver.SolveRow(gramY, y, k, data.UserItems.AsSpan(from, to - from),
                    confidenceOfUsers.AsSpan(from, to - from), o.Regularization, x.AsSpan(u * k, k), s);
                return s;
            }, _ => { });

            var gramX = Gram(x, users, k);
            Parallel.For(0, items, parallel, () => new AlsScratch(k), (i, _, s) =>
            {
                int from = data.ItemStart[i], to = data.ItemStart[i + 1];
                AlsSolver.SolveRow(gramX, x, k, data.ItemUsers.AsSpan(from, to - from),
                    confidenceOfItems.AsSpan(from, to - from), o.Regularization, y.AsSpan(i * k, k), s);
                return s;
            }, _ => { });

            if (o.TrackLoss) loss.Add(Loss(data, confidenceOfUsers, x, y, k, o.Regularization));
        }
        return (x, y, loss);
    }

    /// <summary>FᵀF for a row-major n×k factor matrix.</summary>
    internal static double[] Gram(double[] factors, int rows, int k)
    {
        var gram = new double[k * k];
        for (var r = 0; r < rows; r++)
        {
            var f = factors.AsSpan(r * k, k);
            for (var a = 0; a < k; a++)
            {
                var fa = f[a];
                if (fa == 0) continue;
                for (var b = a; b < k; b++) gram[a * k + b] += fa * f[b];
            }
        }
        for (var a = 0; a < k; a++)
            for (var b = 0; b < a; b++) gram[a * k + b] = gram[b * k + a];
        return gram;
    }

    /// <summary>Σ c(p − xᵀy)² over all cells + λ(‖X‖² + ‖Y‖²): the objective ALS minimizes.</summary>
    private static double Loss(InteractionMatrix data, double[] confidence, double[] x, double[] y, int k, double lambda)
    {
        double total = 0;
        for (var u = 0; u < data.UserCount; u++)
        {
            var xu = x.AsSpan(u * k, k);
            var observed = new Dictionary<int, double>();
            for (var n = data.UserStart[u]; n < data.UserStart[u + 1]; n++) observed[data.UserItems[n]] = confidence[n];
            for (var i = 0; i < data.ItemCount; i++)
            {
                var prediction = Dot(xu, y.AsSpan(i * k, k));
                var (p, c) = observed.TryGetValue(i, out var conf) ? (1.0, conf) : (0.0, 1.0);
                total += c * (p - prediction) * (p - prediction);
            }
        }
        double norms = 0;
        foreach (var v in x) norms += v * v;
        foreach (var v in y) norms += v * v;
        return total + lambda * norms;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private protected override bool ScoreInto(int user, ReadOnlySpan<int> context, double[] scores)
    {
        ReadOnlySpan<double> profile;
        if (context.IsEmpty)
        {
            if (user < 0) return false;
            profile = _userFactors.AsSpan(user * _k, _k);
        }
        else
        {
            profile = FoldIn(user, context);
        }
        for (var i = 0; i < Data.ItemCount; i++) scores[i] = Dot(profile, _itemFactors.AsSpan(i * _k, _k));
        return true;
    }

    /// <summary>
    /// One user half-step for a profile the model was not trained on: the known history plus the
    /// context products (a session, a cart), each context product counting like the strongest past one.
    /// This is exactly the ALS update, so new customers get latent recommendations without a retrain.
    /// </summary>
    private double[] FoldIn(int user, ReadOnlySpan<int> context)
    {
        var weights = new Dictionary<int, double>();
        var strongest = 1.0;
        if (user >= 0)
        {
            var items = Data.ItemsOf(user);
            var values = Data.ValuesOf(user);
            for (var n = 0; n < items.Length; n++)
            {
                weights[items[n]] = values[n];
                strongest = Math.Max(strongest, values[n]);
            }
        }
        foreach (var i in context) weights[i] = Math.Max(weights.GetValueOrDefault(i), strongest);
        var idx = weights.Keys.Order().ToArray();
        var conf = idx.Select(i => Confidence(weights[i])).ToArray();
        var profile = new double[_k];
        AlsSolver.SolveRow(_itemGram, _itemFactors, _k, idx, conf, Options.Regularization, profile, new AlsScratch(_k));
        return profile;
    }
}

/// <summary>Per-thread buffers for <see cref="AlsSolver"/>.</summary>
internal sealed class AlsScratch(int k)
{
    public double[] A { get; } = new double[k * k];
    public double[] B { get; } = new double[k];
}

/// <summary>The ALS row update and the dense Cholesky solve behind it.</summary>
internal static class AlsSolver
{
    /// <summary>
    /// x = (YᵀY + Σᵢ (cᵢ − 1) yᵢyᵢᵀ + λI)⁻¹ Σᵢ cᵢ yᵢ over the row's observed columns i (preference 1);
    /// unobserved columns enter only through the precomputed <paramref name="gram"/> = YᵀY.
    /// </summary>
    public static void SolveRow(
        double[] gram,
        double[] other,
        int k,
        ReadOnlySpan<int> columns,
        ReadOnlySpan<double> confidence,
        double lambda,
        Span<double> output,
        AlsScratch scratch)
    {
        var a = scratch.A;
        var b = scratch.B;
        Array.Copy(gram, a, k * k);
        Array.Clear(b);
        for (var d = 0; d < k; d++) a[d * k + d] += lambda;
        for (var n = 0; n < columns.Length; n++)
        {
            var y = other.AsSpan(columns[n] * k, k);
            var c = confidence[n];
            var extra = c - 1.0;
            for (var p = 0; p < k; p++)
            {
                var yp = y[p];
                b[p] += c * yp;
                var scaled = extra * yp;
                var row = a.AsSpan(p * k, k);
                // Lower triangle only; Cholesky reads nothing else.
                for (var q = 0; q <= p; q++) row[q] += scaled * y[q];
            }
        }
        CholeskySolve(a, b, k);
        b.AsSpan(0, k).CopyTo(output);
    }

    /// <summary>
    /// Solves A x = b in place for symmetric positive definite A (lower triangle used); x is left in b.
    /// λ > 0 keeps A positive definite, so no pivoting is needed.
    /// </summary>
    public static void CholeskySolve(double[] a, double[] b, int k)
    {
        for (var j = 0; j < k; j++)
        {
            var sum = a[j * k + j];
            for (var p = 0; p < j; p++) sum -= a[j * k + p] * a[j * k + p];
            if (sum <= 0) throw new InvalidOperationException("Matrix is not positive definite; use a positive regularization.");
            var diag = Math.Sqrt(sum);
            a[j * k + j] = diag;
            for (var i = j + 1; i < k; i++)
            {
                var s = a[i * k + j];
                for (var p = 0; p < j; p++) s -= a[i * k + p] * a[j * k + p];
                a[i * k + j] = s / diag;
            }
        }
        // L z = b, then Lᵀ x = z.
        for (var i = 0; i < k; i++)
        {
            var s = b[i];
            for (var p = 0; p < i; p++) s -= a[i * k + p] * b[p];
            b[i] = s / a[i * k + i];
        }
        for (var i = k - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var p = i + 1; p < k; p++) s -= a[p * k + i] * b[p];
            b[i] = s / a[i * k + i];
        }
    }
}

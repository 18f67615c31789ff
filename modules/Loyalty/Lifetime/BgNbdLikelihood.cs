using MathNet.Numerics;

namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>
/// The BG/NBD log-likelihood and its analytic gradient over a fixed data set, prepared for repeated evaluation.
/// </summary>
/// <remarks>
/// Customers with identical (x, t_x, T) contribute identical terms, so they are evaluated once and weighted by their count.
/// With day-resolution dates that collapses most of a large cohort (every x = 0 customer of the same cohort day is one term).
/// The Gamma-function terms depend on x only and are computed once per distinct x per evaluation.
/// </remarks>
internal sealed class BgNbdLikelihood
{
    private readonly int[] _distinctX;
    private readonly int[] _slot;      // group -> index into _distinctX
    private readonly double[] _tx;
    private readonly double[] _age;
    private readonly double[] _weight;

    public BgNbdLikelihood(IEnumerable<CustomerRepeatSummary> customers, bool groupIdentical)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var groups = new List<(int X, double Tx, double T, double Weight)>();
        var index = new Dictionary<(int, double, double), int>();
        foreach (var c in customers)
        {
            c.Validate();
            CustomerCount++;
            var key = (c.Frequency, c.Recency, c.Age);
            if (groupIdentical && index.TryGetValue(key, out int g))
            {
                groups[g] = groups[g] with { Weight = groups[g].Weight + 1 };
                continue;
            }

            if (groupIdentical)
                index[key] = groups.Count;
            groups.Add((c.Frequency, c.Recency, c.Age, 1));
        }

        if (CustomerCount == 0)
            throw new ArgumentException("Cannot fit BG/NBD to zero customers.", nameof(customers));

        _distinctX = groups.Select(g => g.X).Distinct().Order().ToArray();
        var slotOf = _distinctX.Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
        _slot = groups.Select(g => slotOf[g.X]).ToArray();
        _tx = groups.Select(g => g.Tx).ToArray();
        _age = groups.Select(g => g.T).ToArray();
        _weight = groups.Select(g => g.Weight).ToArray();
    }

    /// <summary>Customers in the data set.</summary>
    public int CustomerCount { get; }

    /// <summary>Distinct (x, t_x, T) terms actually evaluated.</summary>
    public int GroupCount => _weight.Length;

    /// <summary>Total log-likelihood at (r, alpha, a, b); the gradient with respect to the same four goes to <paramref name="gradient"/>.</summary>
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        double r = parameters[0], alpha = parameters[1], a = parameters[2], b = parameters[3];
        double logAlpha = Math.Log(alpha), logA = Math.Log(a);
        double baseGammaLn = -SpecialFunctions.GammaLn(r) + SpecialFunctions.GammaLn(a + b) - SpecialFunctions.GammaLn(b);
        double psiR = SpecialFunctions.DiGamma(r), psiAB = SpecialFunctions.DiGamma(a + b), psiB = SpecialFunctions.DiGamma(b);

        // Per distinct x: the terms of ln[Γ(r+x)α^r/Γ(r)] + ln[B(a,b+x)/B(a,b)] and their derivatives.
        int k = _distinctX.Length;
        Span<double> common = k <= 256 ? stackalloc double[k] : new double[k];
        Span<double> dCommonR = k <= 256 ? stackalloc double[k] : new double[k];
        Span<double> dCommonA = k <= 256 ? stackalloc double[k] : new double[k];
        Span<double> dCommonB = k <= 256 ? stackalloc double[k] : new double[k];
        Span<double> logDropOut = k <= 256 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < k; i++)
        {
            int x = _distinctX[i];
            common[i] = baseGammaLn + SpecialFunctions.GammaLn(r + x) + r * logAlpha
                + SpecialFunctions.GammaLn(b + x) - SpecialFunctions.GammaLn(a + b + x);
            double psiABX = SpecialFunctions.DiGamma(a + b + x);
            dCommonR[i] = SpecialFunctions.DiGamma(r + x) - psiR + logAlpha;
            dCommonA[i] = psiAB - psiABX;
            dCommonB[i] = psiAB + SpecialFunctions.DiGamma(b + x) - psiB - psiABX;
            logDropOut[i] = x > 0 ? logA - Math.Log(b + x - 1) : double.NegativeInfinity;
        }

        double total = 0, gR = 0, gAlpha = 0, gA = 0, gB = 0;
        for (int g = 0; g < _weight.Length; g++)
        {
            int s = _slot[g];
            int x = _distinctX[s];
            double w = _weight[g];
            double logAlphaT = Math.Log(alpha + _age[g]);
            double stillAlive = -(r + x) * logAlphaT;
            if (x == 0)
            {
                total += w * (common[s] + stillAlive);
                gR += w * (dCommonR[s] - logAlphaT);
                gAlpha += w * (r / alpha - r / (alpha + _age[g]));
                gA += w * dCommonA[s];
                gB += w * dCommonB[s];
                continue;
            }

            double logAlphaTx = Math.Log(alpha + _tx[g]);
            double droppedOut = logDropOut[s] - (r + x) * logAlphaTx;
            double lse = BgNbdModel.LogSumExp(stillAlive, droppedOut);
            // Softmax weights of the two branches: how much of the likelihood says "alive" vs "dropped out after t_x".
            double wAlive = Math.Exp(stillAlive - lse);
            double wDropped = Math.Exp(droppedOut - lse);
            total += w * (common[s] + lse);
            gR += w * (dCommonR[s] - wAlive * logAlphaT - wDropped * logAlphaTx);
            gAlpha += w * (r / alpha - (r + x) * (wAlive / (alpha + _age[g]) + wDropped / (alpha + _tx[g])));
            gA += w * (dCommonA[s] + wDropped / a);
            gB += w * (dCommonB[s] - wDropped / (b + x - 1));
        }

        if (!gradient.IsEmpty)
        {
            gradient[0] = gR;
            gradient[1] = gAlpha;
            gradient[2] = gA;
            gradient[3] = gB;
        }

        return total;
    }
}

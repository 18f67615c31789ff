using MathNet.Numerics;

namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>
/// Fits a <see cref="GammaGammaModel"/> by maximum likelihood to the customers who made repeat purchases
/// (x &gt; 0 and a positive mean repeat spend); everyone else carries no spend information and is left out.
/// </summary>
public sealed class GammaGammaFitter
{
    /// <summary>Iteration cap for each optimizer run.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Convergence threshold on the gradient of the mean log-likelihood with respect to the log-parameters.</summary>
    public double GradientTolerance { get; init; } = 1e-7;

    /// <summary>Maximum-likelihood fit of p, q, v.</summary>
    /// <exception cref="ArgumentException">No customer with a repeat purchase and positive spend.</exception>
    public ModelFit<GammaGammaModel> Fit(IEnumerable<CustomerRepeatSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var spenders = new List<CustomerRepeatSummary>();
        foreach (var c in customers)
        {
            c.Validate();
            if (c.Frequency > 0 && c.MeanRepeatSpend > 0)
                spenders.Add(c);
        }

        if (spenders.Count == 0)
            throw new ArgumentException("Gamma-Gamma needs at least one customer with a repeat purchase and positive spend.", nameof(customers));

        var x = spenders.Select(c => (double)c.Frequency).ToArray();
        var m = spenders.Select(c => c.MeanRepeatSpend).ToArray();
        // The logs of the data never change between evaluations.
        var logM = m.Select(v => Math.Log(v)).ToArray();
        var logX = x.Select(v => Math.Log(v)).ToArray();

        double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
        {
            double p = parameters[0], q = parameters[1], v = parameters[2];
            double logV = Math.Log(v), gammaLnQ = SpecialFunctions.GammaLn(q), psiQ = SpecialFunctions.DiGamma(q);
            double total = 0, gP = 0, gQ = 0, gV = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double px = p * x[i];
                double pool = x[i] * m[i] + v;
                double logPool = Math.Log(pool);
                double psiPxQ = SpecialFunctions.DiGamma(px + q);
                total += SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - gammaLnQ + q * logV
                    + (px - 1) * logM[i] + px * logX[i] - (px + q) * logPool;
                gP += x[i] * (psiPxQ - SpecialFunctions.DiGamma(px) + logM[i] + logX[i] - logPool);
                gQ += psiPxQ - psiQ + logV - logPool;
                gV += q / v - (px + q) / pool;
            }

            gradient[0] = gP;
            gradient[1] = gQ;
            gradient[2] = gV;
            return total;
        }

        // Start where the population mean spend p·v/(q−1) equals the observed average, so v starts in the data's currency scale.
        var outcome = LogSpaceMaximizer.Maximize(Evaluate, [1.0, 2.0, m.Average()], spenders.Count, MaxIterations, GradientTolerance);
        var fitted = outcome.Parameters;
        return new ModelFit<GammaGammaModel>(
            new GammaGammaModel(fitted[0], fitted[1], fitted[2]),
            new FitQuality(outcome.LogLikelihood, outcome.Iterations, outcome.Converged, spenders.Count));
    }
}

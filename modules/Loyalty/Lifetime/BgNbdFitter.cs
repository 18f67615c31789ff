namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>Fits a <see cref="BgNbdModel"/> to customer summaries by maximum likelihood.</summary>
public sealed class BgNbdFitter
{
    /// <summary>Iteration cap for each optimizer run (BFGS; the Nelder-Mead fallback gets five times as many).</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>
    /// The fit counts as converged when every component of the gradient of the mean log-likelihood with respect to
    /// the log-parameters is below this value.
    /// </summary>
    public double GradientTolerance { get; init; } = 1e-7;

    /// <summary>
    /// Evaluate customers with identical (x, t_x, T) once, weighted by their count. It changes speed only, never the result;
    /// it is a switch so the bench can measure what it buys.
    /// </summary>
    public bool GroupIdenticalCustomers { get; init; } = true;

    /// <summary>Maximum-likelihood fit of r, alpha, a, b. Times must all be in one unit (e.g. weeks).</summary>
    /// <exception cref="ArgumentException">No customers, or a summary that cannot come from a purchase history.</exception>
    public ModelFit<BgNbdModel> Fit(IEnumerable<CustomerRepeatSummary> customers)
    {
        var likelihood = new BgNbdLikelihood(customers, GroupIdenticalCustomers);
        // r = alpha = a = b = 1 is a neutral start (ln = 0): exponential rates with mean 1 per unit, uniform drop-out.
        var outcome = LogSpaceMaximizer.Maximize(
            likelihood.Evaluate, [1.0, 1.0, 1.0, 1.0], likelihood.CustomerCount, MaxIterations, GradientTolerance);
        var p = outcome.Parameters;
        return new ModelFit<BgNbdModel>(
            new BgNbdModel(p[0], p[1], p[2], p[3]),
            new FitQuality(outcome.LogLikelihood, outcome.Iterations, outcome.Converged, likelihood.CustomerCount));
    }
}

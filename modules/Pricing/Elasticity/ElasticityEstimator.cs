using MathNet.Numerics.LinearAlgebra;
using RetailCommerce.Modules.Pricing.Forecasting;

namespace RetailCommerce.Modules.Pricing.Elasticity;

/// <summary>A product's own-price elasticity with a 95% interval.</summary>
public sealed record ElasticityEstimate(
    string ProductId,
    double Elasticity,
    double Low,
    double High,
    int Observations,
    /// <summary>The product's own estimate before shrinkage (null when its prices never varied).</summary>
    double? OwnEstimate,
    double? OwnStandardError,
    /// <summary>How much of the estimate comes from the category (0 = all own data, 1 = all category).</summary>
    double CategoryWeight,
    string Method);

/// <summary>
/// Price elasticity from the store's own sales. Per product, an ordinary least-squares regression of
/// log(units + 0.5) on log(price) with controls for seasonality and promotions: day-of-week dummies, three
/// yearly Fourier pairs, a linear trend and the promotion flag; the log-price coefficient is the elasticity and
/// its standard error comes from the regression. Then empirical-Bayes shrinkage towards the category: the prior
/// is the precision-weighted mean of the category's own estimates with the between-product variance τ²
/// (method of moments), and each product's posterior mean and interval combine its estimate with that prior by
/// precision. Products whose price never varied take the category prior. Limits: observational data is
/// confounded (merchants cut prices when demand is weak, and competitors move too), so the estimate is a
/// local association around the prices actually charged, not a causal effect; the optimizer's step caps keep
/// prices near that region.
/// </summary>
public static class ElasticityEstimator
{
    /// <summary>Prior when a category has fewer than three own estimates: a typical retail elasticity, held loosely.</summary>
    public const double DefaultPrior = -1.5;
    public const double DefaultPriorSd = 1.0;

    /// <summary>
    /// Days of history per estimate. Half a year keeps the estimate local to the prices recently charged (demand
    /// that is not constant-elasticity has a different slope at prices long abandoned) while leaving enough
    /// price variation to estimate from; in the simulator's sweep it beat 112 and 273 days.
    /// </summary>
    public const int DefaultWindow = 182;

    /// <summary>The product's own regression estimate (elasticity, standard error, days) over the last <paramref name="window"/> days, or null without price variation.</summary>
    public static (double Elasticity, double StandardError, int Observations)? Own(DemandSeries s, int window = DefaultWindow)
    {
        var rows = new List<double[]>();
        var y = new List<double>();
        var from = Math.Max(0, s.Length - window);
        // Only as many seasonal terms as the window can tell apart from a price effect: yearly Fourier pairs need
        // most of a year (three pairs from 365 days, one from 180), a trend needs eight weeks.
        var span = s.Length - from;
        var fourier = span >= 365 ? 3 : span >= 180 ? 1 : 0;
        for (var i = from; i < s.Length; i++)
        {
            if (s.Censored[i] || float.IsNaN(s.Price[i]) || s.Price[i] <= 0) continue;
            var day = s.DayAt(i);
            var x = new List<double> { 1, Math.Log(s.Price[i]), s.Promotion[i] ? 1 : 0 };
            if (span >= 56) x.Add((i - from) / 365.0);
            for (var d = 1; d < 7; d++) x.Add((int)day.DayOfWeek == d ? 1 : 0);
            var angle = 2 * Math.PI * (day.DayOfYear - 1) / 365.25;
            for (var k = 1; k <= fourier; k++) { x.Add(Math.Sin(k * angle)); x.Add(Math.Cos(k * angle)); }
            rows.Add(x.ToArray());
            y.Add(Math.Log(s.Units[i] + 0.5));
        }
        if (rows.Count < 28) return null;
        var logPrices = rows.Select(r => r[1]).ToList();
        var mean = logPrices.Average();
        if (logPrices.Select(p => (p - mean) * (p - mean)).Average() < 1e-6) return null; // prices never moved

        // Drop controls that do not vary in the window (no promotions, a window shorter than a year) so X'X stays invertible.
        var columns = Enumerable.Range(0, rows[0].Length)
            .Where(c => c <= 1 || rows.Select(r => r[c]).Distinct().Take(2).Count() > 1).ToArray();
        var X = Matrix<double>.Build.DenseOfRowArrays(rows.Select(r => columns.Select(c => r[c]).ToArray()));
        var Y = Vector<double>.Build.DenseOfEnumerable(y);
        if (rows.Count <= columns.Length + 5) return null;
        var xtx = X.TransposeThisAndMultiply(X);
        Matrix<double> inverse;
        try { inverse = xtx.Inverse(); } catch (Exception) { return null; }
        if (inverse.Enumerate().Any(v => double.IsNaN(v) || double.IsInfinity(v))) return null;
        var beta = inverse * X.TransposeThisAndMultiply(Y);
        var residual = Y - X * beta;
        var sigma2 = residual.DotProduct(residual) / (rows.Count - columns.Length);
        var se = Math.Sqrt(sigma2 * inverse[1, 1]);
        if (double.IsNaN(se) || se <= 0) return null;
        return (beta[1], se, rows.Count);
    }

    /// <summary>Estimates every product of one category and shrinks each towards the category.</summary>
    public static IReadOnlyList<ElasticityEstimate> ForCategory(IReadOnlyList<DemandSeries> products, int window = DefaultWindow)
    {
        var own = products.Select(p => (Product: p, Own: Own(p, window))).ToList();
        var estimates = own.Where(o => o.Own is not null).Select(o => o.Own!.Value).ToList();
        double priorMean = DefaultPrior, priorVariance = DefaultPriorSd * DefaultPriorSd;
        if (estimates.Count >= 3)
        {
            var weights = estimates.Select(e => 1 / (e.StandardError * e.StandardError)).ToList();
            priorMean = estimates.Select((e, i) => e.Elasticity * weights[i]).Sum() / weights.Sum();
            // Method of moments: spread of the estimates beyond what their own errors explain.
            var spread = estimates.Select(e => (e.Elasticity - priorMean) * (e.Elasticity - priorMean)).Average();
            var noise = estimates.Select(e => e.StandardError * e.StandardError).Average();
            priorVariance = Math.Max(spread - noise, 0.05 * 0.05);
        }
        return own.Select(o =>
        {
            if (o.Own is not { } e)
            {
                var sd = Math.Sqrt(priorVariance);
                return new ElasticityEstimate(o.Product.ProductId, priorMean, priorMean - 1.96 * sd, priorMean + 1.96 * sd, 0, null, null, 1,
                    estimates.Count >= 3 ? "category prior (no own price variation)" : "default prior (no price variation in the category)");
            }
            var ownPrecision = 1 / (e.StandardError * e.StandardError);
            var priorPrecision = 1 / priorVariance;
            var posterior = (e.Elasticity * ownPrecision + priorMean * priorPrecision) / (ownPrecision + priorPrecision);
            var posteriorSd = Math.Sqrt(1 / (ownPrecision + priorPrecision));
            var categoryWeight = priorPrecision / (ownPrecision + priorPrecision);
            return new ElasticityEstimate(o.Product.ProductId, posterior, posterior - 1.96 * posteriorSd, posterior + 1.96 * posteriorSd,
                e.Observations, e.Elasticity, e.StandardError, categoryWeight, "log-log regression with seasonality and promotion controls, shrunk to the category");
        }).ToList();
    }
}

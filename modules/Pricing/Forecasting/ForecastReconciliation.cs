namespace RetailCommerce.Modules.Pricing.Forecasting;

/// <summary>
/// Hierarchical consistency. Product forecasts are reconciled top-down by forecast proportions: the category's
/// own forecast (the same model run on the category's summed series, which is smoother and so more accurate)
/// sets each day's total, and each product keeps its share of the products' unreconciled sum. The store total is
/// then the sum of its categories (bottom-up above the category), so product, category and store forecasts add
/// up exactly. Quantiles do not add: P90s are scaled by the same daily factor as P50s, which keeps each product's
/// P90/P50 ratio.
/// </summary>
public static class ForecastReconciliation
{
    /// <summary>Scales the products' daily forecasts so they sum to <paramref name="groupTotal"/> each day.</summary>
    public static double[][] Proportional(IReadOnlyList<double[]> products, IReadOnlyList<double> groupTotal)
    {
        var days = groupTotal.Count;
        var result = products.Select(p => (double[])p.Clone()).ToArray();
        for (var d = 0; d < days; d++)
        {
            var sum = products.Sum(p => p[d]);
            if (sum <= 0)
            {
                // Nothing to apportion by: split the total evenly.
                foreach (var r in result) r[d] = groupTotal[d] / result.Length;
                continue;
            }
            var factor = groupTotal[d] / sum;
            foreach (var r in result) r[d] *= factor;
        }
        return result;
    }

    /// <summary>The daily factor each product's forecast was multiplied by (1 where the products summed to 0).</summary>
    public static double[] Factors(IReadOnlyList<double[]> products, IReadOnlyList<double> groupTotal) =>
        Enumerable.Range(0, groupTotal.Count).Select(d =>
        {
            var sum = products.Sum(p => p[d]);
            return sum <= 0 ? 1 : groupTotal[d] / sum;
        }).ToArray();
}

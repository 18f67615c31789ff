using RetailCommerce.Customers;

namespace RetailCommerce.Modules.Loyalty.Segments;

/// <summary>Assigns segments from value rank, repeat behaviour, tenure and churn risk.</summary>
public sealed class SegmentRules(double riskThreshold, double topValueShare, int newCustomerDays)
{
    /// <summary>The segment for one customer.</summary>
    /// <param name="valuePercentile">Share of the store's customers with a lower value, in [0, 1].</param>
    /// <param name="repeatPurchases">Repeat purchase days.</param>
    /// <param name="tenureDays">Days since the first purchase.</param>
    /// <param name="churnRisk">Probability of no purchase in the next 90 days.</param>
    public CustomerSegment Assign(double valuePercentile, int repeatPurchases, int tenureDays, double churnRisk)
    {
        if (tenureDays < newCustomerDays) return CustomerSegment.New;
        var upperHalf = valuePercentile >= 0.5 || repeatPurchases > 0;
        if (churnRisk >= riskThreshold)
            return upperHalf ? CustomerSegment.AtRisk : CustomerSegment.Hibernating;
        if (valuePercentile >= 1 - topValueShare && repeatPurchases > 0) return CustomerSegment.Champion;
        return upperHalf ? CustomerSegment.Loyal : CustomerSegment.Promising;
    }

    /// <summary>For each value, the share of values strictly below it (ties share a percentile).</summary>
    public static double[] Percentiles(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var result = new double[values.Count];
        var denominator = Math.Max(1, values.Count - 1);
        for (int k = 0; k < order.Length;)
        {
            int end = k;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[k]]) end++;
            for (int j = k; j <= end; j++) result[order[j]] = (double)k / denominator;
            k = end + 1;
        }
        return result;
    }
}

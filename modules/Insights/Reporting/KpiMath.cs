namespace RetailCommerce.Modules.Insights.Reporting;

/// <summary>The few formulas behind every ratio in a report, in one place so they read the same everywhere.</summary>
public static class KpiMath
{
    /// <summary><paramref name="part"/> / <paramref name="whole"/> as a fraction (0.25 = 25 %); null when nothing was measured (whole = 0).</summary>
    public static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>An amount per unit (revenue per order, per visitor), rounded to cents; null when there is no unit.</summary>
    public static decimal? Per(decimal amount, long units) =>
        units == 0 ? null : Math.Round(amount / units, 2, MidpointRounding.AwayFromZero);
}

using Xunit.Sdk;

namespace RetailCommerce.Modules.Loyalty.Tests.Support;

/// <summary>Tolerance assertions that name the quantity and show both values when they fail.</summary>
internal static class Within
{
    public static void Relative(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Abs(expected);
        if (!(error <= tolerance))
            throw new XunitException($"{what}: expected {expected:G10} within {tolerance:P3}, got {actual:G10} (off by {error:P3}).");
    }

    public static void Absolute(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected);
        if (!(error <= tolerance))
            throw new XunitException($"{what}: expected {expected:G10} ± {tolerance:G3}, got {actual:G10} (off by {error:G3}).");
    }
}

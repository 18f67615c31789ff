namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>Gauss hypergeometric function 2F1, which MathNet.Numerics does not provide.</summary>
internal static class Hypergeometric
{
    private const int MaxTerms = 5_000_000;

    /// <summary>
    /// 2F1(a, b; c; z) for a, b, c &gt; 0 and 0 &lt;= z &lt; 1 by direct summation of the power series.
    /// </summary>
    /// <remarks>
    /// The BG/NBD expectations only call it with positive parameters and z = t / (alpha + T + t) in [0, 1),
    /// so every term is positive: no cancellation, and the series converges geometrically (ratio tends to z).
    /// Summation stops once the series is in its decreasing phase and the bounded tail is below double precision.
    /// </remarks>
    public static double Gauss2F1(double a, double b, double c, double z)
    {
        if (!(a > 0 && b > 0 && c > 0))
            throw new ArgumentOutOfRangeException(nameof(c), "2F1 is implemented for positive a, b, c only.");
        if (!(z >= 0 && z < 1))
            throw new ArgumentOutOfRangeException(nameof(z), z, "2F1 is implemented for 0 <= z < 1 only.");
        if (z == 0)
            return 1.0;

        double sum = 1.0;
        double term = 1.0;
        for (int n = 0; n < MaxTerms; n++)
        {
            double ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
            term *= ratio;
            sum += term;
            // The term ratio tends monotonically to z (from above or below), so once it is below 1 every later
            // ratio is at most q = max(ratio, z) and the remaining tail is at most term * q / (1 - q).
            double q = Math.Max(ratio, z);
            if (q < 1 && term * q / (1 - q) <= 1e-17 * sum)
                return sum;
        }

        throw new ArithmeticException($"2F1({a}, {b}; {c}; {z}) did not converge in {MaxTerms} terms.");
    }
}

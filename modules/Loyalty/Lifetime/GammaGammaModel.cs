using MathNet.Numerics;

namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV"; Fader &amp; Hardie, "The Gamma-Gamma Model
/// of Monetary Value"). Each transaction value z ~ Gamma(p, nu) with a customer-specific rate nu ~ Gamma(q, v),
/// so a customer's mean transaction value is p/nu and the population mean is p·v/(q−1).
/// </summary>
/// <remarks>
/// The model assumes spend per transaction is independent of how often a customer buys; check the correlation between
/// frequency and mean spend before relying on it.
/// </remarks>
public sealed class GammaGammaModel
{
    /// <summary>Creates a model from its three positive parameters.</summary>
    public GammaGammaModel(double p, double q, double v)
    {
        RequirePositive(p, nameof(p));
        RequirePositive(q, nameof(q));
        RequirePositive(v, nameof(v));
        P = p;
        Q = q;
        V = v;
    }

    /// <summary>Shape of the per-transaction spend distribution.</summary>
    public double P { get; }

    /// <summary>Shape of the Gamma distribution of the customers' spend rates nu.</summary>
    public double Q { get; }

    /// <summary>Rate of the Gamma distribution of the customers' spend rates nu (in currency units).</summary>
    public double V { get; }

    /// <summary>Mean spend per transaction over the whole population, p·v/(q−1); infinite when q ≤ 1.</summary>
    public double PopulationMeanSpend => Q > 1 ? P * V / (Q - 1) : double.PositiveInfinity;

    /// <summary>
    /// Log-density of observing mean transaction value <paramref name="meanSpend"/> over <paramref name="x"/> transactions:
    /// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + v).
    /// </summary>
    public double LogLikelihood(int x, double meanSpend)
    {
        if (x <= 0)
            throw new ArgumentOutOfRangeException(nameof(x), x, "The spend likelihood is defined for customers with repeat purchases only.");
        if (!(meanSpend > 0))
            throw new ArgumentOutOfRangeException(nameof(meanSpend), meanSpend, "Mean spend must be > 0.");
        double px = P * x;
        return SpecialFunctions.GammaLn(px + Q) - SpecialFunctions.GammaLn(px) - SpecialFunctions.GammaLn(Q)
            + Q * Math.Log(V) + (px - 1) * Math.Log(meanSpend) + px * Math.Log(x) - (px + Q) * Math.Log(x * meanSpend + V);
    }

    /// <summary>
    /// Expected spend per future transaction given x repeat transactions with mean m̄:
    /// p(v + x m̄)/(px + q − 1), a credibility-weighted mix of the population mean and the customer's own mean.
    /// For x = 0 it is the population mean.
    /// </summary>
    /// <exception cref="InvalidOperationException">q ≤ 1, where the population mean does not exist.</exception>
    public double ConditionalExpectedSpend(int x, double meanSpend)
    {
        if (x < 0)
            throw new ArgumentOutOfRangeException(nameof(x), x, "Frequency must be >= 0.");
        if (Q <= 1)
            throw new InvalidOperationException($"Expected spend needs q > 1 (q = {Q}): the fitted spend distribution has no mean.");
        if (x == 0)
            return PopulationMeanSpend;
        return P * (V + x * meanSpend) / (P * x + Q - 1);
    }

    /// <summary>Expected spend per future transaction for one customer summary.</summary>
    public double ConditionalExpectedSpend(CustomerRepeatSummary customer) =>
        ConditionalExpectedSpend(customer.Frequency, customer.MeanRepeatSpend);

    /// <inheritdoc />
    public override string ToString() => $"Gamma-Gamma(p={P:G6}, q={Q:G6}, v={V:G6})";

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, "Gamma-Gamma parameters must be finite and > 0.");
    }
}

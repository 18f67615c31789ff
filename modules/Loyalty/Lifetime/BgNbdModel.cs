using MathNet.Numerics;

namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>
/// The BG/NBD purchase model (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way").
/// While active, a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha);
/// after each repeat purchase the customer drops out for good with probability p ~ Beta(a, b).
/// </summary>
/// <remarks>
/// Times (t, t_x, T) must be in the unit the model was fitted in; alpha is a rate parameter in that unit.
/// </remarks>
public sealed class BgNbdModel
{
    // Below this distance from a = 1 the closed forms divide 0 by 0; they are evaluated on both sides and averaged.
    private const double NearOneGap = 1e-4;

    /// <summary>Creates a model from its four positive parameters.</summary>
    public BgNbdModel(double r, double alpha, double a, double b)
    {
        RequirePositive(r, nameof(r));
        RequirePositive(alpha, nameof(alpha));
        RequirePositive(a, nameof(a));
        RequirePositive(b, nameof(b));
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
    }

    /// <summary>Shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Rate (inverse scale) of the Gamma distribution of purchase rates, per time unit.</summary>
    public double Alpha { get; }

    /// <summary>First shape of the Beta distribution of drop-out probabilities.</summary>
    public double A { get; }

    /// <summary>Second shape of the Beta distribution of drop-out probabilities.</summary>
    public double B { get; }

    /// <summary>
    /// Log-likelihood of one customer's (x, t_x, T), equation (6) of the paper, evaluated in log-space:
    /// ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) + logsumexp(−(r+x) ln(α+T), [x&gt;0] (ln a − ln(b+x−1) − (r+x) ln(α+t_x))).
    /// </summary>
    public double LogLikelihood(int x, double tx, double T)
    {
        double r = R, alpha = Alpha, a = A, b = B;
        double common = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + r * Math.Log(alpha)
            + SpecialFunctions.GammaLn(a + b) + SpecialFunctions.GammaLn(b + x)
            - SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(a + b + x);
        double stillAlive = -(r + x) * Math.Log(alpha + T);
        if (x == 0)
            return common + stillAlive;
        double droppedOut = Math.Log(a) - Math.Log(b + x - 1) - (r + x) * Math.Log(alpha + tx);
        return common + LogSumExp(stillAlive, droppedOut);
    }

    /// <summary>Log-likelihood of one customer summary.</summary>
    public double LogLikelihood(CustomerRepeatSummary customer) =>
        LogLikelihood(customer.Frequency, customer.Recency, customer.Age);

    /// <summary>Total log-likelihood of many customer summaries.</summary>
    public double LogLikelihood(IEnumerable<CustomerRepeatSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        double total = 0;
        foreach (var c in customers)
            total += LogLikelihood(c);
        return total;
    }

    /// <summary>
    /// Probability that a customer with history (x, t_x, T) is still active at T, equation (A.12) of Fader, Hardie &amp; Lee:
    /// 1 / (1 + [x&gt;0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)). It is exactly 1 for x = 0, because in the BG/NBD model
    /// a customer can only drop out right after a repeat purchase.
    /// </summary>
    public double ProbabilityAlive(int x, double tx, double T)
    {
        if (x == 0)
            return 1.0;
        double logOdds = Math.Log(A) - Math.Log(B + x - 1) + (R + x) * (Math.Log(Alpha + T) - Math.Log(Alpha + tx));
        // 1 / (1 + e^logOdds) written so that a large logOdds gives 0 instead of overflowing.
        return logOdds > 0 ? Math.Exp(-logOdds) / (1 + Math.Exp(-logOdds)) : 1 / (1 + Math.Exp(logOdds));
    }

    /// <summary>Probability that the customer is still active at the end of the observation window.</summary>
    public double ProbabilityAlive(CustomerRepeatSummary customer) =>
        ProbabilityAlive(customer.Frequency, customer.Recency, customer.Age);

    /// <summary>
    /// Probability of no purchase at all in the next <paramref name="t"/> time units for a customer with history
    /// (x, t_x, T): (1 − P(alive)) + P(alive) · ((α+T)/(α+T+t))^(r+x). Given activity, the purchase rate's posterior is
    /// Gamma(r+x, α+T) and a drop-out can only follow a purchase, so "alive and silent" is the Gamma mixture of
    /// e^(−λt). This is the BG/NBD's own answer to "will the customer buy in the next 90 days?", and unlike
    /// 1 − P(alive) it does not treat every one-time buyer as certainly active.
    /// </summary>
    public double ProbabilityNoPurchase(double t, int x, double tx, double T)
    {
        if (!(t >= 0) || double.IsPositiveInfinity(t))
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon must be finite and >= 0.");
        double alive = ProbabilityAlive(x, tx, T);
        double silentIfAlive = Math.Exp((R + x) * (Math.Log(Alpha + T) - Math.Log(Alpha + T + t)));
        return (1 - alive) + alive * silentIfAlive;
    }

    /// <summary>Probability of no purchase in the next <paramref name="t"/> time units for one customer summary.</summary>
    public double ProbabilityNoPurchase(double t, CustomerRepeatSummary customer) =>
        ProbabilityNoPurchase(t, customer.Frequency, customer.Recency, customer.Age);

    /// <summary>
    /// Expected number of purchases in the next <paramref name="t"/> time units for a customer with history (x, t_x, T),
    /// equation (10) of the paper:
    /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive).
    /// </summary>
    public double ExpectedPurchases(double t, int x, double tx, double T)
    {
        if (!(t >= 0) || double.IsPositiveInfinity(t))
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon must be finite and >= 0.");
        if (t == 0)
            return 0.0;
        return AwayFromAEqualsOne(a => ConditionalGrowth(a, t, x, T) * ProbabilityAliveWith(a, x, tx, T));
    }

    /// <summary>Expected number of purchases in the next <paramref name="t"/> time units for one customer summary.</summary>
    public double ExpectedPurchases(double t, CustomerRepeatSummary customer) =>
        ExpectedPurchases(t, customer.Frequency, customer.Recency, customer.Age);

    /// <summary>
    /// Expected number of repeat purchases in (0, t] for a customer picked at random at their first purchase,
    /// equation (9) of the paper: (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
    /// </summary>
    public double ExpectedPurchasesUnconditional(double t)
    {
        if (!(t >= 0) || double.IsPositiveInfinity(t))
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon must be finite and >= 0.");
        if (t == 0)
            return 0.0;
        // Equation (9) is equation (10)'s bracket for a brand-new customer (x = 0, T = 0).
        return AwayFromAEqualsOne(a => ConditionalGrowth(a, t, 0, 0));
    }

    /// <inheritdoc />
    public override string ToString() => $"BG/NBD(r={R:G6}, alpha={Alpha:G6}, a={A:G6}, b={B:G6})";

    private double ConditionalGrowth(double a, double t, int x, double T)
    {
        double r = R, alpha = Alpha, b = B;
        double z = t / (alpha + T + t);
        double logShrink = (r + x) * (Math.Log(alpha + T) - Math.Log(alpha + T + t));
        // The series below needs c = a + b + x − 1 > 0: always true for x >= 1, and for x = 0 whenever a + b > 1,
        // which holds for any plausible population (a + b <= 1 would mean most customers churn after one repeat).
        if (a + b + x - 1 <= 0)
            throw new NotSupportedException($"Expected purchases need a + b + x > 1 (a={a}, b={b}, x={x}).");
        double hyp = Hypergeometric.Gauss2F1(r + x, b + x, a + b + x - 1, z);
        return (a + b + x - 1) / (a - 1) * -ExpM1(logShrink + Math.Log(hyp));
    }

    private double ProbabilityAliveWith(double a, int x, double tx, double T) =>
        a == A ? ProbabilityAlive(x, tx, T) : new BgNbdModel(R, Alpha, a, B).ProbabilityAlive(x, tx, T);

    private double AwayFromAEqualsOne(Func<double, double> evaluate)
    {
        // At a = 1 the factor 1/(a−1) meets a bracket that is exactly 0: the limit exists, and the symmetric
        // average of both sides matches it to O(gap²).
        if (Math.Abs(A - 1) >= NearOneGap)
            return evaluate(A);
        return 0.5 * (evaluate(1 - NearOneGap) + evaluate(1 + NearOneGap));
    }

    /// <summary>
    /// e^u − 1 without the cancellation of Math.Exp(u) − 1 near 0, which is where short horizons put the bracket
    /// of equations (9) and (10). .NET's double.ExpM1 is computed as Exp(u) − 1, so it does not help.
    /// </summary>
    internal static double ExpM1(double u)
    {
        if (Math.Abs(u) >= 0.5)
            return Math.Exp(u) - 1;
        double t = Math.Tanh(u / 2);
        return 2 * t / (1 - t);
    }

    internal static double LogSumExp(double u, double v)
    {
        double m = Math.Max(u, v);
        return m + Math.Log(Math.Exp(u - m) + Math.Exp(v - m));
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, "BG/NBD parameters must be finite and > 0.");
    }
}

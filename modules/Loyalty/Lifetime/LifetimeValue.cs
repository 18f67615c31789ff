namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>The period in which a lifetime-value horizon is counted and discounted.</summary>
public enum DiscountPeriod
{
    /// <summary>Seven days.</summary>
    Week,

    /// <summary>An average calendar month, 365.25 / 12 = 30.4375 days.</summary>
    Month,
}

/// <summary>
/// Customer lifetime value over a finite horizon: for each period k = 1..K, the BG/NBD expected number of purchases
/// in that period times the Gamma-Gamma expected spend per purchase times the margin, discounted by (1 + d)^k.
/// </summary>
/// <remarks>
/// This is the discrete-period CLV of the <c>lifetimes</c> library: cash flows are booked at the end of each period.
/// The expected purchases in period k are E[purchases in (0, kL]] − E[purchases in (0, (k−1)L]] from the conditional
/// BG/NBD expectation, so the forecast respects each customer's probability of still being active.
/// </remarks>
public sealed class LifetimeValue
{
    private readonly BgNbdModel _purchases;
    private readonly GammaGammaModel _spend;
    private readonly double _periodLength; // one discount period in the BG/NBD model's time unit

    /// <summary>Creates a calculator.</summary>
    /// <param name="purchases">Fitted purchase model.</param>
    /// <param name="spend">Fitted spend model (needs q &gt; 1).</param>
    /// <param name="modelUnit">The time unit the purchase model was fitted in.</param>
    /// <param name="period">The period in which the horizon is counted and the discount rate applies.</param>
    /// <param name="horizonPeriods">Number of periods to look ahead, at least 1.</param>
    /// <param name="discountRatePerPeriod">Discount rate per period, e.g. 0.01 for 1% a month; at least 0.</param>
    /// <param name="margin">Share of revenue that is profit, in [0, 1]; 1 gives discounted revenue.</param>
    public LifetimeValue(
        BgNbdModel purchases,
        GammaGammaModel spend,
        PeriodUnit modelUnit,
        DiscountPeriod period,
        int horizonPeriods,
        double discountRatePerPeriod,
        double margin)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        if (horizonPeriods < 1)
            throw new ArgumentOutOfRangeException(nameof(horizonPeriods), horizonPeriods, "The horizon needs at least one period.");
        if (!(discountRatePerPeriod >= 0) || !double.IsFinite(discountRatePerPeriod))
            throw new ArgumentOutOfRangeException(nameof(discountRatePerPeriod), discountRatePerPeriod, "The discount rate must be finite and >= 0.");
        if (!(margin >= 0 && margin <= 1))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must lie in [0, 1].");

        _purchases = purchases;
        _spend = spend;
        HorizonPeriods = horizonPeriods;
        DiscountRatePerPeriod = discountRatePerPeriod;
        Margin = margin;
        double periodDays = period switch
        {
            DiscountPeriod.Week => 7.0,
            DiscountPeriod.Month => 365.25 / 12,
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown discount period."),
        };
        _periodLength = periodDays / modelUnit.DaysPerUnit();
    }

    /// <summary>CLV over <paramref name="months"/> months with a monthly discount rate.</summary>
    public static LifetimeValue Monthly(BgNbdModel purchases, GammaGammaModel spend, PeriodUnit modelUnit,
        int months, double monthlyDiscountRate, double margin) =>
        new(purchases, spend, modelUnit, DiscountPeriod.Month, months, monthlyDiscountRate, margin);

    /// <summary>CLV over <paramref name="weeks"/> weeks with a weekly discount rate.</summary>
    public static LifetimeValue Weekly(BgNbdModel purchases, GammaGammaModel spend, PeriodUnit modelUnit,
        int weeks, double weeklyDiscountRate, double margin) =>
        new(purchases, spend, modelUnit, DiscountPeriod.Week, weeks, weeklyDiscountRate, margin);

    /// <summary>Number of periods looked ahead.</summary>
    public int HorizonPeriods { get; }

    /// <summary>Discount rate applied per period.</summary>
    public double DiscountRatePerPeriod { get; }

    /// <summary>Share of revenue counted as value.</summary>
    public double Margin { get; }

    /// <summary>Discounted expected purchases over the horizon: Σ_k (E_k − E_(k−1)) / (1 + d)^k.</summary>
    public double DiscountedExpectedPurchases(CustomerRepeatSummary customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        double previous = 0, total = 0, discount = 1;
        for (int k = 1; k <= HorizonPeriods; k++)
        {
            double cumulative = _purchases.ExpectedPurchases(k * _periodLength, customer);
            discount /= 1 + DiscountRatePerPeriod;
            total += (cumulative - previous) * discount;
            previous = cumulative;
        }

        return total;
    }

    /// <summary>Lifetime value of one customer over the horizon, in the spend's currency.</summary>
    public double Estimate(CustomerRepeatSummary customer) =>
        Margin * _spend.ConditionalExpectedSpend(customer) * DiscountedExpectedPurchases(customer);
}

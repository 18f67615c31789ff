namespace RetailCommerce.Modules.Loyalty;

/// <summary>
/// Merchant settings of the Loyalty module (configuration section <c>Retail:Loyalty</c>). The points program's
/// earn rules, tiers and campaigns can also be set per store (<see cref="Program.LoyaltyProgram"/>); these are
/// the defaults for stores that have not.
/// </summary>
public sealed class LoyaltyOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Retail:Loyalty";

    /// <summary>Monthly discount rate used for CLV (0.01 = 1% a month).</summary>
    public double MonthlyDiscountRate { get; set; } = 0.01;

    /// <summary>Share of revenue that is profit, in [0, 1]; 1 makes CLV discounted revenue.</summary>
    public double Margin { get; set; } = 1.0;

    /// <summary>CLV horizon in months.</summary>
    public int ClvHorizonMonths { get; set; } = 12;

    /// <summary>Customers needed before the lifetime models are fitted; below this the fit reports "too few".</summary>
    public int MinimumCustomersToFit { get; set; } = 10;

    /// <summary>
    /// Customers needed in each of the churn model's two time windows (and at least
    /// <see cref="MinimumChurnClassSize"/> churners and stayers each) before LightGBM is trained.
    /// </summary>
    public int MinimumChurnExamples { get; set; } = 40;

    /// <summary>Smallest count of each label (churned / stayed) in a churn window.</summary>
    public int MinimumChurnClassSize { get; set; } = 5;

    /// <summary>Churn risk at or above which a customer counts as at risk.</summary>
    public double RiskThreshold { get; set; } = 0.5;

    /// <summary>Customers whose first purchase is this recent (store time) are segmented as new.</summary>
    public int NewCustomerDays { get; set; } = 30;

    /// <summary>Share of customers by value that forms the top (champion) segment.</summary>
    public double TopValueShare { get; set; } = 0.2;

    /// <summary>Where to POST a notice when a champion turns at risk; unset sends nothing.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Default points per unit of currency spent.</summary>
    public double PointsPerCurrencyUnit { get; set; } = 1.0;

    /// <summary>Default days until earned points expire; 0 = never.</summary>
    public int PointsExpiryDays { get; set; } = 365;

    /// <summary>Share of a customer's CLV a win-back reward may be worth (reward suggestions).</summary>
    public double WinBackShareOfClv { get; set; } = 0.05;

    /// <summary>What one point is worth in the store's currency when redeemed (reward suggestions).</summary>
    public double PointValue { get; set; } = 0.01;
}

using RetailCommerce.Customers;
using RetailCommerce.Modules.Loyalty.Segments;

namespace RetailCommerce.Modules.Loyalty.Value;

/// <summary>
/// One customer's value and risk at the last fit (document id = customer id): forecasts from BG/NBD,
/// CLV from Gamma-Gamma, churn risk and segment.
/// </summary>
public sealed class CustomerValue
{
    /// <summary>The customer id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Observation end of the fit that produced this row.</summary>
    public DateTimeOffset AsOf { get; set; }

    /// <summary>Repeat purchase days (x) by the observation end.</summary>
    public int RepeatPurchases { get; set; }

    /// <summary>Days since the last purchase day.</summary>
    public int DaysSinceLastPurchase { get; set; }

    /// <summary>Days since the first purchase day.</summary>
    public int TenureDays { get; set; }

    /// <summary>Mean value of a purchase day.</summary>
    public double MeanOrderValue { get; set; }

    public double ExpectedPurchases90Days { get; set; }
    public double ExpectedPurchases365Days { get; set; }
    public double ProbabilityAlive { get; set; }

    /// <summary>Discounted margin over the CLV horizon; null when spend could not be modelled.</summary>
    public double? LifetimeValue { get; set; }

    /// <summary>Probability of no purchase in the next 90 days.</summary>
    public double ChurnRisk { get; set; }

    /// <summary>"lightgbm", or "bgnbd" (BG/NBD probability of no purchase in 90 days) when the store is too small to train.</summary>
    public string ChurnRiskSource { get; set; } = "";

    public CustomerSegment Segment { get; set; }

    /// <summary>Observation end of the first fit that put the customer in <see cref="Segment"/>.</summary>
    public DateTimeOffset SegmentSince { get; set; }
}

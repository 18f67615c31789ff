using RetailCommerce.Modules.Pricing.Forecasting;

namespace RetailCommerce.Modules.Pricing;

/// <summary>Module settings (section <c>Retail:Pricing</c>).</summary>
public sealed class PricingOptions
{
    public const string Section = "Retail:Pricing";

    /// <summary>Demand model training settings.</summary>
    public DemandModelOptions Model { get; set; } = new();

    /// <summary>Days of forecast the optimizer weighs (its base demand is the mean P50 over these days).</summary>
    public int DecisionHorizonDays { get; set; } = 7;

    /// <summary>A week's demand above this multiple of the four weeks before it is a spike (anti-gouging for essentials).</summary>
    public double SpikeRatio { get; set; } = 1.5;
}

using RetailCommerce.Modules.Pricing.Optimization;

namespace RetailCommerce.Modules.Pricing.Prices;

/// <summary>How prices are set: proposals wait for approval, or are applied at once within the guardrails.</summary>
public enum PricingMode { RecommendOnly, Automatic }

/// <summary>A store's pricing settings (one document per store).</summary>
public sealed class PricingSettings
{
    public const string DocumentId = "pricing-settings";
    public string Id { get; set; } = DocumentId;
    public PricingMode Mode { get; set; } = PricingMode.RecommendOnly;
    public PricingObjective Objective { get; set; } = PricingObjective.Margin;
    /// <summary>The store's own holidays, on top of the fixed-date defaults.</summary>
    public List<DateOnly> Holidays { get; set; } = [];
}

/// <summary>A competitor's price for one of the store's products (id <c>productId|competitor</c>).</summary>
public sealed class CompetitorPrice
{
    public string Id { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string Competitor { get; set; } = "";
    public decimal Price { get; set; }
    public string Currency { get; set; } = "";
    public DateTimeOffset ObservedAt { get; set; }

    public static string IdFor(string productId, string competitor) => $"{productId}|{competitor.ToLowerInvariant()}";
}

/// <summary>One competitor price in an import (GraphQL <c>CompetitorPriceInput</c>).</summary>
public sealed class CompetitorPriceInput
{
    public string? ProductId { get; set; }
    public string? Competitor { get; set; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
    public DateTimeOffset? ObservedAt { get; set; }
}

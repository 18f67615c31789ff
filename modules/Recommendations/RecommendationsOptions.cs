namespace RetailCommerce.Modules.Recommendations;

/// <summary>Host settings of the module (<c>Retail:Recommendations</c>).</summary>
public sealed class RecommendationsOptions
{
    public const string Section = "Retail:Recommendations";

    /// <summary>Seconds between refreshes of trending and fresh pairs from the projections (freshness within a minute).</summary>
    public int SignalsRefreshSeconds { get; set; } = 20;

    /// <summary>Seconds between catalog snapshot refreshes when no import said so earlier.</summary>
    public int CatalogRefreshSeconds { get; set; } = 300;

    /// <summary>Latest events of the shopper read per request (recent views, cart, purchases).</summary>
    public int ShopperEventsPerRequest { get; set; } = 300;

    /// <summary>Trained model versions kept in memory per store (rollback to these is instant).</summary>
    public int VersionsInMemory { get; set; } = 3;

    /// <summary>Model versions kept as documents per store.</summary>
    public int VersionsKept { get; set; } = 20;
}

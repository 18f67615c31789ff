namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>Where on the storefront a list is shown; each placement answers a different question.</summary>
public enum Placement
{
    /// <summary>"For you": the blended ranker over the shopper's history and session.</summary>
    Personalized,
    /// <summary>Products bought in the same orders as the product on screen.</summary>
    FrequentlyBoughtTogether,
    /// <summary>Products viewed in the same sessions as the product on screen.</summary>
    AlsoViewed,
    /// <summary>Look-alikes of the product on screen: interaction similarity, then text similarity (new products).</summary>
    Similar,
    /// <summary>Add-ons for the cart's products (bought together with them), never the cart itself.</summary>
    CartComplements,
    /// <summary>What is gaining interest now, store-wide or in one category.</summary>
    Trending,
    /// <summary>Products new to the catalog, ordered by the shopper's tastes (categories, brands) when known.</summary>
    NewForYou,
    /// <summary>The shopper's own recently viewed products (a memory aid, no model).</summary>
    RecentlyViewed,
    /// <summary>Products like the one the shopper viewed most recently, named in the reasons.</summary>
    BecauseYouViewed,
}

/// <summary>One storefront question.</summary>
public sealed record RecommendationRequest
{
    public required Placement Placement { get; init; }
    /// <summary>The signed-in customer (already checked to be the caller's own, or an admin preview).</summary>
    public string? CustomerId { get; init; }
    public string? SessionId { get; init; }
    /// <summary>The product on screen.</summary>
    public string? ProductId { get; init; }
    public IReadOnlyList<string> CartProductIds { get; init; } = [];
    /// <summary>For TRENDING: a category path prefix.</summary>
    public string? Category { get; init; }
    public int Count { get; init; } = 10;
}

/// <summary>A recommended product, its score and a reason a shopper can read.</summary>
public sealed record RecommendedItem(string ProductId, double Score, string Reason);

/// <summary>A served list. <see cref="RecommendationId"/> goes back in CLICK and PURCHASE events for attribution.</summary>
public sealed record RecommendationList(
    string RecommendationId,
    Placement Placement,
    IReadOnlyList<RecommendedItem> Items,
    string Strategy,
    string? ModelVersion,
    string? SourceProductId);

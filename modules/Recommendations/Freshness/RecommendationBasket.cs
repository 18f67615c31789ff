using Marten.Events.Projections;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Freshness;

/// <summary>
/// One order's products (id <c>o:&lt;orderId&gt;</c>) or one session-day's viewed products
/// (<c>s:&lt;sessionId&gt;|yyyy-MM-dd</c>), kept by an async projection. Pairs in baskets newer than the
/// active model are counted on read, so "bought together" and "also viewed" learn new pairs within a minute
/// of the events, without a retrain.
/// </summary>
public sealed class RecommendationBasket
{
    public string Id { get; set; } = "";
    /// <summary>True for an order, false for a browsing session-day.</summary>
    public bool IsOrder { get; set; }
    public List<string> Products { get; set; } = [];
    public DateTimeOffset LastAt { get; set; }
}

/// <summary>Maintains <see cref="RecommendationBasket"/> documents, asynchronously.</summary>
public sealed class RecommendationBasketProjection : MultiStreamProjection<RecommendationBasket, string>
{
    public RecommendationBasketProjection()
    {
        Identity<ItemPurchased>(e => "o:" + e.OrderId);
        Identity<ProductViewed>(SessionDay);
        Identity<AddedToCart>(SessionDay);
    }

    private static string SessionDay(ShopperEvent e) =>
        $"s:{e.SessionId ?? "c-" + e.CustomerId}|{e.OccurredAt.UtcDateTime:yyyy-MM-dd}";

    public void Apply(ItemPurchased e, RecommendationBasket b) => Add(b, e, order: true);
    public void Apply(ProductViewed e, RecommendationBasket b) => Add(b, e, order: false);
    public void Apply(AddedToCart e, RecommendationBasket b) => Add(b, e, order: false);

    private static void Add(RecommendationBasket b, ShopperEvent e, bool order)
    {
        b.IsOrder = order;
        if (e.ProductId is { } p && !b.Products.Contains(p) && b.Products.Count < 100) b.Products.Add(p);
        if (e.OccurredAt > b.LastAt) b.LastAt = e.OccurredAt;
    }
}

using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Training;

/// <summary>
/// Turns stored shopper events into the models' interactions. The one conversion the retrain job, the live
/// session context and the benchmark share, so what is measured offline is what the store serves.
/// </summary>
public static class ShopperEventInteractions
{
    /// <summary>The event types that carry interest in a product (searches, checkouts and returns do not name one or say "no").</summary>
    public static readonly Type[] EventTypes = [typeof(ProductViewed), typeof(ProductClicked), typeof(AddedToCart), typeof(ItemPurchased)];

    /// <summary>The shopper key a model knows a shopper by: the customer id, or <c>session:&lt;id&gt;</c> for anonymous sessions.</summary>
    public static string ShopperKey(ShopperEvent e) => ShopperStreams.For(e.CustomerId, e.SessionId);

    /// <summary>
    /// The interaction of one event, or null when it carries no product interest. Clicks count as views (a click
    /// opens the product page); purchases carry their order as the basket and views their session, so
    /// "bought together" is per order and "viewed together" per visit. The weight is 1 (quantities would let
    /// bulk buyers dominate); <see cref="RecommendationTrainer"/> may scale it by inverse propensity.
    /// </summary>
    public static Interaction? From(ShopperEvent e, string? shopperKey = null)
    {
        if (e.ProductId is null) return null;
        var key = shopperKey ?? ShopperKey(e);
        return e switch
        {
            ProductViewed or ProductClicked => new Interaction(key, e.ProductId, InteractionKind.View, 1, e.OccurredAt, e.SessionId is null ? null : "s:" + e.SessionId),
            AddedToCart => new Interaction(key, e.ProductId, InteractionKind.AddToCart, 1, e.OccurredAt, e.SessionId is null ? null : "s:" + e.SessionId),
            ItemPurchased => new Interaction(key, e.ProductId, InteractionKind.Purchase, 1, e.OccurredAt, e.OrderId is null ? null : "o:" + e.OrderId),
            _ => null,
        };
    }
}

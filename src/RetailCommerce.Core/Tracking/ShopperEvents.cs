namespace RetailCommerce.Tracking;

/// <summary>Where and how an interaction happened.</summary>
public sealed record EventContext(string? Device, string? Referrer, string? Country);

/// <summary>
/// A shopper interaction as stored in the event stream. One concrete type per interaction kind, so
/// projections have one <c>Apply</c> per event, as in Marten's documentation.
/// </summary>
public abstract class ShopperEvent
{
    /// <summary>The client's idempotency key (<c>EventInput.id</c>).</summary>
    public string EventKey { get; set; } = "";
    /// <summary>The known customer, if any (dropped when the shopper withheld analytics consent).</summary>
    public string? CustomerId { get; set; }
    /// <summary>The browsing session.</summary>
    public string? SessionId { get; set; }
    /// <summary>The product involved, for product events.</summary>
    public string? ProductId { get; set; }
    /// <summary>The order, for checkout, purchase and return lines.</summary>
    public string? OrderId { get; set; }
    /// <summary>Units, for cart, purchase and return lines.</summary>
    public int Quantity { get; set; } = 1;
    /// <summary>Unit price paid or shown.</summary>
    public decimal? Price { get; set; }
    /// <summary>The search text, for SEARCH events.</summary>
    public string? Query { get; set; }
    /// <summary>The recommendation list or search the interaction came from, for attribution.</summary>
    public string? RecommendationId { get; set; }
    /// <summary>Device, referrer and country.</summary>
    public EventContext? Context { get; set; }
    /// <summary>When it happened at the shopper.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The contract's name of the event type (VIEW, SEARCH, ...).</summary>
    public abstract string TypeName { get; }

    /// <summary>Line revenue (price × quantity) for purchases, negative for returns, zero otherwise.</summary>
    public virtual decimal Revenue => 0m;
}

/// <summary>A product page was viewed.</summary>
public sealed class ProductViewed : ShopperEvent { public override string TypeName => "VIEW"; }
/// <summary>A search was run.</summary>
public sealed class CatalogSearched : ShopperEvent { public override string TypeName => "SEARCH"; }
/// <summary>A product was clicked in a list (search results, recommendations).</summary>
public sealed class ProductClicked : ShopperEvent { public override string TypeName => "CLICK"; }
/// <summary>Units were added to the cart.</summary>
public sealed class AddedToCart : ShopperEvent { public override string TypeName => "ADD_TO_CART"; }
/// <summary>Units were removed from the cart.</summary>
public sealed class RemovedFromCart : ShopperEvent { public override string TypeName => "REMOVE_FROM_CART"; }
/// <summary>Checkout was started.</summary>
public sealed class CheckoutStarted : ShopperEvent { public override string TypeName => "CHECKOUT"; }
/// <summary>An order line was purchased (lines of one order share <see cref="ShopperEvent.OrderId"/>).</summary>
public sealed class ItemPurchased : ShopperEvent
{
    public override string TypeName => "PURCHASE";
    public override decimal Revenue => (Price ?? 0m) * Quantity;
}
/// <summary>An order line was returned.</summary>
public sealed class ItemReturned : ShopperEvent
{
    public override string TypeName => "RETURN";
    public override decimal Revenue => -(Price ?? 0m) * Quantity;
}

/// <summary>An anonymous session was linked to a customer at login (appended to the customer's stream).</summary>
public sealed record SessionLinkedToCustomer(string SessionId, string CustomerId, DateTimeOffset LinkedAt);

namespace RetailCommerce.Tracking;

/// <summary>Maps the contract's event type names to stored event types.</summary>
public static class ShopperEventFactory
{
    private static readonly Dictionary<string, Func<ShopperEvent>> Types = new(StringComparer.Ordinal)
    {
        ["VIEW"] = () => new ProductViewed(),
        ["SEARCH"] = () => new CatalogSearched(),
        ["CLICK"] = () => new ProductClicked(),
        ["ADD_TO_CART"] = () => new AddedToCart(),
        ["REMOVE_FROM_CART"] = () => new RemovedFromCart(),
        ["CHECKOUT"] = () => new CheckoutStarted(),
        ["PURCHASE"] = () => new ItemPurchased(),
        ["RETURN"] = () => new ItemReturned(),
    };

    /// <summary>The contract's type names.</summary>
    public static IEnumerable<string> TypeNames => Types.Keys;

    /// <summary>True for a contract type name.</summary>
    public static bool IsKnownType(string type) => Types.ContainsKey(type);

    /// <summary>Builds the stored event for a validated input.</summary>
    public static ShopperEvent Create(string type, EventInput input, DateTimeOffset occurredAt)
    {
        var e = Types[type]();
        e.EventKey = input.Id!;
        e.CustomerId = Blank(input.CustomerId);
        e.SessionId = Blank(input.SessionId);
        e.ProductId = Blank(input.ProductId);
        e.OrderId = Blank(input.OrderId);
        e.Quantity = input.Quantity ?? 1;
        e.Price = input.Price;
        e.Query = input.Query?.Trim();
        e.RecommendationId = Blank(input.RecommendationId);
        e.Context = input.Context is null ? null
            : new EventContext(Blank(input.Context.Device), Blank(input.Context.Referrer), Blank(input.Context.Country)?.ToUpperInvariant());
        e.OccurredAt = occurredAt;
        return e;
    }

    /// <summary>
    /// The same event without its customer link, for a shopper who withheld analytics consent. Without a
    /// session id the event gets a stream of its own, so nothing ties it to other events.
    /// </summary>
    public static ShopperEvent Anonymized(ShopperEvent source)
    {
        var e = Types[source.TypeName]();
        e.EventKey = source.EventKey;
        e.SessionId = source.SessionId ?? "unlinked-" + Guid.NewGuid().ToString("N");
        e.ProductId = source.ProductId;
        e.OrderId = source.OrderId;
        e.Quantity = source.Quantity;
        e.Price = source.Price;
        e.Query = source.Query;
        e.RecommendationId = source.RecommendationId;
        e.Context = source.Context;
        e.OccurredAt = source.OccurredAt;
        return e;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

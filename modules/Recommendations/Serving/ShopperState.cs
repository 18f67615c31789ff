using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>
/// What the shopper did lately, read from their own event stream at request time (so a view a second ago
/// already counts): recent views, the cart, and what they bought. Built only from streams the caller may
/// read: the customer's only with personalization consent, the anonymous session's always.
/// </summary>
public sealed class ShopperState
{
    /// <summary>Nobody known.</summary>
    public static ShopperState Empty { get; } = new(null, []);

    /// <summary>Builds the state from events (any order).</summary>
    public ShopperState(string? shopperKey, IEnumerable<ShopperEvent> events)
    {
        ShopperKey = shopperKey;
        var ordered = events.OrderByDescending(e => e.OccurredAt).ToList();
        var views = new List<(string, DateTimeOffset)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in ordered)
            if (e is ProductViewed or ProductClicked or AddedToCart && e.ProductId is { } p && seen.Add(p)) views.Add((p, e.OccurredAt));
        RecentViews = views;
        Bought = ordered.OfType<ItemPurchased>().Where(e => e.ProductId is not null).Select(e => e.ProductId!).ToHashSet(StringComparer.Ordinal);
        // In the cart: the latest cart event for the product is an add, and no purchase came after it.
        var cart = new HashSet<string>(StringComparer.Ordinal);
        var decided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in ordered)
        {
            if (e.ProductId is not { } p || decided.Contains(p)) continue;
            if (e is AddedToCart) { cart.Add(p); decided.Add(p); }
            else if (e is RemovedFromCart or ItemPurchased) decided.Add(p);
        }
        InCart = cart;
        Latest = ordered.Count > 0 ? ordered[0].OccurredAt : null;
        Categories = [];
    }

    /// <summary>The key the models know this shopper by (customer id or <c>session:&lt;id&gt;</c>); null when anonymous without a session.</summary>
    public string? ShopperKey { get; }

    /// <summary>Distinct products viewed (or carted), most recent first, with when.</summary>
    public IReadOnlyList<(string ProductId, DateTimeOffset At)> RecentViews { get; }

    /// <summary>Products bought.</summary>
    public IReadOnlySet<string> Bought { get; }

    /// <summary>Products in the cart now.</summary>
    public IReadOnlySet<string> InCart { get; }

    /// <summary>The shopper's latest event.</summary>
    public DateTimeOffset? Latest { get; }

    /// <summary>Filled by the engine: how often each department appears in the shopper's history.</summary>
    internal Dictionary<string, int> Categories { get; }

    /// <summary>True when there is anything to personalize from.</summary>
    public bool HasActivity => RecentViews.Count > 0 || Bought.Count > 0;
}

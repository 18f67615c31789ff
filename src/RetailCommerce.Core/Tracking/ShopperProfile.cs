using Marten.Events.Aggregation;

namespace RetailCommerce.Tracking;

/// <summary>
/// What a shopper stream adds up to: for a customer (id = customer id) or an anonymous session
/// (id = <c>session:&lt;id&gt;</c>). Read by modules that need a quick profile.
/// </summary>
public sealed class ShopperProfile
{
    /// <summary>The stream key: a customer id, or <c>session:&lt;id&gt;</c>.</summary>
    public string Id { get; set; } = "";
    public DateTimeOffset? FirstSeen { get; set; }
    public DateTimeOffset? LastSeen { get; set; }
    public int Views { get; set; }
    public int Searches { get; set; }
    public int Clicks { get; set; }
    public int AddToCarts { get; set; }
    public int Checkouts { get; set; }
    /// <summary>Distinct orders with at least one purchased line.</summary>
    public int Orders { get; set; }
    public int ItemsPurchased { get; set; }
    public int Returns { get; set; }
    /// <summary>Purchased revenue less returns.</summary>
    public decimal Revenue { get; set; }
    /// <summary>Orders counted so far (to count each order once across its lines).</summary>
    public List<string> OrderIds { get; set; } = [];
    /// <summary>Sessions linked to this customer at login.</summary>
    public List<string> LinkedSessions { get; set; } = [];
}

/// <summary>Builds <see cref="ShopperProfile"/> from each shopper stream, asynchronously.</summary>
public sealed class ShopperProfileProjection : SingleStreamProjection<ShopperProfile, string>
{
    public void Apply(ProductViewed e, ShopperProfile p) { Seen(p, e); p.Views++; }
    public void Apply(CatalogSearched e, ShopperProfile p) { Seen(p, e); p.Searches++; }
    public void Apply(ProductClicked e, ShopperProfile p) { Seen(p, e); p.Clicks++; }
    public void Apply(AddedToCart e, ShopperProfile p) { Seen(p, e); p.AddToCarts++; }
    public void Apply(RemovedFromCart e, ShopperProfile p) => Seen(p, e);
    public void Apply(CheckoutStarted e, ShopperProfile p) { Seen(p, e); p.Checkouts++; }

    public void Apply(ItemPurchased e, ShopperProfile p)
    {
        Seen(p, e);
        p.ItemsPurchased += e.Quantity;
        p.Revenue += e.Revenue;
        if (e.OrderId is not null && !p.OrderIds.Contains(e.OrderId)) { p.OrderIds.Add(e.OrderId); p.Orders++; }
    }

    public void Apply(ItemReturned e, ShopperProfile p) { Seen(p, e); p.Returns += e.Quantity; p.Revenue += e.Revenue; }

    public void Apply(SessionLinkedToCustomer e, ShopperProfile p)
    {
        if (!p.LinkedSessions.Contains(e.SessionId)) p.LinkedSessions.Add(e.SessionId);
    }

    private static void Seen(ShopperProfile p, ShopperEvent e)
    {
        if (p.FirstSeen is null || e.OccurredAt < p.FirstSeen) p.FirstSeen = e.OccurredAt;
        if (p.LastSeen is null || e.OccurredAt > p.LastSeen) p.LastSeen = e.OccurredAt;
    }
}

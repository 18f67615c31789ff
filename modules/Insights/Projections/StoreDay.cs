using Marten.Events.Projections;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Projections;

/// <summary>
/// Event counters of one store day (id = <c>yyyy-MM-dd</c>). Only plain sums live here: each event adds to
/// exactly one day, so these are right however the daemon batches events. Distinct counts (sessions,
/// visitors, orders) cannot be summed and have their own per-day fact documents.
/// </summary>
public sealed class StoreDay
{
    public string Id { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>VIEW events.</summary>
    public int ProductViews { get; set; }
    /// <summary>SEARCH events.</summary>
    public int Searches { get; set; }
    /// <summary>ADD_TO_CART events (not units).</summary>
    public int AddToCarts { get; set; }
    /// <summary>CHECKOUT events.</summary>
    public int Checkouts { get; set; }
    /// <summary>PURCHASE events (order lines).</summary>
    public int PurchaseLines { get; set; }
    /// <summary>Units on PURCHASE lines.</summary>
    public int UnitsSold { get; set; }
    /// <summary>Σ price × quantity over PURCHASE lines (gross, before returns).</summary>
    public decimal Revenue { get; set; }
    /// <summary>RETURN events (returned lines).</summary>
    public int Returns { get; set; }
    /// <summary>Units on RETURN lines.</summary>
    public int UnitsReturned { get; set; }
    /// <summary>Σ price × quantity over RETURN lines (a positive amount).</summary>
    public decimal ReturnedValue { get; set; }
}

/// <summary>Maintains <see cref="StoreDay"/> asynchronously, one document per store day.</summary>
public sealed class StoreDayProjection : MultiStreamProjection<StoreDay, string>
{
    public StoreDayProjection()
    {
        Identity<ProductViewed>(Key);
        Identity<CatalogSearched>(Key);
        Identity<AddedToCart>(Key);
        Identity<CheckoutStarted>(Key);
        Identity<ItemPurchased>(Key);
        Identity<ItemReturned>(Key);
    }

    private static string Key(ShopperEvent e) => ShopperKeys.DayId(ShopperKeys.DayOf(e));

    public void Apply(ProductViewed e, StoreDay d) { Init(d, e); d.ProductViews++; }
    public void Apply(CatalogSearched e, StoreDay d) { Init(d, e); d.Searches++; }
    public void Apply(AddedToCart e, StoreDay d) { Init(d, e); d.AddToCarts++; }
    public void Apply(CheckoutStarted e, StoreDay d) { Init(d, e); d.Checkouts++; }

    public void Apply(ItemPurchased e, StoreDay d)
    {
        Init(d, e);
        d.PurchaseLines++;
        d.UnitsSold += e.Quantity;
        d.Revenue += e.Revenue;
    }

    public void Apply(ItemReturned e, StoreDay d)
    {
        Init(d, e);
        d.Returns++;
        d.UnitsReturned += e.Quantity;
        d.ReturnedValue -= e.Revenue; // the platform books returns as negative revenue
    }

    private static void Init(StoreDay d, ShopperEvent e) => d.Day = ShopperKeys.DayOf(e);
}

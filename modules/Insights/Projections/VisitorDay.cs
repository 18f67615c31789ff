using Marten.Events.Projections;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Projections;

/// <summary>
/// One visitor seen on one store day (id = <c>yyyy-MM-dd|visitor key</c>, see <see cref="ShopperKeys.VisitorOf"/>).
/// Visitors per day = documents per day; visitors over a range = distinct <see cref="Visitor"/> values.
/// Same reasoning as <see cref="SessionDay"/>: distinctness is the document's identity, which is safe under
/// the daemon's batching.
/// </summary>
public sealed class VisitorDay
{
    public string Id { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>The visitor key (<c>customer:&lt;id&gt;</c> or <c>session:&lt;id&gt;</c>).</summary>
    public string Visitor { get; set; } = "";
    /// <summary>Activity events of this visitor on the day.</summary>
    public int Events { get; set; }
}

/// <summary>Maintains <see cref="VisitorDay"/> asynchronously from the same activity events that open sessions.</summary>
public sealed class VisitorDayProjection : MultiStreamProjection<VisitorDay, string>
{
    public VisitorDayProjection()
    {
        Identity<ProductViewed>(Key);
        Identity<CatalogSearched>(Key);
        Identity<ProductClicked>(Key);
        Identity<AddedToCart>(Key);
        Identity<RemovedFromCart>(Key);
        Identity<CheckoutStarted>(Key);
        Identity<ItemPurchased>(Key);
    }

    private static string Key(ShopperEvent e) => ShopperKeys.DayKey(ShopperKeys.DayOf(e), ShopperKeys.VisitorOf(e));

    public void Apply(ProductViewed e, VisitorDay v) => Seen(v, e);
    public void Apply(CatalogSearched e, VisitorDay v) => Seen(v, e);
    public void Apply(ProductClicked e, VisitorDay v) => Seen(v, e);
    public void Apply(AddedToCart e, VisitorDay v) => Seen(v, e);
    public void Apply(RemovedFromCart e, VisitorDay v) => Seen(v, e);
    public void Apply(CheckoutStarted e, VisitorDay v) => Seen(v, e);
    public void Apply(ItemPurchased e, VisitorDay v) => Seen(v, e);

    private static void Seen(VisitorDay v, ShopperEvent e)
    {
        v.Day = ShopperKeys.DayOf(e);
        v.Visitor = ShopperKeys.VisitorOf(e);
        v.Events++;
    }
}

using Marten.Events.Projections;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Projections;

/// <summary>
/// One order's purchase lines on one store day (id = <c>yyyy-MM-dd|orderId</c>). Orders per day = documents per
/// day; orders over a range = distinct <see cref="OrderId"/> values (an order whose lines straddle midnight
/// counts on both days but once in the range). Distinct by identity, as <see cref="SessionDay"/>.
/// </summary>
public sealed class OrderDay
{
    public string Id { get; set; } = "";
    public DateOnly Day { get; set; }
    public string OrderId { get; set; } = "";
    /// <summary>PURCHASE lines of the order on the day.</summary>
    public int Lines { get; set; }
    /// <summary>Units on those lines.</summary>
    public int Units { get; set; }
    /// <summary>Σ price × quantity of those lines.</summary>
    public decimal Revenue { get; set; }
}

/// <summary>Maintains <see cref="OrderDay"/> asynchronously from PURCHASE lines.</summary>
public sealed class OrderDayProjection : MultiStreamProjection<OrderDay, string>
{
    public OrderDayProjection() =>
        Identity<ItemPurchased>(e => ShopperKeys.DayKey(ShopperKeys.DayOf(e), e.OrderId!));

    public void Apply(ItemPurchased e, OrderDay o)
    {
        o.Day = ShopperKeys.DayOf(e);
        o.OrderId = e.OrderId!;
        o.Lines++;
        o.Units += e.Quantity;
        o.Revenue += e.Revenue;
    }
}

using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Personalization.Sessions;

/// <summary>
/// One shopper event in the shape session models need, built from stored <see cref="ShopperEvent"/>s or from
/// tracking inputs (the demo generator), so training, the bench and live scoring share one feature path.
/// </summary>
public sealed record SessionEvent(string Type, string? CustomerId, string? SessionId, string? ProductId, int Quantity, decimal? Price,
    string? Query, string? Device, string? Referrer, DateTimeOffset At, string? OrderId = null)
{
    public static SessionEvent From(ShopperEvent e) =>
        new(e.TypeName, e.CustomerId, e.SessionId, e.ProductId, e.Quantity, e.Price, e.Query, e.Context?.Device, e.Context?.Referrer, e.OccurredAt, e.OrderId);

    public static SessionEvent From(EventInput e) =>
        new(e.Type ?? "", e.CustomerId, e.SessionId, e.ProductId, e.Quantity ?? 1, e.Price, e.Query, e.Context?.Device, e.Context?.Referrer, e.OccurredAt ?? default, e.OrderId);
}

/// <summary>What is known about the shopper before this session.</summary>
public sealed record ShopperHistory(int PriorOrders, int PriorSessions, double? DaysSinceLastVisit)
{
    public static ShopperHistory None { get; } = new(0, 0, null);
}

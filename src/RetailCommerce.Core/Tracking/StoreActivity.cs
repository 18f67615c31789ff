using Marten;
using Marten.Events.Projections;

namespace RetailCommerce.Tracking;

/// <summary>
/// The store's own clock: the time of its latest event. Models measure "recent", "trending" and decay from
/// here, not the wall clock, so history loaded today behaves as it did in its own time.
/// </summary>
public sealed class StoreActivity
{
    /// <summary>Always <see cref="DocumentId"/> (one per store tenant).</summary>
    public string Id { get; set; } = DocumentId;
    public DateTimeOffset? FirstEventAt { get; set; }
    public DateTimeOffset? LatestEventAt { get; set; }
    public long Events { get; set; }

    /// <summary>The single document id per store.</summary>
    public const string DocumentId = "activity";
}

/// <summary>Maintains <see cref="StoreActivity"/>, asynchronously.</summary>
public sealed class StoreActivityProjection : MultiStreamProjection<StoreActivity, string>
{
    public StoreActivityProjection() => Identity<ShopperEvent>(_ => StoreActivity.DocumentId);

    public void Apply(ShopperEvent e, StoreActivity a)
    {
        a.Events++;
        if (a.FirstEventAt is null || e.OccurredAt < a.FirstEventAt) a.FirstEventAt = e.OccurredAt;
        if (a.LatestEventAt is null || e.OccurredAt > a.LatestEventAt) a.LatestEventAt = e.OccurredAt;
    }
}

/// <summary>Reads the store's clock: "recent", "trending" and horizons are measured from it, not from the wall clock.</summary>
public static class StoreClock
{
    /// <summary>The store's latest event time (history loaded today runs in its own time), or null before any event.</summary>
    public static async Task<DateTimeOffset?> LatestEventAtAsync(this IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<StoreActivity>(StoreActivity.DocumentId, ct))?.LatestEventAt;
}

using Marten;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Personalization.Sessions;

/// <summary>A live session as read from the event store.</summary>
public sealed record LiveSession(string SessionId, string? CustomerId, IReadOnlyList<SessionEvent> Events, ShopperHistory History);

/// <summary>
/// Reads a session's events for live decisions: the anonymous stream <c>session:&lt;id&gt;</c> and, for a known
/// customer, that session's part of the customer's stream (their latest events only), plus what the customer did
/// before it. Streams come from <see cref="LiveStreams"/> (memory, kept current by a 200 ms tail).
/// </summary>
public sealed class SessionReader(LiveStreams streams)
{

    /// <param name="cached">False for batch jobs: read the database directly and leave the live cache alone.</param>
    public async Task<LiveSession> LoadAsync(string storeId, string? sessionId, string? customerId, CancellationToken ct, bool cached = true)
    {
        async Task<IReadOnlyList<SessionEvent>> Stream(string key) =>
            cached ? await streams.EventsAsync(storeId, key, ct) : await streams.ReadAsync(storeId, key, ct);
        var events = new List<SessionEvent>();
        var others = new List<SessionEvent>();
        if (sessionId is not null)
            events.AddRange(await Stream(ShopperStreams.SessionPrefix + sessionId));
        if (customerId is null && sessionId is not null && events.Count > 0)
            customerId = await streams.LinkedCustomerAsync(storeId, sessionId, ct);
        if (customerId is not null)
        {
            foreach (var e in await Stream(customerId))
                (sessionId is not null && e.SessionId == sessionId ? events : others).Add(e);
        }
        events.Sort((a, b) => a.At.CompareTo(b.At));
        var start = events.Count > 0 ? events[0].At : DateTimeOffset.MaxValue;
        var before = others.Where(e => e.At < start).ToList();
        var history = customerId is null ? ShopperHistory.None : new ShopperHistory(
            before.Where(e => e.Type == "PURCHASE" && e.OrderId is not null).Select(e => e.OrderId).Distinct().Count(),
            before.Where(e => e.SessionId is not null).Select(e => e.SessionId).Distinct().Count(),
            before.Count == 0 ? null : ((events.Count > 0 ? start : DateTimeOffset.UtcNow) - before.Max(e => e.At)).TotalDays);
        return new LiveSession(sessionId ?? "", customerId, events, history);
    }
}

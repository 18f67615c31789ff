using Marten;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Personalization.Sessions;

/// <summary>A live session as read from the event store.</summary>
public sealed record LiveSession(string SessionId, string? CustomerId, IReadOnlyList<SessionEvent> Events, ShopperHistory History);

/// <summary>
/// Reads a session's events for live decisions: the anonymous stream <c>session:&lt;id&gt;</c> and, for a known
/// customer, that session's part of the customer's stream (their latest events only, by the stream-key index),
/// plus what the customer did before it.
/// </summary>
public sealed class SessionReader(StoreSessions sessions)
{
    private const int EventsPerStream = 300;

    public async Task<LiveSession> LoadAsync(string storeId, string? sessionId, string? customerId, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        var events = new List<SessionEvent>();
        var others = new List<SessionEvent>();
        if (sessionId is not null)
            events.AddRange(await LatestAsync(read, ShopperStreams.SessionPrefix + sessionId, ct));
        if (customerId is null && sessionId is not null && events.Count > 0)
            customerId = (await read.LoadAsync<SessionLink>(sessionId, ct))?.CustomerId;
        if (customerId is not null)
        {
            foreach (var e in await LatestAsync(read, customerId, ct))
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

    private static async Task<IEnumerable<SessionEvent>> LatestAsync(IQuerySession read, string streamKey, CancellationToken ct)
    {
        var raw = await read.Events.QueryAllRawEvents().Where(e => e.StreamKey == streamKey)
            .OrderByDescending(e => e.Sequence).Take(EventsPerStream).ToListAsync(ct);
        return raw.Select(e => e.Data).OfType<ShopperEvent>().Select(SessionEvent.From);
    }
}

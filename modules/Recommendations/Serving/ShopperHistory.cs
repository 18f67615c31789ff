using Marten;
using Microsoft.Extensions.Options;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>Reads a shopper's latest events into a <see cref="ShopperState"/> (one indexed query on their own stream).</summary>
public sealed class ShopperHistory(StoreSessions sessions, IOptions<RecommendationsOptions> options)
{
    /// <summary>The shopper's state; <paramref name="shopperKey"/> is a customer id or <c>session:&lt;id&gt;</c>.</summary>
    public async Task<ShopperState> ReadAsync(string storeId, string shopperKey, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        var events = await read.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == shopperKey)
            .OrderByDescending(e => e.Sequence).Take(options.Value.ShopperEventsPerRequest).ToListAsync(ct);
        return new ShopperState(shopperKey, events.Select(e => e.Data).OfType<ShopperEvent>());
    }
}

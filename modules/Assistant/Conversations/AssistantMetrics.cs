using Marten;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Assistant.Conversations;

/// <summary>The assistant's figures for the admin.</summary>
public sealed record AssistantFigures(int Conversations, int Turns, double ResolutionRate, double HandoverRate, int OpenHandovers, int BlockedDrafts,
    int ProductsClickedFromChat, decimal RevenueAttributed);

/// <summary>
/// Reads conversation documents and the shopper events the storefront tagged with the reply's attribution id
/// (<c>recommendationId = "assistant:&lt;conversationId&gt;"</c> on CLICK and PURCHASE events).
/// </summary>
public sealed class AssistantMetrics(StoreSessions sessions)
{
    public async Task<AssistantFigures> ReadAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var conversations = await session.Query<Conversation>().Select(c => new { c.Turns, c.Handover, c.LastHelped, c.BlockedDrafts }).ToListAsync(ct);
        var clicks = await session.Events.QueryRawEventDataOnly<ProductClicked>().Where(e => e.RecommendationId!.StartsWith("assistant:")).CountAsync(ct);
        var purchases = await session.Events.QueryRawEventDataOnly<ItemPurchased>().Where(e => e.RecommendationId!.StartsWith("assistant:")).ToListAsync(ct);
        var n = conversations.Count;
        var handed = conversations.Count(c => c.Handover != HandoverStatus.None);
        // Resolved: ended on a helpful answer without a human.
        var resolved = conversations.Count(c => c.Handover == HandoverStatus.None && c.LastHelped);
        return new AssistantFigures(n, conversations.Sum(c => c.Turns), n == 0 ? 0 : Math.Round((double)resolved / n, 3), n == 0 ? 0 : Math.Round((double)handed / n, 3),
            conversations.Count(c => c.Handover == HandoverStatus.Open), conversations.Sum(c => c.BlockedDrafts), clicks, purchases.Sum(p => p.Revenue));
    }

    /// <summary>Conversations, newest first, optionally only handovers in a status or matching a search text.</summary>
    public async Task<IReadOnlyList<Conversation>> ListAsync(string storeId, HandoverStatus? handover, string? search, int first, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var q = session.Query<Conversation>().AsQueryable();
        if (handover is not null) q = q.Where(c => c.Handover == handover.Value);
        if (!string.IsNullOrWhiteSpace(search)) { var s = search.Trim().ToLowerInvariant(); q = q.Where(c => c.SearchText.Contains(s)); }
        return await q.OrderByDescending(c => c.LastAt).Take(first).ToListAsync(ct);
    }
}

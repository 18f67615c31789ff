using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using RetailCommerce.Customers;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Assistant.Conversations;

/// <summary>
/// A customer's chat transcripts for the right of access and erasure (Governance calls every registered
/// <see cref="ICustomerDataHolder"/>). Erasure deletes the conversation streams outright — the events hold the
/// shopper's own words — and keeps each conversation document only as an anonymous tally (turns, outcome,
/// handover), so the assistant's metrics stay what they were.
/// </summary>
public sealed class ChatTranscripts(StoreSessions sessions, IDocumentStore store) : ICustomerDataHolder
{
    public string Name => "assistant-transcripts";

    public async Task<JsonNode?> ExportAsync(string storeId, string customerId, CancellationToken ct)
    {
        var conversations = await OfAsync(storeId, customerId, ct);
        if (conversations.Count == 0) return null;
        return JsonSerializer.SerializeToNode(conversations.Select(c => new
        {
            c.ConversationId, c.StartedAt, c.LastAt, c.Turns, Handover = c.Handover.ToString(), c.TicketId, c.Transcript,
        }));
    }

    public async Task<CustomerDataErased> EraseAsync(string storeId, string customerId, CancellationToken ct)
    {
        var conversations = await OfAsync(storeId, customerId, ct);
        if (conversations.Count == 0) return new CustomerDataErased(0, 0);
        await using (var session = sessions.Write(storeId))
        {
            foreach (var c in conversations)
            {
                c.CustomerId = null;
                c.SessionId = null;
                c.Transcript = [];
                c.SearchText = "";
                c.State = new();
                c.HandoverReason = null;
                c.ResolutionNote = null;
                session.Store(c);
            }
            await session.SaveChangesAsync(ct);
        }
        foreach (var c in conversations) await store.Advanced.Clean.DeleteSingleEventStreamAsync(c.Id, storeId, ct);
        return new CustomerDataErased(conversations.Count, conversations.Count, "conversation events deleted; tallies kept without transcript or ids");
    }

    private async Task<IReadOnlyList<Conversation>> OfAsync(string storeId, string customerId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.Query<Conversation>().Where(c => c.CustomerId == customerId).ToListAsync(ct);
    }
}

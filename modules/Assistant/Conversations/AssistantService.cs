using System.Security.Cryptography;
using Marten;
using Microsoft.Extensions.Logging;
using RetailCommerce.Catalog;
using RetailCommerce.Consent;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Assistant.Dialogue;
using RetailCommerce.Modules.Assistant.Plugins;
using RetailCommerce.Persistence;
using RetailCommerce.Security;
using RetailCommerce.Stores;

namespace RetailCommerce.Modules.Assistant.Conversations;

/// <summary>The reply to one chat message.</summary>
public sealed record ChatReply(string ConversationId, string Text, IReadOnlyList<ProductCard> Products, IReadOnlyList<AssistantAction> Actions, bool Handover,
    string? TicketId, string AttributionId);

/// <summary>
/// The chat use case: who may talk in which conversation, consent, the engine's turn, and the conversation's
/// events. Order status and points are only ever looked up for the caller's own signed-in customer.
/// </summary>
public sealed class AssistantService(StoreSessions sessions, AssistantEngine engine, IConsentCheck consent, StoreDirectory stores, TimeProvider clock,
    ILogger<AssistantService> logger)
{
    /// <summary>The module id (stream prefix, attribution prefix).</summary>
    public const string ModuleId = "assistant";
    /// <summary>Longest shopper message.</summary>
    public const int MaxMessage = 1_000;

    /// <summary>The stream key of a conversation.</summary>
    public static string StreamKey(string conversationId) => ShopperStreams.ModuleStreamPrefix(ModuleId) + conversationId;

    public async Task<ChatReply> ChatAsync(string storeId, Caller caller, string? conversationId, string message, string? customerId, string? sessionId, CancellationToken ct)
    {
        message = (message ?? "").Trim();
        if (message.Length == 0) throw new RetailError(ErrorCodes.BadUserInput, "message: must not be empty.", "message");
        if (message.Length > MaxMessage) throw new RetailError(ErrorCodes.BadUserInput, $"message: at most {MaxMessage} characters.", "message");
        CheckId(conversationId, "conversationId");
        CheckId(sessionId, "sessionId");
        var customer = Customer(caller, customerId?.Trim());
        if (customer is not null && !await consent.IsGrantedAsync(storeId, customer, ConsentPurpose.AiAssistant, ct))
            throw new RetailError(ErrorCodes.Forbidden, "chat: this customer has not agreed to talk to the AI assistant (consent AI_ASSISTANT).", "customerId");

        var id = string.IsNullOrEmpty(conversationId) ? "c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) : conversationId;
        var key = StreamKey(id);
        await using var session = sessions.Write(storeId);
        var stream = await session.Events.FetchForWriting<Conversation>(key, ct);
        var existing = stream.Aggregate;
        if (existing is not null) CheckOwner(existing, caller, customer, sessionId);
        var settings = await session.LoadAsync<AssistantSettings>(AssistantSettings.DocumentId, ct) ?? new AssistantSettings();
        var store = await stores.FindAsync(storeId, ct);
        var history = existing?.Transcript.ToList() ?? [];
        var state = existing?.State ?? new DialogueState();
        if (existing?.Handover == HandoverStatus.Open)
            state = state with { HandedOver = true };

        var outcome = await engine.TurnAsync(new TurnRequest(storeId, customer, store?.Currency ?? "EUR", settings, state, history, message), ct);
        var now = clock.GetUtcNow();
        string? ticket = null;
        var text = outcome.Text;
        if (outcome.Handover)
        {
            ticket = existing?.Handover == HandoverStatus.Open ? existing.TicketId : "H-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
            text = text.Replace("{ticket}", ticket);
        }
        if (existing is null) stream.AppendOne(new ConversationStarted(id, customer, sessionId, now));
        stream.AppendOne(new ShopperMessaged(customer, message, now));
        stream.AppendOne(new AssistantAnswered(customer, text, outcome.Intent, outcome.Confidence, outcome.Brain, outcome.Products.Select(p => p.Id).ToList(), outcome.Actions,
            outcome.Helped, outcome.DraftGrounded, outcome.Violations, outcome.OfferedHandover, Math.Round(outcome.Milliseconds, 2), outcome.State, now));
        if (outcome.Handover && existing?.Handover != HandoverStatus.Open)
            stream.AppendOne(new HandoverRequested(customer, ticket!, outcome.HandoverReason ?? "requested", now));
        await session.SaveChangesAsync(ct);
        if (!outcome.DraftGrounded) logger.LogWarning("Assistant draft blocked in store {Store}, conversation {Conversation}: {Violations}", storeId, id, string.Join("; ", outcome.Violations));
        return new ChatReply(id, text, outcome.Products, outcome.Actions, outcome.Handover, ticket, "assistant:" + id);
    }

    /// <summary>Closes a handover ticket.</summary>
    public async Task<Conversation> ResolveHandoverAsync(string storeId, string conversationId, string by, string? note, CancellationToken ct)
    {
        await using var session = sessions.Write(storeId);
        var stream = await session.Events.FetchForWriting<Conversation>(StreamKey(conversationId), ct);
        if (stream.Aggregate is null) throw new RetailError(ErrorCodes.NotFound, $"conversationId: no conversation '{conversationId}'.", "conversationId");
        if (stream.Aggregate.Handover != HandoverStatus.Open) throw new RetailError(ErrorCodes.BadUserInput, "conversationId: has no open handover.", "conversationId");
        stream.AppendOne(new HandoverResolved(stream.Aggregate.CustomerId, by, note?.Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, 500)] : null, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return (await session.LoadAsync<Conversation>(StreamKey(conversationId), ct))!;
    }

    // The customer the chat acts for: the one named must be the signed-in customer (or any, for admins).
    private static string? Customer(Caller caller, string? customerId)
    {
        if (string.IsNullOrEmpty(customerId)) return caller.CustomerId;
        if (!ProductValidation.IsValidId(customerId)) throw new RetailError(ErrorCodes.BadUserInput, "customerId: not a valid customer id.", "customerId");
        if (caller.IsAdmin || caller.CustomerId == customerId) return customerId;
        if (caller.CustomerTokenRejected) throw new RetailError(ErrorCodes.Unauthenticated, $"{CustomerTokens.Header} is invalid, expired or for another store.", CustomerTokens.Header);
        throw new RetailError(ErrorCodes.Forbidden, $"chat: customerId must be the signed-in customer (send their {CustomerTokens.Header}).", "customerId");
    }

    private static void CheckOwner(Conversation c, Caller caller, string? customer, string? sessionId)
    {
        if (caller.IsAdmin) return;
        var ok = c.CustomerId is not null ? c.CustomerId == customer : c.SessionId is null || c.SessionId == sessionId || customer is not null && sessionId == c.SessionId;
        if (!ok) throw new RetailError(ErrorCodes.Forbidden, "conversationId: this conversation belongs to another shopper.", "conversationId");
    }

    private static void CheckId(string? id, string field)
    {
        if (!string.IsNullOrEmpty(id) && (!ProductValidation.IsValidId(id) || id.Length > 64))
            throw new RetailError(ErrorCodes.BadUserInput, $"{field}: at most 64 characters (letters, digits, . _ : - /).", field);
    }
}

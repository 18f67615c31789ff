using Marten.Events.Aggregation;
using RetailCommerce.Modules.Assistant.Dialogue;
using RetailCommerce.Modules.Assistant.Plugins;

namespace RetailCommerce.Modules.Assistant.Conversations;

// Conversations are event streams keyed module:assistant:<conversationId>; every event carries the customer id
// (when known) so Governance can export and erase a customer's conversations.

/// <summary>A conversation began.</summary>
public sealed record ConversationStarted(string ConversationId, string? CustomerId, string? SessionId, DateTimeOffset At);

/// <summary>The shopper wrote a message.</summary>
public sealed record ShopperMessaged(string? CustomerId, string Text, DateTimeOffset At);

/// <summary>The assistant answered.</summary>
public sealed record AssistantAnswered(string? CustomerId, string Text, string Intent, float Confidence, string Brain, IReadOnlyList<string> ProductIds,
    IReadOnlyList<AssistantAction> Actions, bool Helped, bool DraftGrounded, IReadOnlyList<string> Violations, bool OfferedHandover, double Milliseconds,
    DialogueState State, DateTimeOffset At);

/// <summary>The conversation was handed to a human (a ticket in the admin queue).</summary>
public sealed record HandoverRequested(string? CustomerId, string TicketId, string Reason, DateTimeOffset At);

/// <summary>A merchant closed the handover ticket.</summary>
public sealed record HandoverResolved(string? CustomerId, string By, string? Note, DateTimeOffset At);

/// <summary>Where a handover stands.</summary>
public enum HandoverStatus { None, Open, Resolved }

/// <summary>A conversation as the admin and the next turn read it (inline projection of its stream).</summary>
public sealed class Conversation
{
    /// <summary>The stream key (<c>module:assistant:&lt;conversationId&gt;</c>).</summary>
    public string Id { get; set; } = "";
    public string ConversationId { get; set; } = "";
    public string? CustomerId { get; set; }
    public string? SessionId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastAt { get; set; }
    public int Turns { get; set; }
    public int HelpedTurns { get; set; }
    public int BlockedDrafts { get; set; }
    public List<TranscriptLine> Transcript { get; set; } = [];
    public DialogueState State { get; set; } = new();
    public HashSet<string> ProductsShown { get; set; } = [];
    public bool LastHelped { get; set; }
    public HandoverStatus Handover { get; set; }
    public string? TicketId { get; set; }
    public string? HandoverReason { get; set; }
    public DateTimeOffset? HandoverAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? ResolutionNote { get; set; }
    /// <summary>Lower-cased transcript for admin search.</summary>
    public string SearchText { get; set; } = "";
}

/// <summary>Folds a conversation stream into its <see cref="Conversation"/> document, in the same transaction.</summary>
public sealed class ConversationProjection : SingleStreamProjection<Conversation, string>
{
    public void Apply(ConversationStarted e, Conversation c)
    {
        c.ConversationId = e.ConversationId; c.CustomerId = e.CustomerId; c.SessionId = e.SessionId; c.StartedAt = e.At; c.LastAt = e.At;
    }

    public void Apply(ShopperMessaged e, Conversation c)
    {
        c.Transcript.Add(new TranscriptLine("shopper", e.Text, e.At));
        c.CustomerId ??= e.CustomerId;
        c.LastAt = e.At;
        c.SearchText += " " + e.Text.ToLowerInvariant();
    }

    public void Apply(AssistantAnswered e, Conversation c)
    {
        c.Transcript.Add(new TranscriptLine("assistant", e.Text, e.At));
        c.Turns++;
        if (e.Helped) c.HelpedTurns++;
        if (!e.DraftGrounded) c.BlockedDrafts++;
        c.LastHelped = e.Helped;
        c.State = e.State;
        c.ProductsShown.UnionWith(e.ProductIds);
        c.LastAt = e.At;
        c.SearchText += " " + e.Text.ToLowerInvariant();
    }

    public void Apply(HandoverRequested e, Conversation c)
    {
        c.Handover = HandoverStatus.Open; c.TicketId = e.TicketId; c.HandoverReason = e.Reason; c.HandoverAt = e.At;
    }

    public void Apply(HandoverResolved e, Conversation c)
    {
        c.Handover = HandoverStatus.Resolved; c.ResolvedBy = e.By; c.ResolutionNote = e.Note;
    }
}

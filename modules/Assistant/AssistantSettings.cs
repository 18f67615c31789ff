namespace RetailCommerce.Modules.Assistant;

/// <summary>A store's assistant texts and flags (one document per store).</summary>
public sealed class AssistantSettings
{
    public const string DocumentId = "assistant-settings";

    public const string DefaultDisclosure = "Hi, I'm the store's AI shopping assistant (an automated program, not a person). I can make mistakes — say \"talk to a human\" at any time.";
    public const string DefaultHandover = "I've passed our conversation to a colleague, who will get back to you here as soon as possible. Ticket: {ticket}.";
    public const string DefaultOfferHandover = "I'm sorry this isn't going well. Would you like me to connect you to a colleague? Just say \"yes\" or \"talk to a human\".";

    public string Id { get; set; } = DocumentId;
    /// <summary>Said at the start of every conversation: that this is an AI assistant.</summary>
    public string Disclosure { get; set; } = DefaultDisclosure;
    /// <summary>Said when a human takes over; <c>{ticket}</c> is replaced by the ticket id.</summary>
    public string HandoverMessage { get; set; } = DefaultHandover;
    /// <summary>Said when the shopper seems frustrated or stuck.</summary>
    public string OfferHandoverMessage { get; set; } = DefaultOfferHandover;
    /// <summary>True once the merchant edited the knowledge base (the starter articles are then no longer implied).</summary>
    public bool KnowledgeEdited { get; set; }
}

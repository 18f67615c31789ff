namespace RetailCommerce.Modules.Assistant.Knowledge;

/// <summary>A merchant-written answer (returns policy, shipping, FAQ) the assistant may quote. Its text is data, never instructions.</summary>
public sealed class KnowledgeArticle
{
    /// <summary>Slug id, e.g. <c>returns</c>.</summary>
    public string Id { get; set; } = "";
    /// <summary>Question or title ("How do returns work?").</summary>
    public string Title { get; set; } = "";
    /// <summary>The answer, plain text.</summary>
    public string Body { get; set; } = "";
    /// <summary>Extra words shoppers use for it ("refund, send back").</summary>
    public string? Keywords { get; set; }
    /// <summary>Last edit.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The text that is embedded for retrieval.</summary>
    public string SearchText => $"{Title}. {Keywords}. {Body}";
}

/// <summary>The articles a new store starts with, so the assistant can answer policy questions before the merchant edits them.</summary>
public static class StarterArticles
{
    public static IReadOnlyList<KnowledgeArticle> All { get; } =
    [
        new() { Id = "returns", Title = "What is your returns policy?", Keywords = "return refund send back exchange money back unwanted item days",
            Body = "You can return unused items within 30 days of delivery for a full refund. Start a return from your account's order page; refunds reach your original payment method within 5 working days after we receive the item." },
        new() { Id = "shipping", Title = "How long does delivery take and what does shipping cost?", Keywords = "shipping ship delivery deliver express dispatch postage courier arrive when",
            Body = "Orders placed before 2 pm on working days are dispatched the same day. Standard delivery takes 2-4 working days; express delivery takes 1 working day. Standard shipping is free on orders over 50." },
        new() { Id = "payment", Title = "Which payment methods do you accept?", Keywords = "pay payment card paypal invoice klarna credit",
            Body = "We accept major credit and debit cards, PayPal and bank transfer. Your card is charged when the order ships." },
        new() { Id = "warranty", Title = "Is there a warranty?", Keywords = "warranty guarantee broken damaged defective faulty repair covered",
            Body = "Every product carries a 2-year warranty against manufacturing defects. Contact us with your order number and a photo of the defect." },
        new() { Id = "gift-wrap", Title = "Do you offer gift wrapping and gift receipts?", Keywords = "gift wrap wrapping present receipt card message",
            Body = "You can add gift wrapping and a personal message at checkout. Gift receipts show no prices, and gift recipients can exchange items within 30 days." },
        new() { Id = "sizing", Title = "How do I find my size?", Keywords = "size guide fit measurements too small too big",
            Body = "Each clothing and shoe page has a size guide. If an item does not fit, you can exchange it for another size free of charge within 30 days." },
        new() { Id = "contact", Title = "How can I contact customer service?", Keywords = "contact phone email opening hours support service",
            Body = "Our customer service team answers by email and chat Monday to Saturday, 8 am to 8 pm. Ask me to connect you to a person at any time." },
        new() { Id = "cancel", Title = "Can I change or cancel my order?", Keywords = "cancel change modify order address wrong",
            Body = "You can cancel or change an order until it ships. After it ships, please return it instead." },
    ];
}

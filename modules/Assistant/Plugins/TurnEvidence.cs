using RetailCommerce.Shopping;
using System.Collections.Concurrent;
using RetailCommerce.Catalog;
using RetailCommerce.Modules.Assistant.Knowledge;
using RetailCommerce.Modules.Assistant.Sources;

namespace RetailCommerce.Modules.Assistant.Plugins;

/// <summary>A product as a tool reports it (what a reply may say about it).</summary>
public sealed record ProductCard(string Id, string Title, string? Brand, string Category, decimal Price, string Currency, int Stock, string? Colour, string? Size, string? Material)
{
    /// <summary>A card from a catalog product and its quoted price.</summary>
    public static ProductCard Of(Product p, decimal? price = null)
    {
        var size = CatalogSnapshot.SizeAttributes.Select(p.Attribute).FirstOrDefault(v => v is not null);
        return new(p.Id, p.Title, p.Brand, p.Category, price ?? p.Price, p.Currency, p.Stock, p.Attribute("colour"), size, p.Attribute("material"));
    }
}

/// <summary>Something the storefront should do for the shopper (the assistant never changes a cart itself).</summary>
public sealed record AssistantAction(string Type, string? ProductId, int Quantity, string Label);

/// <summary>
/// Everything the tools returned in this turn: the only facts a reply may state about products, prices,
/// stock, orders and points. The grounding guard checks replies against it.
/// </summary>
public sealed class TurnEvidence
{
    public ConcurrentDictionary<string, ProductCard> Products { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentDictionary<string, OrderSummary> Orders { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentBag<KnowledgeArticle> Articles { get; } = [];
    public ConcurrentQueue<AssistantAction> Actions { get; } = new();
    public ConcurrentQueue<string> ToolCalls { get; } = new();
    /// <summary>Amounts a tool reported besides product prices (order totals, points).</summary>
    public ConcurrentBag<decimal> Amounts { get; } = [];
    public LoyaltyBalance? Loyalty { get; set; }
    public string? HandoverReason { get; set; }

    /// <summary>Adds products to the evidence and returns their cards.</summary>
    public IReadOnlyList<ProductCard> Add(IEnumerable<ProductCard> cards)
    {
        var list = cards.ToList();
        foreach (var c in list) Products[c.Id] = c;
        return list;
    }
}

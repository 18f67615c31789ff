using Marten.Events.Aggregation;

namespace RetailCommerce.Modules.Pricing.Prices;

/// <summary>One line of a product's price history.</summary>
public sealed class PriceHistoryEntry
{
    /// <summary>PROPOSED, APPROVED, REJECTED or CHANGED.</summary>
    public string Kind { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? ProposalId { get; set; }
    public decimal? OldPrice { get; set; }
    public decimal? NewPrice { get; set; }
    public string? Currency { get; set; }
    public string Reason { get; set; } = "";
    public ExpectedEffect? Effect { get; set; }
    public string? Source { get; set; }
}

/// <summary>
/// A product's pricing state, projected inline from its <c>module:pricing:&lt;productId&gt;</c> stream: the pending
/// proposal, the last change and the full history of proposals and changes.
/// </summary>
public sealed class ProductPricing
{
    /// <summary>The stream key.</summary>
    public string Id { get; set; } = "";
    public string ProductId { get; set; } = "";
    public PriceProposed? Pending { get; set; }
    public DateTimeOffset? LastChangeAt { get; set; }
    public decimal? LastPrice { get; set; }
    public List<PriceHistoryEntry> History { get; set; } = [];
}

/// <summary>Folds the price events into <see cref="ProductPricing"/>.</summary>
public sealed class ProductPricingProjection : SingleStreamProjection<ProductPricing, string>
{
    public void Apply(PriceProposed e, ProductPricing p)
    {
        p.ProductId = e.ProductId;
        p.Pending = e;
        p.History.Add(new PriceHistoryEntry { Kind = "PROPOSED", At = e.At, ProposalId = e.ProposalId, OldPrice = e.CurrentPrice, NewPrice = e.ProposedPrice, Currency = e.Currency, Reason = e.Reason, Effect = e.Effect });
    }

    public void Apply(PriceProposalApproved e, ProductPricing p)
    {
        if (p.Pending?.ProposalId == e.ProposalId) p.Pending = null;
        p.History.Add(new PriceHistoryEntry { Kind = "APPROVED", At = e.At, ProposalId = e.ProposalId, Reason = "approved by the merchant" });
    }

    public void Apply(PriceProposalRejected e, ProductPricing p)
    {
        if (p.Pending?.ProposalId == e.ProposalId) p.Pending = null;
        p.History.Add(new PriceHistoryEntry { Kind = "REJECTED", At = e.At, ProposalId = e.ProposalId, Reason = e.Note });
    }

    public void Apply(PriceChanged e, ProductPricing p)
    {
        p.ProductId = e.ProductId;
        p.LastChangeAt = e.At;
        p.LastPrice = e.NewPrice;
        p.History.Add(new PriceHistoryEntry { Kind = "CHANGED", At = e.At, ProposalId = e.ProposalId, OldPrice = e.OldPrice, NewPrice = e.NewPrice, Currency = e.Currency, Reason = e.Reason, Source = e.Source });
    }

    /// <summary>Applies one event to a copy being decided on (same rules as the projection).</summary>
    public static void Fold(ProductPricing p, object e)
    {
        var projection = new ProductPricingProjection();
        switch (e)
        {
            case PriceProposed x: projection.Apply(x, p); break;
            case PriceProposalApproved x: projection.Apply(x, p); break;
            case PriceProposalRejected x: projection.Apply(x, p); break;
            case PriceChanged x: projection.Apply(x, p); break;
        }
    }
}

namespace RetailCommerce.Modules.Pricing.Prices;

/// <summary>Stream keys of the module's per-product price streams: <c>module:pricing:&lt;productId&gt;</c>.</summary>
public static class PricingStreams
{
    public static readonly string Prefix = ShopperStreams.ModuleStreamPrefix("pricing");
    public static string For(string productId) => Prefix + productId;
}

/// <summary>The forecast effect of a proposal, per day at the proposed vs the current price.</summary>
public sealed record ExpectedEffect(double UnitsBefore, double UnitsAfter, double RevenueBefore, double RevenueAfter, double ProfitBefore, double ProfitAfter);

/// <summary>The optimizer proposed a new price (awaiting approval in recommend-only mode).</summary>
public sealed record PriceProposed(
    string ProposalId, string ProductId, decimal CurrentPrice, decimal ProposedPrice, string Currency,
    string Reason, ExpectedEffect Effect, double Elasticity, string Objective, string ModelVersion,
    IReadOnlyDictionary<string, string> Inputs, DateTimeOffset At);

/// <summary>The merchant approved a pending proposal.</summary>
public sealed record PriceProposalApproved(string ProposalId, DateTimeOffset At);

/// <summary>A proposal was rejected by the merchant, or superseded by a newer one.</summary>
public sealed record PriceProposalRejected(string ProposalId, string Note, DateTimeOffset At);

/// <summary>The product's price changed (automatically, or on approval).</summary>
public sealed record PriceChanged(string ProductId, decimal OldPrice, decimal NewPrice, string Currency, string Reason, string Source, string? ProposalId, DateTimeOffset At);

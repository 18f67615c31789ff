namespace RetailCommerce.Decisions;

/// <summary>
/// One AI decision worth explaining later: a price change, a recommendation list served, a segment assigned,
/// a chat handover, an incentive offered. Record the inputs that mattered (not whole feature vectors), the
/// model and version, and a sentence a merchant or shopper can read.
/// </summary>
public sealed record AiDecision
{
    /// <summary>The deciding module's id (e.g. "pricing").</summary>
    public required string ModuleId { get; init; }

    /// <summary>What kind of decision, in the module's words (e.g. "price-change", "recommendations-served").</summary>
    public required string Kind { get; init; }

    /// <summary>The customer it concerns, if any (personal data: exported and erased with the customer).</summary>
    public string? CustomerId { get; init; }

    /// <summary>The anonymous session it concerns, if any.</summary>
    public string? SessionId { get; init; }

    /// <summary>The product it concerns, if any.</summary>
    public string? ProductId { get; init; }

    /// <summary>Model name and version (e.g. "lightgbm-ranker@2026-11-24T03:00").</summary>
    public string? Model { get; init; }

    /// <summary>The inputs that mattered, as short name/value pairs.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>What was decided, in plain language ("Raised Trail tent from 120.00 to 124.99: demand up 30% week on week, within the 5% daily cap").</summary>
    public required string Explanation { get; init; }

    /// <summary>When (the store's clock when the decision concerns historical data, else now).</summary>
    public DateTimeOffset At { get; init; }
}

/// <summary>
/// The one place modules record AI decisions. The platform's default keeps nothing (a store without a
/// governance module); a governance module replaces it with a stored, queryable log.
/// </summary>
public interface IAiDecisionLog
{
    /// <summary>Records decisions for a store; returns their ids (empty when nothing is kept).</summary>
    Task<IReadOnlyList<string>> RecordAsync(string storeId, IReadOnlyList<AiDecision> decisions, CancellationToken ct = default);
}

/// <summary>Default when no module keeps the decision log.</summary>
public sealed class AiDecisionsNotLogged : IAiDecisionLog
{
    public Task<IReadOnlyList<string>> RecordAsync(string storeId, IReadOnlyList<AiDecision> decisions, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}

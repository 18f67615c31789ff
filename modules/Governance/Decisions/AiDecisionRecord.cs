namespace RetailCommerce.Modules.Governance.Decisions;

/// <summary>A stored AI decision (one document per decision, per store).</summary>
public sealed class AiDecisionRecord
{
    /// <summary>"dec-" and a random id.</summary>
    public string Id { get; set; } = "";
    public string ModuleId { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>The customer it concerns (personal data: exported and erased with the customer).</summary>
    public string? CustomerId { get; set; }
    public string? SessionId { get; set; }
    public string? ProductId { get; set; }
    public string? Model { get; set; }
    public Dictionary<string, string> Inputs { get; set; } = [];
    public string Explanation { get; set; } = "";
    /// <summary>When the decision was made (store clock for historical data).</summary>
    public DateTimeOffset At { get; set; }
    /// <summary>When it was written to the log (wall clock).</summary>
    public DateTimeOffset RecordedAt { get; set; }
}

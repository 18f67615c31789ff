namespace RetailCommerce.Tracking;

/// <summary>One event in a <c>trackEvents</c> call (GraphQL <c>EventInput</c>).</summary>
public sealed class EventInput
{
    public string? Id { get; set; }
    public string? Type { get; set; }
    public string? CustomerId { get; set; }
    public string? SessionId { get; set; }
    public string? ProductId { get; set; }
    public string? OrderId { get; set; }
    public int? Quantity { get; set; }
    public decimal? Price { get; set; }
    public string? Query { get; set; }
    public string? RecommendationId { get; set; }
    public EventContextInput? Context { get; set; }
    public DateTimeOffset? OccurredAt { get; set; }
}

/// <summary>Context of an event input.</summary>
public sealed class EventContextInput
{
    public string? Device { get; set; }
    public string? Referrer { get; set; }
    public string? Country { get; set; }
}

/// <summary>Outcome of a <c>trackEvents</c> call.</summary>
public sealed record TrackResult(int Accepted, int Duplicates, int Rejected, IReadOnlyList<Catalog.ImportError> Errors);

/// <summary>
/// Marks an idempotency key as used. Stored in the same transaction as the events it admitted, so a key is
/// taken exactly when its event is stored.
/// </summary>
public sealed class EventReceipt
{
    /// <summary>The client's idempotency key.</summary>
    public string Id { get; set; } = "";
}

/// <summary>Remembers which customer an anonymous session belongs to.</summary>
public sealed class SessionLink
{
    /// <summary>The session id.</summary>
    public string Id { get; set; } = "";
    /// <summary>The customer it was linked to.</summary>
    public string CustomerId { get; set; } = "";
}

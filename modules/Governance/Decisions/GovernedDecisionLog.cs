using Marten;
using RetailCommerce.Decisions;
using RetailCommerce.GraphQL;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Governance.Decisions;

/// <summary>
/// The platform's <see cref="IAiDecisionLog"/>, keeping decisions as Marten documents per store. Stores without
/// the module enabled keep nothing, like the platform default.
/// </summary>
public sealed class GovernedDecisionLog(ModuleActivation activation, StoreSessions sessions, TimeProvider clock) : IAiDecisionLog
{
    /// <summary>Largest batch one call may record.</summary>
    public const int MaxBatch = 1_000;

    public async Task<IReadOnlyList<string>> RecordAsync(string storeId, IReadOnlyList<AiDecision> decisions, CancellationToken ct = default)
    {
        if (decisions.Count == 0 || !await activation.IsEnabledAsync(storeId, GovernanceModule.Id, ct)) return [];
        if (decisions.Count > MaxBatch) throw new ArgumentException($"At most {MaxBatch} decisions per call.", nameof(decisions));
        var now = clock.GetUtcNow();
        var records = decisions.Select(d => new AiDecisionRecord
        {
            Id = "dec-" + Guid.NewGuid().ToString("N"),
            ModuleId = d.ModuleId,
            Kind = d.Kind,
            CustomerId = d.CustomerId,
            SessionId = d.SessionId,
            ProductId = d.ProductId,
            Model = d.Model,
            // Inputs are meant to be the few that mattered; cap them so a module cannot log whole feature vectors.
            Inputs = d.Inputs.Take(50).ToDictionary(kv => Cut(kv.Key, 100), kv => Cut(kv.Value, 1_000)),
            Explanation = Cut(d.Explanation, 2_000),
            At = d.At == default ? now : d.At,
            RecordedAt = now,
        }).ToList();
        await using var session = sessions.Write(storeId);
        session.Store<AiDecisionRecord>(records);
        await session.SaveChangesAsync(ct);
        return records.Select(r => r.Id).ToList();
    }

    /// <summary>Decisions about a customer and/or product between two times, newest first.</summary>
    public async Task<IReadOnlyList<AiDecisionRecord>> FindAsync(string storeId, string? customerId, string? productId,
        DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken ct)
    {
        if (customerId is null && productId is null)
            throw new RetailError(ErrorCodes.BadUserInput, "customerId: name a customer or a product (productId).", "customerId");
        await using var session = sessions.Read(storeId);
        IQueryable<AiDecisionRecord> q = session.Query<AiDecisionRecord>();
        if (customerId is not null) q = q.Where(d => d.CustomerId == customerId);
        if (productId is not null) q = q.Where(d => d.ProductId == productId);
        if (from is { } f) q = q.Where(d => d.At >= f);
        if (to is { } t) q = q.Where(d => d.At <= t);
        return await q.OrderByDescending(d => d.At).Take(limit).ToListAsync(ct);
    }

    /// <summary>One decision, or null.</summary>
    public async Task<AiDecisionRecord?> FindAsync(string storeId, string id, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<AiDecisionRecord>(id, ct);
    }

    private static string Cut(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..max];
}

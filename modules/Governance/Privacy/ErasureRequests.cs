using System.Security.Cryptography;
using Marten;
using Marten.Events.Aggregation;
using Npgsql;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Governance.Settings;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Governance.Privacy;

/// <summary>
/// A shopper (or the merchant on their behalf) asked for their data to be erased. Stream
/// <c>module:governance:erasure:&lt;requestId&gt;</c> — keyed by the request, not the customer, so the request
/// outlives the erasure it asks for (the erasure pseudonymizes the customer id and blanks the note in place).
/// </summary>
/// <param name="Source"><c>storefront</c> (the shopper, through their token) or <c>admin</c>.</param>
public sealed record ErasureRequested(string RequestId, string CustomerId, string? Note, DateTimeOffset At, string Source);

/// <summary>The erasure asked for was carried out.</summary>
/// <param name="ErasureId">The erasure report's id (its subject hash, the id of the erasure record).</param>
/// <param name="ErasedAt">When the erasure started (the report's time).</param>
/// <param name="Verified">Whether the erasure's closing scan found nothing left.</param>
public sealed record ErasureRequestCompleted(string RequestId, string ErasureId, DateTimeOffset ErasedAt, bool Verified, DateTimeOffset At);

/// <summary>Where an erasure request stands.</summary>
public enum ErasureRequestStatus
{
    /// <summary>Received, not yet acted on.</summary>
    Open,
    /// <summary>The customer was erased.</summary>
    Completed,
}

/// <summary>
/// An erasure request as it stands, projected inline from its stream (id = the stream key), so a second request
/// made a moment later already sees this one. After the erasure <see cref="CustomerId"/> holds a random pseudonym
/// and <see cref="Note"/> reads "[erased]": the record proves the request was handled without naming the person.
/// </summary>
public sealed class ErasureRequest
{
    /// <summary>Marten's document alias; prefixed so no other module's type can share the table.</summary>
    public const string Alias = "governance_erasure_request";

    /// <summary>The document table (the erasure sweep pseudonymizes rows here instead of deleting them).</summary>
    public const string Table = "mt_doc_" + Alias;

    /// <summary>The stream key.</summary>
    public string Id { get; set; } = "";
    /// <summary>The short id shown to people (<c>er-…</c>).</summary>
    public string RequestId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    /// <summary>The customer id while the request is open, null afterwards: a unique index on it (per store) makes "one open request per customer" hold under concurrent requests.</summary>
    public string? OpenFor { get; set; }
    public string? Note { get; set; }
    public string Source { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    /// <summary>When the erasure completed the request; null while it is open. (No status enum is stored: Marten
    /// keeps enums as numbers, and this document is part of what a customer's data export shows.)</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    public string? ErasureId { get; set; }
    public DateTimeOffset? ErasedAt { get; set; }
    public bool? ErasureVerified { get; set; }
}

/// <summary>Builds <see cref="ErasureRequest"/> from its events, inline.</summary>
public sealed class ErasureRequestProjection : SingleStreamProjection<ErasureRequest, string>
{
    public void Apply(ErasureRequested e, ErasureRequest r)
    {
        r.RequestId = e.RequestId;
        r.CustomerId = e.CustomerId;
        r.OpenFor = e.CustomerId;
        r.Note = e.Note;
        r.Source = e.Source;
        r.RequestedAt = e.At;
    }

    public void Apply(ErasureRequestCompleted e, ErasureRequest r)
    {
        r.OpenFor = null;
        r.CompletedAt = e.At;
        r.ErasureId = e.ErasureId;
        r.ErasedAt = e.ErasedAt;
        r.ErasureVerified = e.Verified;
    }
}

/// <summary>An erasure request with its statutory due date worked out for the store.</summary>
public sealed record ErasureRequestView(ErasureRequest Request, DateTimeOffset DueAt, bool Overdue)
{
    public ErasureRequestStatus Status => Request.CompletedAt is null ? ErasureRequestStatus.Open : ErasureRequestStatus.Completed;

    public static ErasureRequestView Of(ErasureRequest r, int deadlineDays, DateTimeOffset now)
    {
        var due = r.RequestedAt.AddDays(deadlineDays);
        return new ErasureRequestView(r, due, r.CompletedAt is null && now > due);
    }
}

/// <summary>
/// Erasure requests (GDPR art. 17 with the one-month answer of art. 12(3)): shoppers file them from the storefront,
/// the merchant acts on them with the existing erasure, which completes them. At most one open request per
/// customer: asking again while one is open returns the open one.
/// </summary>
public sealed class ErasureRequests(StoreSessions sessions, GovernanceSettingsStore settings, TimeProvider clock)
{
    /// <summary>Longest note a shopper may add.</summary>
    public const int MaxNote = 1_000;

    /// <summary>The statutory deadline's bounds in days (GDPR: one month, extendable by two).</summary>
    public const int MinDeadlineDays = 1, MaxDeadlineDays = 90;

    /// <summary>The stream key of a request.</summary>
    public static string StreamKey(string requestId) => ShopperStreams.ModuleStreamPrefix(GovernanceModule.Id) + "erasure:" + requestId;

    /// <summary>Files a request, or returns the customer's open one unchanged.</summary>
    public async Task<ErasureRequestView> RequestAsync(string storeId, string customerId, string? note, string source, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNote })
            throw new RetailError(ErrorCodes.BadUserInput, $"note: at most {MaxNote} characters.", "note");
        if (await OpenForAsync(storeId, customerId, ct) is { } open) return await ViewAsync(storeId, open, ct);

        var requestId = "er-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        try
        {
            await using var session = sessions.Write(storeId);
            session.Events.StartStream(StreamKey(requestId), new ErasureRequested(requestId, customerId, note, clock.GetUtcNow(), source));
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            // A concurrent request for the same customer won the race for the open slot: answer with that one.
        }
        var current = await OpenForAsync(storeId, customerId, ct)
            ?? throw new InvalidOperationException($"Erasure request {requestId} was saved but is not open.");
        return await ViewAsync(storeId, current, ct);
    }

    /// <summary>The customer's open request, or null.</summary>
    public async Task<ErasureRequest?> OpenForAsync(string storeId, string customerId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.Query<ErasureRequest>().Where(r => r.OpenFor == customerId).FirstOrDefaultAsync(ct);
    }

    /// <summary>One request by its short id, or null.</summary>
    public async Task<ErasureRequest?> FindAsync(string storeId, string requestId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<ErasureRequest>(StreamKey(requestId), ct);
    }

    /// <summary>
    /// Requests for the admin: open ones oldest first (the most urgent on top), then completed ones newest first.
    /// <paramref name="open"/> true/false keeps only open/completed ones.
    /// </summary>
    public async Task<IReadOnlyList<ErasureRequestView>> ListAsync(string storeId, bool? open, int first, CancellationToken ct)
    {
        var result = new List<ErasureRequest>();
        await using (var session = sessions.Read(storeId))
        {
            if (open != false)
                result.AddRange(await session.Query<ErasureRequest>().Where(r => r.CompletedAt == null)
                    .OrderBy(r => r.RequestedAt).Take(first).ToListAsync(ct));
            if (open != true && result.Count < first)
                result.AddRange(await session.Query<ErasureRequest>().Where(r => r.CompletedAt != null)
                    .OrderByDescending(r => r.CompletedAt).Take(first - result.Count).ToListAsync(ct));
        }
        var days = (await settings.GetAsync(storeId, ct)).ErasureDeadlineDays;
        var now = clock.GetUtcNow();
        return result.Select(r => ErasureRequestView.Of(r, days, now)).ToList();
    }

    /// <summary>Marks requests completed by an erasure (their customer id and note were already scrubbed by it).</summary>
    public async Task CompleteAsync(string storeId, IEnumerable<ErasureRequest> requests, ErasureReport report, CancellationToken ct)
    {
        var list = requests.Where(r => r.CompletedAt == null).ToList();
        if (list.Count == 0) return;
        await using var session = sessions.Write(storeId);
        var now = clock.GetUtcNow();
        foreach (var r in list)
            session.Events.Append(r.Id, new ErasureRequestCompleted(r.RequestId, report.SubjectHash, report.ErasedAt, report.Verified, now));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>The request with the store's current deadline applied.</summary>
    public async Task<ErasureRequestView> ViewAsync(string storeId, ErasureRequest r, CancellationToken ct) =>
        ErasureRequestView.Of(r, (await settings.GetAsync(storeId, ct)).ErasureDeadlineDays, clock.GetUtcNow());

    private static bool IsUniqueViolation(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }
}

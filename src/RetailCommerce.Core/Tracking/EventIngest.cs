using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using RetailCommerce.Catalog;
using RetailCommerce.Consent;
using RetailCommerce.Diagnostics;
using RetailCommerce.GraphQL;
using RetailCommerce.Persistence;

namespace RetailCommerce.Tracking;

/// <summary>
/// The one append path for shopper events: validates each event, drops replays by idempotency key, and
/// appends the rest to the shopper's stream in one transaction together with their receipts.
/// </summary>
public sealed class EventIngest(StoreSessions sessions, IConsentCheck consent, TimeProvider clock, RetailMetrics metrics,
    IEnumerable<IShopperEventObserver> observers, ILogger<EventIngest> logger)
{
    /// <summary>Largest batch one call accepts.</summary>
    public const int MaxBatch = 1_000;

    /// <summary>How far in the future a timestamp may be (clock skew between shopper devices and the server).</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    // Writers per store and lane on this instance (see WriterLane).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _writers = new();

    private static readonly HashSet<string> ProductEventTypes = ["VIEW", "CLICK", "ADD_TO_CART", "REMOVE_FROM_CART", "PURCHASE", "RETURN"];
    private static readonly HashSet<string> QuantityEventTypes = ["ADD_TO_CART", "REMOVE_FROM_CART", "PURCHASE", "RETURN"];
    private static readonly HashSet<string> OrderEventTypes = ["PURCHASE", "RETURN"];

    /// <summary>Validates and stores a batch; replays are counted as duplicates and stored nothing twice.</summary>
    public async Task<TrackResult> TrackAsync(string storeId, IReadOnlyList<EventInput> inputs, CancellationToken ct)
    {
        if (inputs.Count > MaxBatch)
            throw new RetailError(ErrorCodes.BadUserInput, $"events: at most {MaxBatch} items per call (got {inputs.Count}).", "events");

        var problems = new InputProblems();
        var knownProducts = await KnownProductsAsync(storeId, inputs, ct);
        var now = clock.GetUtcNow();
        var candidates = new List<ShopperEvent>(inputs.Count);
        var seenInBatch = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var e = Validate(inputs[i], i, knownProducts, now, problems);
            if (e is null) continue;
            if (!seenInBatch.Add(e.EventKey)) { duplicates++; continue; }
            candidates.Add(e);
        }

        candidates = await WithoutCustomerLinkWhereAnalyticsWithheldAsync(storeId, candidates, ct);

        // Sessions with anonymous events anywhere in this call: their streams may not exist until it commits.
        var anonymousSessions = candidates.Where(e => e.CustomerId is null && e.SessionId is not null)
            .Select(e => e.SessionId!).ToHashSet(StringComparer.Ordinal);
        var lanes = await Task.WhenAll(candidates
            .GroupBy(e => WriterLane(ShopperStreams.For(e.CustomerId, e.SessionId)))
            .Select(lane => AppendInLaneAsync(storeId, lane.Key, lane.ToList(), anonymousSessions, ct)));
        var accepted = lanes.Sum(l => l.Stored.Count);
        duplicates += lanes.Sum(l => l.Replays);
        Notify(storeId, [.. lanes.SelectMany(l => l.Stored)]);

        var rejected = problems.Errors.Select(x => x.Index).Distinct().Count();
        metrics.EventsAccepted.Add(accepted);
        metrics.EventsDuplicate.Add(duplicates);
        metrics.EventsRejected.Add(rejected);
        return new TrackResult(accepted, duplicates, rejected, problems.Errors);
    }

    private void Notify(string storeId, IReadOnlyList<ShopperEvent> stored)
    {
        if (stored.Count == 0) return;
        foreach (var observer in observers)
        {
            try { observer.EventsStored(storeId, stored); }
            catch (Exception e)
            {
                logger.LogError(e, "Shopper event observer {Observer} failed for store {Store}", observer.GetType().Name, storeId);
            }
        }
    }

    // A stream is only ever appended to from one lane of this instance, because Marten's quick append reads a
    // stream's version without locking it: two transactions appending to (or creating) the same stream at once
    // would collide. Lanes let a batch's streams be written by several transactions in parallel, which keeps
    // both cores busy; collisions with other instances are still possible and are retried.
    private const int WriterLanes = 4;

    private static int WriterLane(string streamKey) => (StringComparer.Ordinal.GetHashCode(streamKey) & int.MaxValue) % WriterLanes;

    private async Task<(IReadOnlyList<ShopperEvent> Stored, int Replays)> AppendInLaneAsync(string storeId, int lane, List<ShopperEvent> events,
        HashSet<string> anonymousSessions, CancellationToken ct)
    {
        var writer = _writers.GetOrAdd($"{storeId}|{lane}", _ => new SemaphoreSlim(1, 1));
        for (var attempt = 1; ; attempt++)
        {
            await writer.WaitAsync(ct);
            try
            {
                return await AppendAsync(storeId, events, anonymousSessions, ct);
            }
            catch (Exception e) when (attempt < 4 && IsConflict(e))
            {
                // Another instance touched the same new stream first. The whole transaction rolled back, and
                // receipts are claimed again on retry, so retrying stores nothing twice.
                logger.LogDebug(e, "Event append conflict in store {Store}, retry {Attempt}", storeId, attempt);
            }
            finally { writer.Release(); }
        }
    }

    private async Task<(IReadOnlyList<ShopperEvent> Stored, int Replays)> AppendAsync(string storeId, List<ShopperEvent> candidates,
        HashSet<string> anonymousSessions, CancellationToken ct)
    {
        if (candidates.Count == 0) return ([], 0);
        await using var session = sessions.Write(storeId);
        // Receipts are claimed with one insert … on conflict do nothing inside the same transaction as the
        // appends: a key some other call already stored comes back absent, and a key a concurrent call is
        // storing right now waits for that call's commit, so a replay can never store an event twice.
        await session.BeginTransactionAsync(ct);
        var table = ReceiptTable(session);
        var keys = candidates.Select(c => c.EventKey).ToArray();
        var claimed = (await session.AdvancedSql.QueryAsync<string>(
            $"insert into {table} (tenant_id, id, data, mt_dotnet_type) " +
            "select ?, k, jsonb_build_object('Id', k), ? from unnest(?::varchar[]) as k on conflict do nothing returning id",
            ct, storeId, typeof(EventReceipt).FullName!, keys)).ToHashSet(StringComparer.Ordinal);
        var fresh = candidates.Where(c => claimed.Contains(c.EventKey)).ToList();
        if (fresh.Count == 0) return ([], candidates.Count);

        await LinkSessionsAsync(session, fresh, anonymousSessions, ct);
        foreach (var stream in fresh.GroupBy(e => ShopperStreams.For(e.CustomerId, e.SessionId)))
            session.Events.Append(stream.Key, stream.Cast<object>().ToArray());
        await session.SaveChangesAsync(ct);
        return (fresh, candidates.Count - fresh.Count);
    }

    private static string? _receiptTable;

    private static string ReceiptTable(IDocumentSession session) =>
        _receiptTable ??= session.DocumentStore.Options.FindOrResolveDocumentType(typeof(EventReceipt)).TableName.QualifiedName;

    // A session that browsed anonymously and is now seen with a customer id is linked to that customer, so
    // the customer's history includes what they did before signing in. Sessions with no anonymous stream have
    // nothing to link, which keeps the common case (signed-in shoppers) to one query per batch.
    private static async Task LinkSessionsAsync(IDocumentSession session, List<ShopperEvent> events, HashSet<string> anonymousSessions, CancellationToken ct)
    {
        var pairs = events.Where(e => e.CustomerId is not null && e.SessionId is not null)
            .GroupBy(e => e.SessionId!).ToDictionary(g => g.Key, g => g.First());
        if (pairs.Count == 0) return;
        var streamKeys = pairs.Keys.Select(s => ShopperStreams.SessionPrefix + s).ToArray();
        var anonymous = await session.QueryAsync<string>(
            "select id from retail.mt_streams where tenant_id = ? and id = ANY(?)", ct, session.TenantId, streamKeys);
        var candidates = anonymous.Select(k => k[ShopperStreams.SessionPrefix.Length..])
            .Concat(pairs.Keys.Where(anonymousSessions.Contains))
            .Distinct().ToArray();
        if (candidates.Length == 0) return;
        var linked = (await session.LoadManyAsync<SessionLink>(ct, candidates)).Select(l => l.Id).ToHashSet();
        foreach (var sessionId in candidates.Where(c => !linked.Contains(c)))
        {
            var e = pairs[sessionId];
            session.Store(new SessionLink { Id = sessionId, CustomerId = e.CustomerId! });
            session.Events.Append(e.CustomerId!, new SessionLinkedToCustomer(sessionId, e.CustomerId!, e.OccurredAt));
        }
    }

    private async Task<List<ShopperEvent>> WithoutCustomerLinkWhereAnalyticsWithheldAsync(string storeId, List<ShopperEvent> events, CancellationToken ct)
    {
        var customers = events.Where(e => e.CustomerId is not null).Select(e => e.CustomerId!).Distinct().ToList();
        if (customers.Count == 0) return events;
        var withheld = await consent.WithheldAsync(storeId, customers, ConsentPurpose.Analytics, ct);
        if (withheld.Count == 0) return events;
        return events.Select(e => e.CustomerId is not null && withheld.Contains(e.CustomerId)
            ? ShopperEventFactory.Anonymized(e)
            : e).ToList();
    }

    private async Task<HashSet<string>> KnownProductsAsync(string storeId, IReadOnlyList<EventInput> inputs, CancellationToken ct)
    {
        var ids = inputs.Where(i => i.ProductId is { Length: > 0 and <= ProductValidation.MaxIdLength })
            .Select(i => i.ProductId!).Distinct().ToArray();
        if (ids.Length == 0) return [];
        await using var session = sessions.Read(storeId);
        var found = await session.Query<Product>().Where(p => p.Id.IsOneOf(ids)).Select(p => p.Id).ToListAsync(ct);
        return found.ToHashSet(StringComparer.Ordinal);
    }

    private static ShopperEvent? Validate(EventInput input, int index, HashSet<string> knownProducts, DateTimeOffset now, InputProblems problems)
    {
        var before = problems.Errors.Count;
        var type = input.Type?.Trim().ToUpperInvariant();
        if (string.IsNullOrWhiteSpace(input.Id) || input.Id.Length > 200) problems.Add(index, "id", "is required (an idempotency key of at most 200 characters).");
        if (type is null || !ShopperEventFactory.IsKnownType(type))
            problems.Add(index, "type", $"'{input.Type}' is not one of {string.Join(", ", ShopperEventFactory.TypeNames)}.");
        if (string.IsNullOrWhiteSpace(input.CustomerId) && string.IsNullOrWhiteSpace(input.SessionId))
            problems.Add(index, "customerId", "customerId or sessionId is required.");
        if (input.CustomerId is { } customerId && (!ProductValidation.IsValidId(customerId) || ShopperStreams.IsReservedKey(customerId)))
            problems.Add(index, "customerId", "is not a valid customer id.");
        if (input.SessionId is { Length: > 128 }) problems.Add(index, "sessionId", "is longer than 128 characters.");
        if (type is not null && ProductEventTypes.Contains(type))
        {
            if (string.IsNullOrWhiteSpace(input.ProductId)) problems.Add(index, "productId", $"is required for {type} events.");
            else if (!knownProducts.Contains(input.ProductId)) problems.Add(index, "productId", $"'{input.ProductId}' is not a product of this store.");
        }
        if (type is not null && QuantityEventTypes.Contains(type) && input.Quantity is <= 0)
            problems.Add(index, "quantity", "must be greater than 0.");
        if (type is not null && OrderEventTypes.Contains(type) && string.IsNullOrWhiteSpace(input.OrderId))
            problems.Add(index, "orderId", $"is required for {type} events.");
        if (input.OrderId is { Length: > 128 }) problems.Add(index, "orderId", "is longer than 128 characters.");
        if (input.Price is < 0) problems.Add(index, "price", "must not be negative.");
        if (type == "SEARCH" && string.IsNullOrWhiteSpace(input.Query)) problems.Add(index, "query", "is required for SEARCH events.");
        if (input.Query is { Length: > 1_000 }) problems.Add(index, "query", "is longer than 1000 characters.");
        if (input.RecommendationId is { Length: > 128 }) problems.Add(index, "recommendationId", "is longer than 128 characters.");
        if (input.OccurredAt > now + AllowedClockSkew) problems.Add(index, "occurredAt", "is in the future.");
        if (input.Context is { } c && (c.Device?.Length > 64 || c.Referrer?.Length > 2_048 || c.Country?.Length > 2))
            problems.Add(index, "context", "device (64), referrer (2048) or country (2) is too long.");
        if (problems.Errors.Count > before) return null;
        return ShopperEventFactory.Create(type!, input, input.OccurredAt ?? now);
    }

    private static bool IsConflict(Exception e) =>
        e is JasperFx.DocumentAlreadyExistsException or Marten.Exceptions.MartenCommandException or NpgsqlException
        || e.InnerException is PostgresException;
}

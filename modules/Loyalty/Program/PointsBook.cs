using System.Text.Json;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RetailCommerce.GraphQL;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Loyalty.Program;

/// <summary>One ledger entry as shown to merchants and customers (points signed: + earned, − spent).</summary>
public sealed record LedgerEntry(long Version, string Kind, int Points, string? Detail, DateTimeOffset At);

/// <summary>
/// The one write path of the points ledgers. Every change is decided on the ledger as fetched with
/// <c>FetchForWriting</c> and appended with Marten's optimistic concurrency check on the stream version; a
/// concurrent writer makes the save fail, and the decision is re-made on the fresh ledger. So two redemptions
/// can never both spend the same points.
/// </summary>
public sealed class PointsBook(StoreSessions sessions, IOptions<LoyaltyOptions> options, TimeProvider clock, ILogger<PointsBook> logger)
{
    /// <summary>Most points one admin award or redemption may move (guards against typos).</summary>
    public const int MaxPointsPerCall = 10_000_000;

    private const int MaxAttempts = 50;

    /// <summary>The store's program, or the defaults from the module options.</summary>
    public async Task<LoyaltyProgram> ProgramAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<LoyaltyProgram>(LoyaltyProgram.DocumentId, ct) ?? LoyaltyProgram.Defaults(options.Value);
    }

    /// <summary>Stores the store's program.</summary>
    public async Task SaveProgramAsync(string storeId, LoyaltyProgram program, CancellationToken ct)
    {
        await using var session = sessions.Write(storeId);
        program.Id = LoyaltyProgram.DocumentId;
        session.Store(program);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Sets points per unit of currency (store-wide, or as a multiplier for a category path prefix; the most specific
    /// rule wins) and optionally the expiry in days. Refused with the field named; nothing changes then.
    /// </summary>
    public async Task<LoyaltyProgram> SetEarnRuleAsync(string storeId, double pointsPerCurrencyUnit, string? category, int? expiryDays, CancellationToken ct)
    {
        if (!(pointsPerCurrencyUnit >= 0 && pointsPerCurrencyUnit <= 1000))
            throw new RetailError(ErrorCodes.BadUserInput, "pointsPerCurrencyUnit: must be between 0 and 1000.", "pointsPerCurrencyUnit");
        if (expiryDays is < 0 or > 3650)
            throw new RetailError(ErrorCodes.BadUserInput, "expiryDays: must be between 0 and 3650.", "expiryDays");
        category = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        if (category is { Length: > 200 })
            throw new RetailError(ErrorCodes.BadUserInput, "category: at most 200 characters.", "category");
        var program = await ProgramAsync(storeId, ct);
        if (category is null) program.PointsPerCurrencyUnit = pointsPerCurrencyUnit;
        else
        {
            program.CategoryRules.RemoveAll(r => r.Category.Equals(category, StringComparison.OrdinalIgnoreCase));
            program.CategoryRules.Add(new CategoryEarnRule { Category = category, Multiplier = pointsPerCurrencyUnit });
        }
        if (expiryDays is { } days) program.ExpiryDays = days;
        await SaveProgramAsync(storeId, program, ct);
        return program;
    }

    /// <summary>The customer's ledger, or an empty one when they have none yet.</summary>
    public async Task<PointsLedger> LedgerAsync(string storeId, string customerId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<PointsLedger>(PointsStreams.For(customerId), ct) ?? new PointsLedger { Id = PointsStreams.For(customerId) };
    }

    /// <summary>The newest <paramref name="limit"/> entries, newest first.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> HistoryAsync(string storeId, string customerId, int limit, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var events = await session.Events.FetchStreamAsync(PointsStreams.For(customerId), token: ct);
        return events.Select(Entry).OfType<LedgerEntry>().OrderByDescending(e => e.Version).Take(limit).ToList();
    }

    /// <summary>Awards points by hand (goodwill, corrections); they expire like purchase points.</summary>
    public async Task<PointsLedger> AwardAsync(string storeId, string customerId, int points, string? reason, CancellationToken ct)
    {
        RequirePoints(points);
        var program = await ProgramAsync(storeId, ct);
        // Manual awards happen now, so they are dated by the wall clock (purchases carry their own dates).
        var now = clock.GetUtcNow();
        return await WriteAsync(storeId, customerId, _ =>
            [new PointsEarned(points, "manual: " + (string.IsNullOrWhiteSpace(reason) ? "awarded by the merchant" : reason.Trim()), null, null, 0, null, now, program.ExpiryFor(now))], ct);
    }

    /// <summary>Spends points; refused with BAD_USER_INPUT (field <c>points</c>) when the balance is short.</summary>
    public Task<PointsLedger> RedeemAsync(string storeId, string customerId, int points, string? reference, CancellationToken ct)
    {
        RequirePoints(points);
        var now = clock.GetUtcNow();
        return WriteAsync(storeId, customerId, ledger =>
        {
            if (points > ledger.Balance)
                throw new RetailError(ErrorCodes.BadUserInput, $"points: {points} exceeds the balance of {ledger.Balance}.", "points");
            return [new PointsRedeemed(points, reference?.Trim(), now)];
        }, ct);
    }

    /// <summary>
    /// Appends the events <paramref name="decide"/> returns for the ledger as it is now, retrying on a concurrent
    /// append. <paramref name="decide"/> sees a private copy and may throw to refuse.
    /// </summary>
    public async Task<PointsLedger> WriteAsync(string storeId, string customerId, Func<PointsLedger, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var key = PointsStreams.For(customerId);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = sessions.Write(storeId);
            var stream = await session.Events.FetchForWriting<PointsLedger>(key, ct);
            // Marten may reuse the fetched aggregate for the inline projection; decide on a copy so nothing is applied twice.
            var ledger = Copy(stream.Aggregate) ?? new PointsLedger { Id = key };
            var events = decide(ledger);
            if (events.Count == 0) return ledger;
            foreach (var e in events)
            {
                stream.AppendOne(e);
                PointsLedgerProjection.Fold(ledger, e);
            }
            try
            {
                await session.SaveChangesAsync(ct);
                return ledger;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsConcurrentAppend(e))
            {
                logger.LogDebug("Concurrent append to {Stream} in store {Store}, attempt {Attempt}", key, storeId, attempt);
                await Task.Delay(Random.Shared.Next(1, 10 * Math.Min(attempt, 10)), ct);
            }
        }
    }

    private static bool IsConcurrentAppend(Exception e) =>
        e is JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
        || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static void RequirePoints(int points)
    {
        if (points <= 0) throw new RetailError(ErrorCodes.BadUserInput, $"points must be greater than 0 (got {points}).", "points");
        if (points > MaxPointsPerCall) throw new RetailError(ErrorCodes.BadUserInput, $"points must be at most {MaxPointsPerCall}.", "points");
    }

    private static PointsLedger? Copy(PointsLedger? ledger) =>
        ledger is null ? null : JsonSerializer.Deserialize<PointsLedger>(JsonSerializer.Serialize(ledger));

    private static LedgerEntry? Entry(IEvent e) => e.Data switch
    {
        PointsEarned x => new LedgerEntry(e.Version, "EARNED", x.Points, x.OrderId is null ? x.Reason : $"order {x.OrderId}", x.EarnedAt),
        BonusPointsAwarded x => new LedgerEntry(e.Version, "BONUS", x.Points, $"campaign {x.CampaignId}" + (x.OrderId is null ? "" : $", order {x.OrderId}"), x.AwardedAt),
        PointsRedeemed x => new LedgerEntry(e.Version, "REDEEMED", -x.Points, x.Reference, x.RedeemedAt),
        PointsExpired x => new LedgerEntry(e.Version, "EXPIRED", -x.Points, null, x.ExpiredAt),
        PointsReversed x => new LedgerEntry(e.Version, "REVERSED", -x.Points, $"return on order {x.OrderId}" + (x.Unrecovered > 0 ? $" ({x.Unrecovered} already spent)" : ""), x.ReversedAt),
        _ => null,
    };
}

using JasperFx.Events;
using Marten;
using Marten.Events;
using RetailCommerce.Catalog;
using RetailCommerce.Jobs;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Loyalty.Program;

/// <summary>How far the points job has read the store's event log.</summary>
public sealed class PointsCheckpoint
{
    public const string DocumentId = "points";
    public string Id { get; set; } = DocumentId;
    public long LastSequence { get; set; }
}

/// <summary>
/// Turns PURCHASE lines into points (earn rules, tier multiplier, campaigns) and RETURN lines into reversals, then
/// expires points past their date (store time). Idempotent: each ledger records the event ids it has booked, so a
/// rerun, or the overlap re-read below, books nothing twice.
/// </summary>
public sealed class PurchasePoints(StoreSessions sessions, PointsBook book, ProductCatalog catalog)
{
    private const int BatchSize = 2_000;

    // Sequences are taken when events are appended but become visible at commit, so a slower concurrent batch can
    // appear below the checkpoint. Re-reading this many sequences each run picks those up; the ledgers' processed
    // keys make the re-read harmless.
    private const long Overlap = 500;

    /// <summary>Books new purchases and returns and expires due points; returns a one-line outcome.</summary>
    public async Task<string> RunAsync(string storeId, CancellationToken ct)
    {
        var program = await book.ProgramAsync(storeId, ct);
        await using var read = sessions.Read(storeId);
        var checkpoint = await read.LoadAsync<PointsCheckpoint>(PointsCheckpoint.DocumentId, ct) ?? new PointsCheckpoint();
        var from = Math.Max(0, checkpoint.LastSequence - Overlap);
        var (earned, reversed, customers) = (0, 0, new HashSet<string>());
        DateTimeOffset? latest = null;
        while (true)
        {
            var page = await read.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > from && e.EventTypesAre(typeof(ItemPurchased), typeof(ItemReturned)))
                .OrderBy(e => e.Sequence).Take(BatchSize).ToListAsync(ct);
            if (page.Count == 0) break;
            from = page[^1].Sequence;
            var lines = page.Select(e => (ShopperEvent)e.Data).Where(e => e.CustomerId is not null).ToList();
            foreach (var e in lines) if (latest is null || e.OccurredAt > latest) latest = e.OccurredAt;
            var categories = (await catalog.FindManyAsync(storeId, lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!).Distinct(), ct))
                .ToDictionary(p => p.Id, p => p.Category);
            foreach (var customer in lines.GroupBy(l => l.CustomerId!))
            {
                // A retried decision starts again from the fresh ledger, so only the last attempt's totals count.
                var (customerEarned, customerReversed) = (0, 0);
                await book.WriteAsync(storeId, customer.Key, ledger =>
                {
                    var (events, e1, r1) = Book(ledger, customer.ToList(), program, categories);
                    (customerEarned, customerReversed) = (e1, r1);
                    return events;
                }, ct);
                earned += customerEarned;
                reversed += customerReversed;
                if (customerEarned + customerReversed > 0) customers.Add(customer.Key);
            }
            checkpoint.LastSequence = Math.Max(checkpoint.LastSequence, from);
        }

        await using (var write = sessions.Write(storeId))
        {
            write.Store(checkpoint);
            await write.SaveChangesAsync(ct);
        }
        var now = Max(await read.LatestEventAtAsync(ct), latest);
        var expired = now is null ? 0 : await ExpireAsync(storeId, now.Value, ct);
        return $"{earned} points earned and {reversed} reversed for {customers.Count} customers; {expired} points expired";
    }

    /// <summary>Expires every lot due by <paramref name="now"/> (store time); returns the points expired.</summary>
    public async Task<int> ExpireAsync(string storeId, DateTimeOffset now, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        var due = await read.Query<PointsLedger>().Where(l => l.NextExpiryAt != null && l.NextExpiryAt <= now).Select(l => l.Id).ToListAsync(ct);
        var total = 0;
        foreach (var id in due)
        {
            var points = 0;
            await book.WriteAsync(storeId, id[PointsStreams.Prefix.Length..], ledger =>
            {
                points = ledger.Lots.Where(l => l.ExpiresAt <= now).Sum(l => l.Points);
                return points == 0 ? [] : [new PointsExpired(points, now)];
            }, ct);
            total += points;
        }
        return total;
    }

    // Decides the entries for one customer's new lines, in event order, on the in-memory ledger (folded as we go).
    private static (IReadOnlyList<object> Events, int Earned, int Reversed) Book(PointsLedger ledger, List<ShopperEvent> lines,
        LoyaltyProgram program, IReadOnlyDictionary<string, string> categories)
    {
        var events = new List<object>();
        var (e1, r1) = (0, 0);
        foreach (var line in lines)
        {
            if (ledger.ProcessedKeys.Contains(line.EventKey)) continue;
            var category = line.ProductId is not null ? categories.GetValueOrDefault(line.ProductId, "") : "";
            var added = line switch
            {
                ItemPurchased p => Earn(ledger, p, category, program),
                ItemReturned r => Reverse(ledger, r),
                _ => [],
            };
            foreach (var e in added)
            {
                PointsLedgerProjection.Fold(ledger, e);
                events.Add(e);
                if (e is PointsEarned pe) e1 += pe.Points;
                if (e is BonusPointsAwarded b) e1 += b.Points;
                if (e is PointsReversed pr) r1 += pr.Points;
            }
        }
        return (events, e1, r1);
    }

    private static List<object> Earn(PointsLedger ledger, ItemPurchased p, string category, LoyaltyProgram program)
    {
        var tier = program.TierFor(ledger.QualifyingPoints);
        var points = program.BasePoints(p.Revenue, category, tier);
        if (points <= 0) return [];
        var expires = program.ExpiryFor(p.OccurredAt);
        var result = new List<object> { new PointsEarned(points, "purchase", p.OrderId, p.ProductId, p.Quantity, p.EventKey, p.OccurredAt, expires) };
        foreach (var campaign in program.Campaigns.Where(c => c.Covers(p.OccurredAt, category)))
        {
            var bonus = (int)Math.Floor(points * (campaign.Multiplier - 1));
            if (bonus > 0) result.Add(new BonusPointsAwarded(bonus, campaign.Id, p.OrderId, p.ProductId, p.Quantity, p.EventKey, p.OccurredAt, expires));
        }
        return result;
    }

    private static List<object> Reverse(PointsLedger ledger, ItemReturned r)
    {
        var line = ledger.Lines.FirstOrDefault(l => l.OrderId == r.OrderId && l.ProductId == r.ProductId);
        if (line is null || line.Quantity == 0) return []; // nothing was earned on this line
        var quantity = Math.Min(r.Quantity, line.Quantity - line.ReturnedQuantity);
        if (quantity <= 0) return [];
        var open = line.Points - line.ReversedPoints;
        // The last returned unit takes whatever is left, so rounding never leaves points behind.
        var points = quantity == line.Quantity - line.ReturnedQuantity ? open
            : Math.Min(open, (int)Math.Round((double)line.Points * quantity / line.Quantity));
        var recovered = Math.Min(points, ledger.Balance);
        return [new PointsReversed(recovered, points - recovered, r.OrderId!, r.ProductId, quantity, r.EventKey, r.OccurredAt)];
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

/// <summary>The points job (<c>loyalty.points</c>): books purchases and returns, then expires due points.</summary>
public sealed class AwardPurchasePoints(PurchasePoints points) : IStoreJob
{
    public Task<string> RunAsync(string storeId, CancellationToken ct) => points.RunAsync(storeId, ct);
}

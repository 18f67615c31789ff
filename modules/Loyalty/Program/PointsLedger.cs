using Marten.Events.Aggregation;

namespace RetailCommerce.Modules.Loyalty.Program;

/// <summary>Earned points not yet spent, expired or reversed, spent soonest-expiring first.</summary>
public sealed class PointsLot
{
    public int Points { get; set; }
    public DateTimeOffset EarnedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? OrderId { get; set; }
}

/// <summary>What a purchase line earned and how much of it was returned, for proportional reversals.</summary>
public sealed class EarnedLine
{
    public string OrderId { get; set; } = "";
    public string? ProductId { get; set; }
    public int Quantity { get; set; }
    public int Points { get; set; }
    public int ReturnedQuantity { get; set; }
    public int ReversedPoints { get; set; }
}

/// <summary>
/// A customer's points ledger, projected inline from the <c>module:loyalty:&lt;customerId&gt;</c> stream. The balance is
/// always the sum of the ledger's events, and always equals the sum of the open lots.
/// </summary>
public sealed class PointsLedger
{
    /// <summary>The stream key, <c>module:loyalty:&lt;customerId&gt;</c>.</summary>
    public string Id { get; set; } = "";
    public string CustomerId => Id.StartsWith(PointsStreams.Prefix, StringComparison.Ordinal) ? Id[PointsStreams.Prefix.Length..] : Id;
    public int Balance { get; set; }
    public int Earned { get; set; }
    public int Bonus { get; set; }
    public int Redeemed { get; set; }
    public int Expired { get; set; }
    public int Reversed { get; set; }
    /// <summary>Points that count towards tiers: earned and bonus points less reversals (spending does not lower a tier).</summary>
    public int QualifyingPoints => Earned + Bonus - Reversed - Unrecovered;
    /// <summary>Reversed points the customer had already spent.</summary>
    public int Unrecovered { get; set; }
    public List<PointsLot> Lots { get; set; } = [];
    public List<EarnedLine> Lines { get; set; } = [];
    /// <summary>Purchase and return event ids already turned into ledger entries (idempotency).</summary>
    public List<string> ProcessedKeys { get; set; } = [];
    /// <summary>The earliest expiry among open lots (found by the expiry pass).</summary>
    public DateTimeOffset? NextExpiryAt { get; set; }

    /// <summary>Takes points from the open lots, the given order's first, then soonest-expiring first.</summary>
    internal void Consume(int points, string? preferOrderId = null)
    {
        var order = Lots.OrderBy(l => preferOrderId is not null && l.OrderId == preferOrderId ? 0 : 1)
            .ThenBy(l => l.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(l => l.EarnedAt).ToList();
        foreach (var lot in order)
        {
            if (points == 0) break;
            var take = Math.Min(points, lot.Points);
            lot.Points -= take;
            points -= take;
        }
        Lots.RemoveAll(l => l.Points == 0);
        NextExpiryAt = Lots.Where(l => l.ExpiresAt is not null).Select(l => l.ExpiresAt).Min();
    }

    internal void AddLot(int points, DateTimeOffset at, DateTimeOffset? expiresAt, string? orderId)
    {
        if (points > 0) Lots.Add(new PointsLot { Points = points, EarnedAt = at, ExpiresAt = expiresAt, OrderId = orderId });
        NextExpiryAt = Lots.Where(l => l.ExpiresAt is not null).Select(l => l.ExpiresAt).Min();
    }

    internal void AddToLine(string? orderId, string? productId, int quantity, int points, bool isBonus)
    {
        if (orderId is null) return;
        var line = Lines.FirstOrDefault(l => l.OrderId == orderId && l.ProductId == productId);
        if (line is null) Lines.Add(line = new EarnedLine { OrderId = orderId, ProductId = productId });
        if (!isBonus) line.Quantity += quantity;
        line.Points += points;
    }
}

/// <summary>Builds <see cref="PointsLedger"/> inline, in the same transaction as the appended events.</summary>
public sealed class PointsLedgerProjection : SingleStreamProjection<PointsLedger, string>
{
    public void Apply(PointsEarned e, PointsLedger l)
    {
        l.Earned += e.Points;
        l.Balance += e.Points;
        l.AddLot(e.Points, e.EarnedAt, e.ExpiresAt, e.OrderId);
        l.AddToLine(e.OrderId, e.ProductId, e.Quantity, e.Points, isBonus: false);
        if (e.SourceKey is not null) l.ProcessedKeys.Add(e.SourceKey);
    }

    public void Apply(BonusPointsAwarded e, PointsLedger l)
    {
        l.Bonus += e.Points;
        l.Balance += e.Points;
        l.AddLot(e.Points, e.AwardedAt, e.ExpiresAt, e.OrderId);
        l.AddToLine(e.OrderId, e.ProductId, e.Quantity, e.Points, isBonus: true);
    }

    public void Apply(PointsRedeemed e, PointsLedger l)
    {
        l.Redeemed += e.Points;
        l.Balance -= e.Points;
        l.Consume(e.Points);
    }

    public void Apply(PointsExpired e, PointsLedger l)
    {
        l.Expired += e.Points;
        l.Balance -= e.Points;
        // Exactly the lots that were due: the expiry pass sums them into the event.
        var due = e.Points;
        foreach (var lot in l.Lots.Where(x => x.ExpiresAt <= e.ExpiredAt).OrderBy(x => x.ExpiresAt))
        {
            var take = Math.Min(due, lot.Points);
            lot.Points -= take;
            due -= take;
        }
        l.Consume(due);
    }

    public void Apply(PointsReversed e, PointsLedger l)
    {
        l.Reversed += e.Points;
        l.Unrecovered += e.Unrecovered;
        l.Balance -= e.Points;
        l.Consume(e.Points, e.OrderId);
        var line = l.Lines.FirstOrDefault(x => x.OrderId == e.OrderId && x.ProductId == e.ProductId);
        if (line is not null)
        {
            line.ReturnedQuantity += e.Quantity;
            line.ReversedPoints += e.Points + e.Unrecovered;
        }
        l.ProcessedKeys.Add(e.SourceKey);
    }

    /// <summary>
    /// Applies one event to an in-memory ledger with the same Apply methods Marten uses, so a writer deciding
    /// several entries in one go sees the effect of the ones before.
    /// </summary>
    public static void Fold(PointsLedger ledger, object e)
    {
        var p = Instance;
        switch (e)
        {
            case PointsEarned x: p.Apply(x, ledger); break;
            case BonusPointsAwarded x: p.Apply(x, ledger); break;
            case PointsRedeemed x: p.Apply(x, ledger); break;
            case PointsExpired x: p.Apply(x, ledger); break;
            case PointsReversed x: p.Apply(x, ledger); break;
            default: throw new ArgumentException($"Not a points event: {e.GetType().Name}", nameof(e));
        }
    }

    private static readonly PointsLedgerProjection Instance = new();
}

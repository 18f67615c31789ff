namespace RetailCommerce.Modules.Loyalty.Program;

// The points ledger's events, one stream per customer (PointsStreams.For). Every event carries a positive point
// count; the balance is the sum of earned and bonus points less redeemed, expired and reversed ones.

/// <summary>Points earned for a purchase line (<paramref name="SourceKey"/> = the purchase event's id) or awarded by an admin.</summary>
public sealed record PointsEarned(int Points, string Reason, string? OrderId, string? ProductId, int Quantity, string? SourceKey,
    DateTimeOffset EarnedAt, DateTimeOffset? ExpiresAt);

/// <summary>Extra points from a bonus campaign for a purchase line.</summary>
public sealed record BonusPointsAwarded(int Points, string CampaignId, string? OrderId, string? ProductId, int Quantity, string? SourceKey,
    DateTimeOffset AwardedAt, DateTimeOffset? ExpiresAt);

/// <summary>Points spent on a reward.</summary>
public sealed record PointsRedeemed(int Points, string? Reference, DateTimeOffset RedeemedAt);

/// <summary>Points whose expiry date passed (store time) before they were spent.</summary>
public sealed record PointsExpired(int Points, DateTimeOffset ExpiredAt);

/// <summary>
/// Points taken back for returned units (<paramref name="SourceKey"/> = the return event's id). When the customer
/// already spent them, only the balance is taken and <paramref name="Unrecovered"/> records the rest, so the
/// balance never goes negative.
/// </summary>
public sealed record PointsReversed(int Points, int Unrecovered, string OrderId, string? ProductId, int Quantity, string SourceKey, DateTimeOffset ReversedAt);

/// <summary>Stream naming of the points ledgers.</summary>
public static class PointsStreams
{
    /// <summary>Prefix of ledger stream keys, <c>module:loyalty:</c> (shopper streams use the bare customer id).</summary>
    public static readonly string Prefix = ShopperStreams.ModuleStreamPrefix("loyalty");

    public static string For(string customerId) => Prefix + customerId;
}

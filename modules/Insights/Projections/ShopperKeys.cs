using System.Globalization;
using System.Text.RegularExpressions;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Projections;

/// <summary>
/// How Insights tells days, sessions, visitors and searches apart. Every projection and every test count
/// goes through these few rules, so "a session" means the same thing everywhere.
/// </summary>
public static partial class ShopperKeys
{
    /// <summary>The store day of an event: the UTC calendar date it occurred on (as the platform's ProductDailyStats).</summary>
    public static DateOnly DayOf(ShopperEvent e) => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime);

    /// <summary>
    /// The session an event belongs to: its session id; an event with no session id (a signed-in customer
    /// tracked server-side) counts toward one session per customer per day.
    /// </summary>
    public static string SessionOf(ShopperEvent e) =>
        e.SessionId is { } session ? "session:" + session : "customer:" + e.CustomerId;

    /// <summary>
    /// The visitor behind an event: the customer when the event names one, otherwise its anonymous session.
    /// (An anonymous session that signs in later is two visitors on that day: the event stream keeps the
    /// anonymous part without the customer id.)
    /// </summary>
    public static string VisitorOf(ShopperEvent e) =>
        e.CustomerId is { } customer ? "customer:" + customer : "session:" + e.SessionId;

    /// <summary>Search text as merchants read it: trimmed, lower-case, inner whitespace runs collapsed to one space.</summary>
    public static string NormalizedQuery(string? query) =>
        Whitespace().Replace((query ?? "").Trim().ToLowerInvariant(), " ");

    /// <summary>A short, fixed-length stand-in for a long text in document ids (hex SHA-256).</summary>
    public static string Fingerprint(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>Document id of a per-day fact: <c>yyyy-MM-dd|key</c>.</summary>
    public static string DayKey(DateOnly day, string key) => DayId(day) + "|" + key;

    /// <summary>Document id of a whole store day: <c>yyyy-MM-dd</c> (invariant digits and calendar, whatever the server culture).</summary>
    public static string DayId(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

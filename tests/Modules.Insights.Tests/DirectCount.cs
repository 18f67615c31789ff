namespace RetailCommerce.Modules.Insights.Tests;

/// <summary>
/// The KPIs counted straight from the events the test sent, following docs/insights.md word for word and
/// sharing no code with the module, so a wrong projection cannot agree with itself.
/// </summary>
public sealed class DirectCount(IReadOnlyList<TrackedEvent> events)
{
    private static DateOnly Day(TrackedEvent e) => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime);
    private static string Session(TrackedEvent e) => e.SessionId is not null ? "session:" + e.SessionId : "customer:" + e.CustomerId;
    private static string Visitor(TrackedEvent e) => e.CustomerId is not null ? "customer:" + e.CustomerId : "session:" + e.SessionId;
    private static decimal Value(TrackedEvent e) => (e.Price ?? 0m) * (e.Quantity ?? 1);

    private IEnumerable<TrackedEvent> In(DateOnly from, DateOnly to) => events.Where(e => Day(e) >= from && Day(e) <= to);
    private static IEnumerable<TrackedEvent> Activity(IEnumerable<TrackedEvent> es) => es.Where(e => e.Type != "RETURN");
    private static IEnumerable<TrackedEvent> OfType(IEnumerable<TrackedEvent> es, string type) => es.Where(e => e.Type == type);

    /// <summary>The figures of one day, or of a whole range where noted.</summary>
    public sealed record Figures(int Sessions, int Visitors, int ProductViews, int Searches, int AddToCarts, int Checkouts,
        int Orders, int UnitsSold, decimal Revenue, int Returns, int UnitsReturned, decimal ReturnedValue);

    public Figures Day(DateOnly day) => Figures_(In(day, day), SessionDays(day, day).Count());

    /// <summary>Range totals: sessions summed per day, visitors and orders distinct over the range.</summary>
    public Figures Totals(DateOnly from, DateOnly to) => Figures_(In(from, to), SessionDays(from, to).Count());

    private static Figures Figures_(IEnumerable<TrackedEvent> es, int sessions)
    {
        var list = es.ToList();
        return new Figures(
            sessions,
            Activity(list).Select(Visitor).Distinct().Count(),
            OfType(list, "VIEW").Count(),
            OfType(list, "SEARCH").Count(),
            OfType(list, "ADD_TO_CART").Count(),
            OfType(list, "CHECKOUT").Count(),
            OfType(list, "PURCHASE").Select(e => e.OrderId).Distinct().Count(),
            OfType(list, "PURCHASE").Sum(e => e.Quantity ?? 1),
            OfType(list, "PURCHASE").Sum(Value),
            OfType(list, "RETURN").Count(),
            OfType(list, "RETURN").Sum(e => e.Quantity ?? 1),
            OfType(list, "RETURN").Sum(Value));
    }

    /// <summary>Each session-day with the event types it had.</summary>
    public IEnumerable<HashSet<string>> SessionDays(DateOnly from, DateOnly to) =>
        Activity(In(from, to)).GroupBy(e => (Day(e), Session(e))).Select(g => g.Select(e => e.Type).ToHashSet());

    /// <summary>Sessions with each funnel event type, and sessions that added to the cart without purchasing.</summary>
    public (int Sessions, int Viewed, int Carted, int CheckedOut, int Purchased, int Abandoned) Funnel(DateOnly from, DateOnly to)
    {
        var s = SessionDays(from, to).ToList();
        return (s.Count, s.Count(t => t.Contains("VIEW")), s.Count(t => t.Contains("ADD_TO_CART")), s.Count(t => t.Contains("CHECKOUT")),
            s.Count(t => t.Contains("PURCHASE")), s.Count(t => t.Contains("ADD_TO_CART") && !t.Contains("PURCHASE")));
    }

    /// <summary>Products by net revenue (purchases less returns) or views; ties by the other measure, then id (ordinal).</summary>
    public List<(string Id, int Views, int Sold, int Returned, decimal Net)> TopProducts(DateOnly from, DateOnly to, bool byViews, int limit)
    {
        var rows = In(from, to).Where(e => e.ProductId is not null && e.Type != "REMOVE_FROM_CART").GroupBy(e => e.ProductId!)
            .Select(g => (Id: g.Key, Views: OfType(g, "VIEW").Count(), Sold: OfType(g, "PURCHASE").Sum(e => e.Quantity ?? 1),
                Returned: OfType(g, "RETURN").Sum(e => e.Quantity ?? 1), Net: OfType(g, "PURCHASE").Sum(Value) - OfType(g, "RETURN").Sum(Value)));
        var ordered = byViews
            ? rows.OrderByDescending(r => r.Views).ThenByDescending(r => r.Net)
            : rows.OrderByDescending(r => r.Net).ThenByDescending(r => r.Views);
        return ordered.ThenBy(r => r.Id, StringComparer.Ordinal).Take(limit).ToList();
    }

    /// <summary>Search texts trimmed, lower-cased and with whitespace runs collapsed; by count, ties by text (ordinal).</summary>
    public List<(string Query, int Searches)> TopSearches(DateOnly from, DateOnly to, int limit) =>
        OfType(In(from, to), "SEARCH")
            .GroupBy(e => string.Join(' ', e.Query!.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Select(g => (Query: g.Key, Searches: g.Count()))
            .OrderByDescending(r => r.Searches).ThenBy(r => r.Query, StringComparer.Ordinal).Take(limit).ToList();
}

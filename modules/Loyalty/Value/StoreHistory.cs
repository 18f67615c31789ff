using Marten;
using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Loyalty.Value;

/// <summary>What the value models read about one customer: purchase lines, returned units and product views.</summary>
public sealed class CustomerHistory(string customerId)
{
    public string CustomerId { get; } = customerId;
    public List<(DateTimeOffset At, decimal Revenue)> Purchases { get; } = [];
    public List<DateTimeOffset> Returns { get; } = [];
    public List<DateTimeOffset> Views { get; } = [];
}

/// <summary>
/// Reads a store's customer history from the raw shopper events (<see cref="ItemPurchased"/>,
/// <see cref="ItemReturned"/>, <see cref="ProductViewed"/>), using each event's <c>OccurredAt</c> so history
/// loaded today keeps its own dates.
/// </summary>
public sealed class StoreHistory(StoreSessions sessions)
{
    /// <summary>Every known customer's history. Views are read only from <paramref name="viewsSince"/> on (they are many).</summary>
    public async Task<IReadOnlyDictionary<string, CustomerHistory>> ReadAsync(string storeId, DateTimeOffset viewsSince, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var byCustomer = new Dictionary<string, CustomerHistory>(StringComparer.Ordinal);
        CustomerHistory Of(string id) => byCustomer.TryGetValue(id, out var h) ? h : byCustomer[id] = new CustomerHistory(id);

        var purchases = await session.Events.QueryRawEventDataOnly<ItemPurchased>().Where(e => e.CustomerId != null).ToListAsync(ct);
        foreach (var p in purchases) Of(p.CustomerId!).Purchases.Add((p.OccurredAt, p.Revenue));
        var returns = await session.Events.QueryRawEventDataOnly<ItemReturned>().Where(e => e.CustomerId != null).ToListAsync(ct);
        foreach (var r in returns) for (int i = 0; i < r.Quantity; i++) Of(r.CustomerId!).Returns.Add(r.OccurredAt);
        var views = await session.Events.QueryRawEventDataOnly<ProductViewed>()
            .Where(e => e.CustomerId != null && e.OccurredAt >= viewsSince).ToListAsync(ct);
        // Viewers who never bought have no lifetime to model; only buyers' views are kept.
        foreach (var v in views) if (byCustomer.TryGetValue(v.CustomerId!, out var h)) h.Views.Add(v.OccurredAt);
        return byCustomer;
    }

    /// <summary>The store's latest event time (the store's clock), or null before the first event is projected.</summary>
    public async Task<DateTimeOffset?> LatestEventAtAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LatestEventAtAsync(ct);
    }

    /// <summary>Purchase lines as the lifetime models' transactions (calendar day in UTC, line revenue).</summary>
    public static IEnumerable<CustomerTransaction> Transactions(IEnumerable<CustomerHistory> customers) =>
        customers.SelectMany(c => c.Purchases.Select(p => new CustomerTransaction(c.CustomerId, DateOnly.FromDateTime(p.At.UtcDateTime), p.Revenue)));
}

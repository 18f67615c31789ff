using RetailCommerce.Customers;
using Marten;
using RetailCommerce.Modules.Loyalty.Value;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Loyalty.Segments;

/// <summary>Reads segments from the <see cref="CustomerValue"/> documents written by the last fit.</summary>
public sealed class CustomerSegments(StoreSessions sessions) : ICustomerSegments
{
    public async Task<CustomerSegment?> SegmentOfAsync(string storeId, string customerId, CancellationToken ct = default)
    {
        await using var session = sessions.Read(storeId);
        return (await session.LoadAsync<CustomerValue>(customerId, ct))?.Segment;
    }

    public async Task<IReadOnlyList<string>> CustomersInAsync(string storeId, CustomerSegment segment, int limit, CancellationToken ct = default)
    {
        await using var session = sessions.Read(storeId);
        return await session.Query<CustomerValue>().Where(v => v.Segment == segment)
            .OrderByDescending(v => v.LifetimeValue).ThenByDescending(v => v.ExpectedPurchases365Days)
            .Take(limit).Select(v => v.Id).ToListAsync(ct);
    }

    /// <summary>Scored customers of a segment (or all), highest value first, for the admin lists.</summary>
    public async Task<IReadOnlyList<CustomerValue>> ListAsync(string storeId, CustomerSegment? segment, int limit, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var query = session.Query<CustomerValue>().AsQueryable();
        if (segment is { } s) query = query.Where(v => v.Segment == s);
        return await query.OrderByDescending(v => v.LifetimeValue).ThenByDescending(v => v.ExpectedPurchases365Days).Take(limit).ToListAsync(ct);
    }
}

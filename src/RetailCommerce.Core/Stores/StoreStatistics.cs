using Marten;
using RetailCommerce.Catalog;
using RetailCommerce.Customers;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Stores;

/// <summary>What a store holds, counted in PostgreSQL.</summary>
public sealed record StoreStats(int Products, int Customers, int Events, DateTimeOffset? LatestEventAt);

/// <summary>Counts a store's products, customers and stored events (one receipt per event), for the API and the admin dashboard.</summary>
public sealed class StoreStatistics(StoreSessions sessions)
{
    public async Task<StoreStats> ReadAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return new StoreStats(
            await session.Query<Product>().CountAsync(ct),
            await session.Query<Customer>().CountAsync(ct),
            await session.Query<EventReceipt>().CountAsync(ct),
            await session.LatestEventAtAsync(ct));
    }
}

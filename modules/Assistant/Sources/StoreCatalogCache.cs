using System.Collections.Concurrent;
using Marten;
using RetailCommerce.Catalog;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Assistant.Sources;

/// <summary>The catalog the assistant works over.</summary>
public interface IAssistantCatalog
{
    /// <summary>The store's catalog snapshot.</summary>
    Task<CatalogSnapshot> SnapshotAsync(string storeId, CancellationToken ct);
}

/// <summary>
/// Keeps each store's catalog in memory (a chat turn must not page 3,000 products out of PostgreSQL), rebuilt
/// when products are imported (as a catalog observer) and at the latest after <see cref="MaxAge"/>.
/// </summary>
// Reads products through StoreSessions, not ProductCatalog: ProductCatalog depends on every ICatalogObserver,
// so depending on it here would be a circular dependency.
public sealed class StoreCatalogCache(StoreSessions sessions, TimeProvider clock) : IAssistantCatalog, ICatalogObserver
{
    /// <summary>Longest a snapshot is used without a rebuild.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Lazy<Task<(CatalogSnapshot Snapshot, DateTimeOffset At)>>> _stores = new();

    public async Task<CatalogSnapshot> SnapshotAsync(string storeId, CancellationToken ct)
    {
        var entry = _stores.GetOrAdd(storeId, Load);
        var (snapshot, at) = await entry.Value;
        if (clock.GetUtcNow() - at <= MaxAge) return snapshot;
        _stores.TryUpdate(storeId, Load(storeId), entry);
        return (await _stores[storeId].Value).Snapshot;
    }

    public Task ProductsChangedAsync(string storeId, IReadOnlyList<Product> products, CancellationToken ct)
    {
        _stores.TryRemove(storeId, out _);
        return Task.CompletedTask;
    }

    private Lazy<Task<(CatalogSnapshot, DateTimeOffset)>> Load(string storeId) => new(async () =>
    {
        await using var session = sessions.Read(storeId);
        var products = await session.Query<Product>().ToListAsync();
        return (new CatalogSnapshot(products), clock.GetUtcNow());
    });
}

/// <summary>A fixed catalog (benchmarks, tests).</summary>
public sealed class FixedCatalog(IEnumerable<Product> products) : IAssistantCatalog
{
    private readonly CatalogSnapshot _snapshot = new(products);
    public Task<CatalogSnapshot> SnapshotAsync(string storeId, CancellationToken ct) => Task.FromResult(_snapshot);
}

using System.Collections.Concurrent;
using Marten;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Modules;

/// <summary>
/// Enables and disables modules per store, persisted in PostgreSQL and cached in memory. A change is
/// effective on the next request: this instance updates its cache on write, and other instances re-read
/// after <see cref="CacheLifetime"/>.
/// </summary>
public sealed class ModuleActivation(IDocumentStore store, ModuleCatalog catalog)
{
    /// <summary>How long another instance may serve a stale enablement set.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (HashSet<string> Enabled, DateTime ReadAt)> _cache = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Enabled module ids of a store.</summary>
    public async Task<IReadOnlySet<string>> EnabledAsync(string storeId, CancellationToken ct = default)
    {
        if (_cache.TryGetValue(storeId, out var cached) && DateTime.UtcNow - cached.ReadAt < CacheLifetime)
            return cached.Enabled;
        await using var session = store.QuerySession();
        var doc = await session.LoadAsync<StoreModules>(storeId, ct);
        var enabled = new HashSet<string>(doc?.Enabled ?? [], StringComparer.OrdinalIgnoreCase);
        _cache[storeId] = (enabled, DateTime.UtcNow);
        return enabled;
    }

    /// <summary>True when the module is enabled for the store.</summary>
    public async Task<bool> IsEnabledAsync(string storeId, string moduleId, CancellationToken ct = default) =>
        (await EnabledAsync(storeId, ct)).Contains(moduleId);

    /// <summary>Enables a module and, first, everything it depends on. Returns the ids newly enabled.</summary>
    public Task<IReadOnlyList<string>> EnableAsync(string storeId, string moduleId, CancellationToken ct = default) =>
        ChangeAsync(storeId, ct, enabled =>
        {
            var module = Require(moduleId);
            var added = catalog.WithDependencies(module).Where(m => enabled.Add(m.Id)).Select(m => m.Id).ToList();
            return added;
        });

    /// <summary>Disables a module; refused while an enabled module depends on it.</summary>
    public Task<IReadOnlyList<string>> DisableAsync(string storeId, string moduleId, CancellationToken ct = default) =>
        ChangeAsync(storeId, ct, enabled =>
        {
            var module = Require(moduleId);
            var blocking = catalog.Dependents(module.Id).Where(d => enabled.Contains(d.Id)).Select(d => d.Name).ToList();
            if (blocking.Count > 0)
                throw new RetailError(ErrorCodes.BadUserInput,
                    $"Cannot disable '{module.Id}': enabled module(s) {string.Join(", ", blocking)} depend on it. Disable them first.");
            return enabled.Remove(module.Id) ? [module.Id] : [];
        });

    /// <summary>Enables every installed module for a new store (used by the demo store bootstrap).</summary>
    public Task<IReadOnlyList<string>> EnableAllAsync(string storeId, CancellationToken ct = default) =>
        ChangeAsync(storeId, ct, enabled => catalog.Modules.Where(m => enabled.Add(m.Id)).Select(m => m.Id).ToList());

    private ModuleDescriptor Require(string moduleId) =>
        catalog.Find(moduleId) ?? throw new RetailError(ErrorCodes.NotFound, $"Unknown module id '{moduleId}'.", "id");

    private async Task<IReadOnlyList<string>> ChangeAsync(string storeId, CancellationToken ct,
        Func<HashSet<string>, IReadOnlyList<string>> change)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var session = store.LightweightSession();
            var doc = await session.LoadAsync<StoreModules>(storeId, ct) ?? new StoreModules { Id = storeId };
            var enabled = new HashSet<string>(doc.Enabled, StringComparer.OrdinalIgnoreCase);
            var changed = change(enabled);
            doc.Enabled = enabled.OrderBy(x => x).ToList();
            session.Store(doc);
            await session.SaveChangesAsync(ct);
            _cache[storeId] = (enabled, DateTime.UtcNow);
            return changed;
        }
        finally { _writeLock.Release(); }
    }
}

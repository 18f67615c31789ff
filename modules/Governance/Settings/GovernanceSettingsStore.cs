using System.Collections.Concurrent;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Governance.Settings;

/// <summary>
/// Reads and writes a store's <see cref="GovernanceSettings"/>. Reads are cached briefly because the consent
/// check (on the event-ingest path) needs the default policy for every batch; writes refresh this instance at once.
/// </summary>
public sealed class GovernanceSettingsStore(StoreSessions sessions)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (GovernanceSettings Settings, DateTime ReadAt)> _cache = new();
    private readonly SemaphoreSlim _write = new(1, 1);

    /// <summary>The store's settings (defaults, created and saved on first use so the erasure key stays stable).</summary>
    public async Task<GovernanceSettings> GetAsync(string storeId, CancellationToken ct = default)
    {
        if (_cache.TryGetValue(storeId, out var hit) && DateTime.UtcNow - hit.ReadAt < Lifetime) return hit.Settings;
        GovernanceSettings? settings;
        await using (var session = sessions.Read(storeId))
            settings = await session.LoadAsync<GovernanceSettings>(GovernanceSettings.DocumentId, ct);
        settings ??= await UpdateAsync(storeId, _ => { }, ct);
        _cache[storeId] = (settings, DateTime.UtcNow);
        return settings;
    }

    /// <summary>Changes the settings under a per-instance lock (read, change, store).</summary>
    public async Task<GovernanceSettings> UpdateAsync(string storeId, Action<GovernanceSettings> change, CancellationToken ct = default)
    {
        await _write.WaitAsync(ct);
        try
        {
            await using var session = sessions.Write(storeId);
            var settings = await session.LoadAsync<GovernanceSettings>(GovernanceSettings.DocumentId, ct) ?? new GovernanceSettings();
            change(settings);
            session.Store(settings);
            await session.SaveChangesAsync(ct);
            _cache[storeId] = (settings, DateTime.UtcNow);
            return settings;
        }
        finally { _write.Release(); }
    }
}

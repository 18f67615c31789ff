using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Catalog;
using RetailCommerce.Modules.Recommendations.Freshness;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>
/// The per-store inputs that change between retrains, held in memory and refreshed in the background: the
/// catalog snapshot, live signals (trending, fresh pairs) and the merchant's settings. A request never waits
/// for a refresh once a store has been loaded; the first request of a store does.
/// </summary>
public sealed class ServingState(StoreSessions sessions, ProductCatalog catalog, ModelRegistry models, CatalogChanges changes, TimeProvider clock,
    IOptions<RecommendationsOptions> options, ILogger<ServingState> logger)
{
    private sealed class Entry
    {
        public CatalogSnapshot? Catalog;
        public DateTimeOffset CatalogAt;
        public LiveSignals Signals = LiveSignals.Empty;
        public DateTimeOffset SignalsAt;
        public RecommendationSettings Settings = new();
        public Task? Refreshing;
        public readonly SemaphoreSlim FirstLoad = new(1, 1);
        // One refresh at a time: a background refresh that read the settings before a save must not write them
        // back after the save's own refresh (the merchant's new pins would vanish until the next refresh).
        public readonly SemaphoreSlim Refresh = new(1, 1);
    }

    private readonly ConcurrentDictionary<string, Entry> _stores = new();

    /// <summary>The current inputs (loads the store on first use; later refreshes run in the background).</summary>
    public async Task<(CatalogSnapshot Catalog, LiveSignals Signals, RecommendationSettings Settings)> GetAsync(string storeId, CancellationToken ct)
    {
        var entry = _stores.GetOrAdd(storeId, _ => new Entry());
        if (entry.Catalog is null)
        {
            await entry.FirstLoad.WaitAsync(ct);
            try { if (entry.Catalog is null) await RefreshAsync(storeId, entry, full: true, ct); }
            finally { entry.FirstLoad.Release(); }
        }
        else
        {
            var now = clock.GetUtcNow();
            var stale = now - entry.SignalsAt > TimeSpan.FromSeconds(options.Value.SignalsRefreshSeconds)
                || changes.IsDirty(storeId) || now - entry.CatalogAt > TimeSpan.FromSeconds(options.Value.CatalogRefreshSeconds);
            if (stale && entry.Refreshing is null or { IsCompleted: true })
                entry.Refreshing = Task.Run(() => RefreshAsync(storeId, entry, full: false, CancellationToken.None));
        }
        return (entry.Catalog!, entry.Signals, entry.Settings);
    }

    /// <summary>Refreshes everything now (after settings are saved, in tests, for previews).</summary>
    public async Task RefreshNowAsync(string storeId, CancellationToken ct)
    {
        var entry = _stores.GetOrAdd(storeId, _ => new Entry());
        await RefreshAsync(storeId, entry, full: true, ct);
    }


    private async Task RefreshAsync(string storeId, Entry entry, bool full, CancellationToken ct)
    {
        await entry.Refresh.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (full || entry.Catalog is null || changes.TakeDirty(storeId) || now - entry.CatalogAt > TimeSpan.FromSeconds(options.Value.CatalogRefreshSeconds))
            {
                changes.TakeDirty(storeId);
                var products = new List<Product>();
                await foreach (var p in catalog.AllAsync(storeId, ct)) products.Add(p);
                entry.Catalog = CatalogSnapshot.Of(products, now);
                entry.CatalogAt = now;
            }
            await using var read = sessions.Read(storeId);
            entry.Settings = await read.LoadAsync<RecommendationSettings>(RecommendationSettings.DocumentId, ct) ?? new RecommendationSettings();
            entry.Signals = await ReadSignalsAsync(storeId, read, ct);
            entry.SignalsAt = now;
        }
        catch (Exception e) when (entry.Catalog is not null && !full)
        {
            logger.LogWarning(e, "Refreshing recommendation signals of store {Store} failed; serving the previous ones", storeId);
        }
        finally { entry.Refresh.Release(); }
    }

    private async Task<LiveSignals> ReadSignalsAsync(string storeId, IQuerySession read, CancellationToken ct)
    {
        var storeClock = await read.LatestEventAtAsync(ct);
        if (storeClock is null) return LiveSignals.Empty;
        var model = models.Active(storeId);
        var halfLife = model?.Models.Trending.Options.HalfLife?.TotalDays ?? 7;
        // Trending from the daily statistics projection: the last 28 store days, decayed from the store's today.
        var today = DateOnly.FromDateTime(storeClock.Value.UtcDateTime);
        var since = today.AddDays(-27);
        var stats = await read.Query<ProductDailyStats>().Where(s => s.Day >= since).ToListAsync(ct);
        var activity = stats.GroupBy(s => s.ProductId).ToDictionary(g => g.Key, g => new RecentActivity(
            g.Sum(s => LiveSignals.DayScore(s, today, halfLife)), g.Sum(s => s.Views), g.Sum(s => s.Clicks), g.Sum(s => s.Purchases)), StringComparer.Ordinal);

        // Pairs from baskets the active model has not seen (all recent ones when nothing is trained yet).
        var after = model?.TrainedUntil ?? storeClock.Value.AddDays(-28);
        var baskets = await read.Query<RecommendationBasket>().Where(b => b.LastAt > after)
            .OrderByDescending(b => b.LastAt).Take(20_000).ToListAsync(ct);
        var bought = new FreshPairs();
        var viewed = new FreshPairs();
        foreach (var b in baskets) (b.IsOrder ? bought : viewed).Add(b.Products);
        return new LiveSignals(storeClock, activity, bought, viewed);
    }
}

/// <summary>Stores whose catalog changed since their snapshot was taken (kept apart from <see cref="ServingState"/>, which reads the catalog, to avoid a dependency cycle).</summary>
public sealed class CatalogChanges
{
    private readonly ConcurrentDictionary<string, bool> _dirty = new();
    public void Mark(string storeId) => _dirty[storeId] = true;
    public bool IsDirty(string storeId) => _dirty.ContainsKey(storeId);
    public bool TakeDirty(string storeId) => _dirty.TryRemove(storeId, out _);
}

/// <summary>Marks a store's catalog snapshot stale when products are imported, so stock and new products show up at the next request.</summary>
public sealed class RecommendationCatalogObserver(CatalogChanges changes) : ICatalogObserver
{
    public Task ProductsChangedAsync(string storeId, IReadOnlyList<Product> changed, CancellationToken ct)
    {
        changes.Mark(storeId);
        return Task.CompletedTask;
    }
}

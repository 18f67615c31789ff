using System.Collections.Concurrent;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Catalog;
using RetailCommerce.Consent;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Recommendations.Exposure;
using RetailCommerce.Modules.Recommendations.Training;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>
/// One trained model version of a store (document id "v1", "v2", ...). It records exactly what the models were
/// trained from — the events up to <see cref="EventSequence"/> with <see cref="Settings"/> — so any version can
/// be rebuilt bit for bit (training is seeded and deterministic), plus what training measured.
/// </summary>
public sealed class RecommendationModelVersion
{
    public string Id { get; set; } = "";
    public int Number { get; set; }
    /// <summary>Wall clock of the training run.</summary>
    public DateTimeOffset TrainedAt { get; set; }
    /// <summary>Store clock: the latest interaction trained on.</summary>
    public DateTimeOffset TrainedUntil { get; set; }
    /// <summary>The last event sequence read (events after it were not seen).</summary>
    public long EventSequence { get; set; }
    public TrainingSettings Settings { get; set; } = new();
    public TrainingMetrics Metrics { get; set; } = new();
    /// <summary>Why it was created ("retrain job", "rollback target", ...).</summary>
    public string Note { get; set; } = "";
}

/// <summary>Which version serves (document id "active").</summary>
public sealed class RecommendationModelPointer
{
    public const string DocumentId = "active";
    public string Id { get; set; } = DocumentId;
    public string? Version { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string? ChangedBy { get; set; }
}

/// <summary>
/// Trains, stores and activates model versions per store. The last few versions stay in memory, so a
/// rollback to them is a pointer change (instant); an older version is rebuilt from its recorded events and
/// settings before the pointer moves.
/// </summary>
public sealed class ModelRegistry(StoreSessions sessions, ProductCatalog catalog, IConsentCheck consent, TimeProvider clock,
    IOptions<RecommendationsOptions> options, ILogger<ModelRegistry> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, TrainedRecommender>> _loaded = new();
    private readonly ConcurrentDictionary<string, string?> _active = new();
    private readonly ConcurrentDictionary<string, Task<TrainedRecommender?>> _warming = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _trainLocks = new();

    /// <summary>Fewer interactions than this: the job reports "store too small" and trains nothing.</summary>
    public const int MinInteractions = 20;

    /// <summary>Trains a new version from all the store's events and activates it; returns a one-line outcome.</summary>
    public async Task<(string Outcome, RecommendationModelVersion? Version)> TrainAsync(string storeId, TrainingSettings? settings, string note, CancellationToken ct)
    {
        var gate = _trainLocks.GetOrAdd(storeId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            settings ??= await CurrentSettingsAsync(storeId, ct);
            var (events, sequence) = await ReadEventsAsync(storeId, long.MaxValue, ct);
            var interactions = await InteractionsAsync(storeId, events, settings, ct);
            if (interactions.Count < MinInteractions)
                return ($"store too small: {interactions.Count} product interactions (at least {MinInteractions} needed); serving trending and fresh pairs only", null);
            var products = await AllProductsAsync(storeId, ct);
            var number = await NextNumberAsync(storeId, ct);
            var version = "v" + number;
            var trained = await Task.Run(() => RecommendationTrainer.Train(version, interactions, products, settings), ct);
            var doc = new RecommendationModelVersion
            {
                Id = version, Number = number, TrainedAt = clock.GetUtcNow(), TrainedUntil = trained.TrainedUntil,
                EventSequence = sequence, Settings = settings, Metrics = trained.Metrics, Note = note,
            };
            await using (var write = sessions.Write(storeId))
            {
                write.Store(doc);
                write.Store(new RecommendationModelPointer { Version = version, ChangedAt = clock.GetUtcNow(), ChangedBy = note });
                await write.SaveChangesAsync(ct);
            }
            Remember(storeId, trained);
            _active[storeId] = version;
            await PruneAsync(storeId, ct);
            var m = trained.Metrics;
            return ($"trained {version}: {m.Interactions} interactions, {m.Shoppers} shoppers, {m.Products} products, blend {m.Blend}, " +
                    $"{m.BoughtTogetherPairs} bought-together pairs, {m.TrainingSeconds:0.0} s" +
                    (m.HoldoutPersonalNdcg10 is { } nd ? $"; holdout ndcg@10 {nd:0.000} vs popularity {m.HoldoutPopularityNdcg10:0.000}" : ""), doc);
        }
        finally { gate.Release(); }
    }

    /// <summary>Makes an earlier (or later) version serve. Instant when it is in memory; otherwise it is rebuilt first.</summary>
    public async Task<RecommendationModelVersion> ActivateAsync(string storeId, string version, string by, CancellationToken ct)
    {
        RecommendationModelVersion? doc;
        await using (var read = sessions.Read(storeId)) doc = await read.LoadAsync<RecommendationModelVersion>(version, ct);
        if (doc is null) throw new RetailError(ErrorCodes.BadUserInput, $"version: '{version}' is not a model version of this store.", "version");
        if (!IsLoaded(storeId, version)) Remember(storeId, await RebuildAsync(storeId, doc, ct));
        await using (var write = sessions.Write(storeId))
        {
            write.Store(new RecommendationModelPointer { Version = version, ChangedAt = clock.GetUtcNow(), ChangedBy = by });
            await write.SaveChangesAsync(ct);
        }
        _active[storeId] = version;
        return doc;
    }

    /// <summary>True when the version's models are in memory (rollback to it is instant).</summary>
    public bool IsLoaded(string storeId, string version) => _loaded.TryGetValue(storeId, out var m) && m.ContainsKey(version);

    /// <summary>The serving model, or null (nothing trained yet, or being loaded after a restart: callers serve the fresh signals meanwhile).</summary>
    public TrainedRecommender? Active(string storeId)
    {
        if (_active.TryGetValue(storeId, out var version))
            return version is not null && _loaded.TryGetValue(storeId, out var models) && models.TryGetValue(version, out var m) ? m : null;
        // First use on this instance: read the pointer and rebuild the active version in the background.
        _warming.GetOrAdd(storeId, id => Task.Run(() => WarmAsync(id)));
        return null;
    }

    /// <summary>Waits for a first-use load to finish (tests, previews).</summary>
    public async Task<TrainedRecommender?> ActiveAsync(string storeId, CancellationToken ct)
    {
        var m = Active(storeId);
        if (m is not null) return m;
        if (_warming.TryGetValue(storeId, out var task)) return await task.WaitAsync(ct);
        return null;
    }

    /// <summary>Every stored version, newest first, and the active one's id.</summary>
    public async Task<(IReadOnlyList<RecommendationModelVersion> Versions, string? Active)> ListAsync(string storeId, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        var versions = await read.Query<RecommendationModelVersion>().OrderByDescending(v => v.Number).ToListAsync(ct);
        var pointer = await read.LoadAsync<RecommendationModelPointer>(RecommendationModelPointer.DocumentId, ct);
        return (versions, pointer?.Version);
    }

    private async Task<TrainedRecommender?> WarmAsync(string storeId)
    {
        try
        {
            RecommendationModelPointer? pointer;
            RecommendationModelVersion? doc = null;
            await using (var read = sessions.Read(storeId))
            {
                pointer = await read.LoadAsync<RecommendationModelPointer>(RecommendationModelPointer.DocumentId);
                if (pointer?.Version is { } v) doc = await read.LoadAsync<RecommendationModelVersion>(v);
            }
            if (doc is null) { _active.TryAdd(storeId, null); return null; }
            var trained = await RebuildAsync(storeId, doc, CancellationToken.None);
            Remember(storeId, trained);
            _active.TryAdd(storeId, doc.Id);
            return trained;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not load the active recommendation model of store {Store}", storeId);
            return null;
        }
        finally { _warming.TryRemove(storeId, out _); }
    }

    private async Task<TrainedRecommender> RebuildAsync(string storeId, RecommendationModelVersion doc, CancellationToken ct)
    {
        var (events, _) = await ReadEventsAsync(storeId, doc.EventSequence, ct);
        var interactions = await InteractionsAsync(storeId, events, doc.Settings, ct);
        var products = await AllProductsAsync(storeId, ct);
        return await Task.Run(() => RecommendationTrainer.Train(doc.Id, interactions, products, doc.Settings), ct);
    }

    private void Remember(string storeId, TrainedRecommender trained)
    {
        var models = _loaded.GetOrAdd(storeId, _ => new ConcurrentDictionary<string, TrainedRecommender>());
        models[trained.Version] = trained;
        // Keep the newest few (by version number) and whatever serves now.
        var keep = models.Keys.OrderByDescending(v => int.TryParse(v.AsSpan(1), out var n) ? n : 0).Take(Math.Max(1, options.Value.VersionsInMemory)).ToHashSet();
        foreach (var v in models.Keys) if (!keep.Contains(v) && v != trained.Version && !(_active.TryGetValue(storeId, out var a) && a == v)) models.TryRemove(v, out _);
    }

    /// <summary>The store's shopper events with product interest, up to a sequence; returns them and the last sequence read.</summary>
    internal async Task<(List<ShopperEvent> Events, long Sequence)> ReadEventsAsync(string storeId, long upTo, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        var result = new List<ShopperEvent>();
        long from = 0, last = 0;
        const int page = 20_000;
        while (true)
        {
            var batch = await read.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > from && e.Sequence <= upTo && e.EventTypesAre(ShopperEventInteractions.EventTypes))
                .OrderBy(e => e.Sequence).Take(page).ToListAsync(ct);
            if (batch.Count == 0) break;
            from = batch[^1].Sequence;
            last = from;
            result.AddRange(batch.Select(e => (ShopperEvent)e.Data));
            if (batch.Count < page) break;
        }
        if (upTo != long.MaxValue) last = upTo;
        return (result, last);
    }

    private async Task<List<Interaction>> InteractionsAsync(string storeId, List<ShopperEvent> events, TrainingSettings settings, CancellationToken ct)
    {
        var customers = events.Where(e => e.CustomerId is not null).Select(e => e.CustomerId!).Distinct().ToList();
        var withheld = customers.Count == 0 ? new HashSet<string>() : await consent.WithheldAsync(storeId, customers, ConsentPurpose.Personalization, ct);
        Dictionary<string, int>? exposures = null;
        if (settings.InversePropensityWeighting && events.Any(e => e.RecommendationId is not null))
        {
            await using var read = sessions.Read(storeId);
            exposures = (await read.Query<RecommendationExposureDay>().ToListAsync(ct))
                .SelectMany(d => d.Exposures).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
        }
        return RecommendationTrainer.Interactions(events, settings, exposures, withheld);
    }

    private async Task<List<Product>> AllProductsAsync(string storeId, CancellationToken ct)
    {
        var products = new List<Product>();
        await foreach (var p in catalog.AllAsync(storeId, ct)) products.Add(p);
        return products;
    }

    private async Task<TrainingSettings> CurrentSettingsAsync(string storeId, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        var latest = await read.Query<RecommendationModelVersion>().OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        return latest?.Settings ?? new TrainingSettings();
    }

    private async Task<int> NextNumberAsync(string storeId, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        var latest = await read.Query<RecommendationModelVersion>().OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        return (latest?.Number ?? 0) + 1;
    }

    private async Task PruneAsync(string storeId, CancellationToken ct)
    {
        await using var write = sessions.Write(storeId);
        var old = await write.Query<RecommendationModelVersion>().OrderByDescending(v => v.Number).Skip(Math.Max(1, options.Value.VersionsKept)).ToListAsync(ct);
        if (old.Count == 0) return;
        foreach (var v in old) write.Delete(v);
        await write.SaveChangesAsync(ct);
    }
}

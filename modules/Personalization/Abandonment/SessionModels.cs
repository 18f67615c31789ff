using System.Collections.Concurrent;
using Marten;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Personalization.Sessions;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Personalization.Abandonment;

/// <summary>The store's trained session models (ML.NET zip bytes) and their holdout AUCs; one per store.</summary>
public sealed class SessionModelSnapshot
{
    public const string DocumentId = "session-models";
    public string Id { get; set; } = DocumentId;
    public DateTimeOffset TrainedAt { get; set; }
    public string Version { get; set; } = "";
    public byte[]? Abandonment { get; set; }
    public byte[]? Propensity { get; set; }
    public double? AbandonmentAuc { get; set; }
    public double? AbandonmentBaselineAuc { get; set; }
    public double? PropensityAuc { get; set; }
    public double? PropensityBaselineAuc { get; set; }
    public int Sessions { get; set; }
    public int Carts { get; set; }
    public string Outcome { get; set; } = "";
}

/// <summary>Loaded models of a store.</summary>
public sealed record LoadedSessionModels(string Version, SessionModel? Abandonment, SessionModel? Propensity);

/// <summary>Trains, stores and serves the session models (cached in memory; the stored version is re-checked every minute).</summary>
public sealed class SessionModels(StoreSessions sessions, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset CheckedAt, LoadedSessionModels Models)> _cache = new();

    /// <summary>The store's models; an empty set before the first training.</summary>
    public async Task<LoadedSessionModels> ForStoreAsync(string storeId, CancellationToken ct)
    {
        if (_cache.TryGetValue(storeId, out var cached) && clock.GetUtcNow() - cached.CheckedAt < TimeSpan.FromMinutes(1)) return cached.Models;
        await using var read = sessions.Read(storeId);
        var snapshot = await read.LoadAsync<SessionModelSnapshot>(SessionModelSnapshot.DocumentId, ct);
        var models = snapshot is null ? new LoadedSessionModels("", null, null)
            : cached.Models?.Version == snapshot.Version ? cached.Models
            : new LoadedSessionModels(snapshot.Version,
                snapshot.Abandonment is null ? null : SessionModel.Load(snapshot.Abandonment, false),
                snapshot.Propensity is null ? null : SessionModel.Load(snapshot.Propensity, false));
        _cache[storeId] = (clock.GetUtcNow(), models);
        return models;
    }

    /// <summary>Trains both models on the store's history (time-based holdout for the AUCs) and stores them.</summary>
    public async Task<SessionModelSnapshot> TrainAsync(string storeId, CancellationToken ct)
    {
        var events = await ReadHistoryAsync(storeId, ct);
        var examples = SessionHistory.Build(events);
        var fit = SessionModelTraining.Fit(examples);
        var snapshot = new SessionModelSnapshot
        {
            TrainedAt = clock.GetUtcNow(), Version = $"lightgbm-session@{clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss}",
            Abandonment = fit.Abandonment?.Save(), Propensity = fit.Propensity?.Save(),
            AbandonmentAuc = fit.AbandonmentAuc, AbandonmentBaselineAuc = fit.AbandonmentBaselineAuc,
            PropensityAuc = fit.PropensityAuc, PropensityBaselineAuc = fit.PropensityBaselineAuc,
            Sessions = examples.Count, Carts = examples.Count(e => e.HadCart), Outcome = fit.Outcome,
        };
        if (fit.Abandonment is null) return snapshot; // too small: keep whatever model the store had
        await using var write = sessions.Write(storeId);
        write.Store(snapshot);
        await write.SaveChangesAsync(ct);
        _cache.TryRemove(storeId, out _);
        return snapshot;
    }

    /// <summary>The store's shopper events in time order.</summary>
    internal async Task<List<SessionEvent>> ReadHistoryAsync(string storeId, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        var result = new List<SessionEvent>();
        long from = 0;
        const int page = 20_000;
        while (true)
        {
            var batch = await read.Events.QueryAllRawEvents().Where(e => e.Sequence > from)
                .OrderBy(e => e.Sequence).Take(page).ToListAsync(ct);
            if (batch.Count == 0) break;
            from = batch[^1].Sequence;
            result.AddRange(batch.Select(e => e.Data).OfType<ShopperEvent>().Select(SessionEvent.From));
            if (batch.Count < page) break;
        }
        result.Sort((a, b) => a.At.CompareTo(b.At));
        return result;
    }
}

/// <summary>Job: retrains the conversion-propensity and cart-abandonment models.</summary>
public sealed class TrainSessionModels(SessionModels models) : IStoreJob
{
    public async Task<string> RunAsync(string storeId, CancellationToken ct) => (await models.TrainAsync(storeId, ct)).Outcome;
}

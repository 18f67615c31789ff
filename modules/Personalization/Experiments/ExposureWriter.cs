using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetailCommerce.Decisions;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Personalization.Experiments;

/// <summary>
/// Writes exposures and AI decisions off the request path: content and assignment calls must answer in a few
/// milliseconds, so they enqueue and a background loop stores batches every 200 ms (first exposure wins; an
/// exposure already stored is never overwritten). Results and tests call <see cref="FlushAsync"/> first.
/// </summary>
public sealed class ExposureWriter(StoreSessions sessions, IServiceProvider services, ILogger<ExposureWriter> logger) : BackgroundService
{
    private readonly ConcurrentQueue<(string Store, ExperimentExposure Exposure)> _exposures = new();
    private readonly ConcurrentQueue<(string Store, AiDecision Decision)> _decisions = new();
    // Exposures already queued or stored by this instance: keeps repeat calls from re-queuing (bounded).
    private readonly ConcurrentDictionary<string, string> _known = new();
    private readonly SemaphoreSlim _flush = new(1, 1);

    /// <summary>The variant this instance already recorded for a visitor, if any (sticky bandit assignments).</summary>
    public string? KnownVariant(string storeId, string exposureId) => _known.GetValueOrDefault(storeId + "/" + exposureId);

    /// <summary>Queues a first exposure; false when this visitor's exposure was already queued here.</summary>
    public bool Enqueue(string storeId, ExperimentExposure exposure)
    {
        if (_known.Count > 500_000) _known.Clear();
        if (!_known.TryAdd(storeId + "/" + exposure.Id, exposure.Variant)) return false;
        _exposures.Enqueue((storeId, exposure));
        return true;
    }

    /// <summary>Remembers a variant loaded from the database (sticky across restarts).</summary>
    public void Remember(string storeId, string exposureId, string variant) => _known.TryAdd(storeId + "/" + exposureId, variant);

    /// <summary>Queues an AI decision for <see cref="IAiDecisionLog"/>.</summary>
    public void Record(string storeId, AiDecision decision) => _decisions.Enqueue((storeId, decision));

    /// <summary>Stores everything queued so far.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _flush.WaitAsync(ct);
        try
        {
            var exposures = Drain(_exposures);
            foreach (var store in exposures.GroupBy(e => e.Store))
            {
                await using var session = sessions.Write(store.Key);
                var batch = store.Select(e => e.Exposure).GroupBy(e => e.Id).Select(g => g.First()).ToList();
                var existing = (await session.LoadManyAsync<ExperimentExposure>(ct, batch.Select(b => b.Id).ToArray())).Select(e => e.Id).ToHashSet();
                foreach (var exposure in batch.Where(b => !existing.Contains(b.Id))) session.Store(exposure);
                await session.SaveChangesAsync(ct);
            }
            var decisions = Drain(_decisions);
            if (decisions.Count > 0)
            {
                var log = services.GetRequiredService<IAiDecisionLog>();
                foreach (var store in decisions.GroupBy(d => d.Store))
                    await log.RecordAsync(store.Key, store.Select(d => d.Decision).ToList(), ct);
            }
        }
        finally { _flush.Release(); }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(200, stoppingToken);
                await FlushAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception e) { logger.LogWarning(e, "Storing personalization exposures/decisions failed; retrying"); }
        }
        try { await FlushAsync(CancellationToken.None); } catch (Exception e) { logger.LogWarning(e, "Final flush failed"); }
    }

    private static List<T> Drain<T>(ConcurrentQueue<T> queue)
    {
        var list = new List<T>();
        while (list.Count < 5_000 && queue.TryDequeue(out var item)) list.Add(item);
        return list;
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetailCommerce.Decisions;
using RetailCommerce.Persistence;
using RetailCommerce;

namespace RetailCommerce.Modules.Recommendations.Exposure;

/// <summary>
/// Writes served lists (exposure events) and sampled decision-log entries off the request path: a request
/// only enqueues, and this background writer appends in batches, so logging every list costs the shopper
/// nothing (one <see cref="RecommendationsServed"/> event per flush and store day, not one per list). Each instance
/// appends to its own hourly stream, so writers never contend for a stream version.
/// A crash can lose the last second of exposures (they are statistics, not orders).
/// </summary>
public sealed class ExposureWriter(StoreSessions sessions, IAiDecisionLog decisions, ILogger<ExposureWriter> logger) : BackgroundService
{
    private readonly Channel<(string StoreId, RecommendationServed Served, AiDecision? Decision)> _queue =
        Channel.CreateBounded<(string, RecommendationServed, AiDecision?)>(new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly string _instance = Guid.NewGuid().ToString("N")[..8];
    private long _pending;

    /// <summary>Queues one served list (and optionally its decision-log entry).</summary>
    public void Enqueue(string storeId, RecommendationServed served, AiDecision? decision)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite((storeId, served, decision))) Interlocked.Decrement(ref _pending);
    }

    /// <summary>Waits until everything queued so far is written (tests, shutdown).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (Interlocked.Read(ref _pending) > 0) await Task.Delay(20, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(string StoreId, RecommendationServed Served, AiDecision? Decision)>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(stoppingToken)) break;
                while (batch.Count < 2_000 && _queue.Reader.TryRead(out var item)) batch.Add(item);
                await WriteAsync(batch, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning(e, "Writing {Count} recommendation exposures failed; they are dropped", batch.Count); }
            finally
            {
                Interlocked.Add(ref _pending, -batch.Count);
                batch.Clear();
            }
        }
    }

    private async Task WriteAsync(List<(string StoreId, RecommendationServed Served, AiDecision? Decision)> batch, CancellationToken ct)
    {
        foreach (var store in batch.GroupBy(b => b.StoreId))
        {
            await using (var write = sessions.Write(store.Key))
            {
                foreach (var hour in store.GroupBy(b => b.Served.ServedAt.UtcDateTime.ToString("yyyyMMddHH")))
                    write.Events.Append(ShopperStreams.ModuleStreamPrefix("recommendations") + $"served:{hour.Key}:{_instance}",
                        hour.GroupBy(b => RecommendationExposureProjection.Key(b.Served.StoreTime))
                            .Select(day => (object)new RecommendationsServed { Day = day.Key, Lists = [.. day.Select(b => b.Served)] }).ToArray());
                await write.SaveChangesAsync(ct);
            }
            var logged = store.Where(b => b.Decision is not null).Select(b => b.Decision!).ToList();
            if (logged.Count > 0) await decisions.RecordAsync(store.Key, logged, ct);
        }
    }
}

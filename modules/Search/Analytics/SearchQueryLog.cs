using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Search.Analytics;

/// <summary>How often a query was searched in a store and how it went (one Marten document per normalized query).</summary>
public sealed class SearchQueryStat
{
    /// <summary>The normalized query (lower case, single spaces).</summary>
    public string Id { get; set; } = "";
    /// <summary>Searches.</summary>
    public long Searches { get; set; }
    /// <summary>Searches where nothing matched the query (the shopper saw fallback suggestions at best).</summary>
    public long ZeroResultSearches { get; set; }
    /// <summary>Searches that needed a relaxation step (spelling, dropped words, semantic only, loosened filters).</summary>
    public long RelaxedSearches { get; set; }
    /// <summary>Result count of the latest search.</summary>
    public int LastTotalCount { get; set; }
    /// <summary>Spelling correction offered at the latest search.</summary>
    public string? LastCorrection { get; set; }
    /// <summary>Latest search (wall clock).</summary>
    public DateTimeOffset LastSearchedAt { get; set; }
}

/// <summary>
/// Counts searches per store and query in memory and writes them every few seconds, so a search never waits for
/// a database write. Zero-result queries end up in <see cref="SearchQueryStat.ZeroResultSearches"/> for the merchant.
/// </summary>
public sealed class SearchQueryLog(StoreSessions sessions, TimeProvider clock, ILogger<SearchQueryLog> logger)
{
    private sealed class Tally
    {
        public long Searches, Zero, Relaxed;
        public int LastTotal;
        public string? LastCorrection;
        public DateTimeOffset LastAt;
    }

    private ConcurrentDictionary<(string Store, string Query), Tally> _pending = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset LoadedAt, string[] Queries)> _popular = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flush = new(1, 1);

    /// <summary>Records one search.</summary>
    public void Record(string storeId, string normalizedQuery, int totalCount, bool zeroResults, bool relaxed, string? correction)
    {
        if (normalizedQuery.Length == 0) return;
        var tally = _pending.GetOrAdd((storeId, normalizedQuery[..Math.Min(normalizedQuery.Length, 200)]), _ => new Tally());
        lock (tally)
        {
            tally.Searches++;
            if (zeroResults) tally.Zero++;
            if (relaxed) tally.Relaxed++;
            tally.LastTotal = totalCount;
            tally.LastCorrection = correction;
            tally.LastAt = clock.GetUtcNow();
        }
    }

    /// <summary>Writes everything counted so far.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flush.WaitAsync(ct);
        try
        {
            var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(string Store, string Query), Tally>());
            foreach (var store in batch.GroupBy(kv => kv.Key.Store))
            {
                await using var session = sessions.Write(store.Key);
                var ids = store.Select(kv => kv.Key.Query).ToArray();
                var existing = (await session.LoadManyAsync<SearchQueryStat>(ct, ids)).ToDictionary(s => s.Id);
                foreach (var (key, tally) in store)
                {
                    var stat = existing.GetValueOrDefault(key.Query) ?? new SearchQueryStat { Id = key.Query };
                    lock (tally)
                    {
                        stat.Searches += tally.Searches;
                        stat.ZeroResultSearches += tally.Zero;
                        stat.RelaxedSearches += tally.Relaxed;
                        stat.LastTotalCount = tally.LastTotal;
                        stat.LastCorrection = tally.LastCorrection;
                        stat.LastSearchedAt = tally.LastAt;
                    }
                    session.Store(stat);
                }
                await session.SaveChangesAsync(ct);
                _popular.TryRemove(store.Key, out _);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not write search query statistics");
        }
        finally
        {
            _flush.Release();
        }
    }

    /// <summary>The store's most searched queries that found something (for query suggestions), cached for a minute.</summary>
    public async Task<string[]> PopularQueriesAsync(string storeId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_popular.TryGetValue(storeId, out var cached) && now - cached.LoadedAt < TimeSpan.FromMinutes(1)) return cached.Queries;
        await using var session = sessions.Read(storeId);
        var top = await session.Query<SearchQueryStat>().Where(s => s.LastTotalCount > 0)
            .OrderByDescending(s => s.Searches).Take(2_000).Select(s => s.Id).ToListAsync(ct);
        var queries = top.ToArray();
        _popular[storeId] = (now, queries);
        return queries;
    }

    /// <summary>Most searched queries, or only those that found nothing.</summary>
    public async Task<IReadOnlyList<SearchQueryStat>> TopAsync(string storeId, bool zeroResultsOnly, int first, CancellationToken ct)
    {
        await FlushAsync(ct);
        await using var session = sessions.Read(storeId);
        var query = session.Query<SearchQueryStat>().AsQueryable();
        if (zeroResultsOnly) query = query.Where(s => s.ZeroResultSearches > 0).OrderByDescending(s => s.ZeroResultSearches);
        else query = query.OrderByDescending(s => s.Searches);
        return await query.Take(first).ToListAsync(ct);
    }
}

/// <summary>Writes buffered query statistics on a timer and at shutdown.</summary>
public sealed class SearchQueryLogFlusher(SearchQueryLog log, IOptions<SearchOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QueryLogFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await log.FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await log.FlushAsync(cancellationToken); } catch (Exception) { /* the database may already be gone at shutdown */ }
    }
}

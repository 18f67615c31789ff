using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Personalization.Sessions;

/// <summary>
/// Live session state kept in memory so segment and content calls do not read PostgreSQL each time.
/// <para>
/// A stream (<c>session:&lt;id&gt;</c> or a customer id) is read once, on its first use, and then kept current
/// by a per-store tail: every <see cref="PersonalizationOptions.LiveRefreshMilliseconds"/> (200 ms) one query
/// reads the store's events with a sequence number above the last one seen and appends them to the cached
/// streams they belong to (events of streams nobody asked about are skipped). So one query per store and tick
/// replaces one query per call, and a call sees a session's events at most one tick plus the query time late.
/// </para>
/// <para>
/// Sequence numbers are taken when an event is inserted but become visible at commit, so a slow transaction
/// can show a lower number after a higher one was read. The tail therefore re-reads the last
/// <see cref="SettleWindow"/> of sequence numbers each tick (duplicates are dropped by sequence number), and a
/// stream is re-read in full after <see cref="PersonalizationOptions.LiveMaxAgeSeconds"/> as a backstop.
/// Works with several web nodes: each node tails the database, not its own ingest.
/// </para>
/// </summary>
public sealed class LiveStreams(StoreSessions sessions, IOptions<PersonalizationOptions> options, ILogger<LiveStreams> logger)
    : BackgroundService
{
    /// <summary>Latest events kept per stream (what live features look at).</summary>
    public const int EventsPerStream = 300;
    /// <summary>How long the tail keeps re-reading sequence numbers it has seen, for commits that land out of order.</summary>
    public static readonly TimeSpan SettleWindow = TimeSpan.FromSeconds(2);
    private const int TailPage = 5000;
    private static readonly TimeSpan IdleStream = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan IdleStore = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, StoreTail> _stores = new();
    // Ages are measured on a monotonic clock: this is wall-time freshness, not the store clock.
    private static readonly long Origin = System.Diagnostics.Stopwatch.GetTimestamp();
    private static TimeSpan Now => System.Diagnostics.Stopwatch.GetElapsedTime(Origin);
    private TimeSpan MaxAge => TimeSpan.FromSeconds(Math.Max(1, options.Value.LiveMaxAgeSeconds));

    /// <summary>Ticks of the tail so far (tests wait on it).</summary>
    public long Ticks => Interlocked.Read(ref _ticks);
    private long _ticks;

    /// <summary>The latest events of a stream (newest last by sequence), from memory when the stream is cached.</summary>
    public async ValueTask<IReadOnlyList<SessionEvent>> EventsAsync(string storeId, string streamKey, CancellationToken ct)
    {
        var tail = await TailAsync(storeId, ct);
        var now = Now;
        while (true)
        {
            var stream = tail.Streams.GetOrAdd(streamKey, static _ => new CachedStream());
            stream.LastUsed = now;
            var load = stream.Loading;
            if (load is null)
            {
                lock (stream.Gate) load = stream.Loading ??= LoadAsync(storeId, streamKey, stream);
            }
            try { await load.WaitAsync(ct); }
            catch (Exception) when (load.IsFaulted)
            {
                tail.Streams.TryRemove(new KeyValuePair<string, CachedStream>(streamKey, stream)); // the next call retries
                throw;
            }
            if (now - stream.LoadedAt < MaxAge) return stream.Snapshot;
            // Read too long ago (the backstop for anything the tail could have missed): drop it and read afresh.
            tail.Streams.TryRemove(new KeyValuePair<string, CachedStream>(streamKey, stream));
        }
    }

    /// <summary>The customer a session is linked to (SessionLink), cached until the tail sees a new link for it.</summary>
    public async ValueTask<string?> LinkedCustomerAsync(string storeId, string sessionId, CancellationToken ct)
    {
        var tail = await TailAsync(storeId, ct);
        var now = Now;
        if (tail.Links.TryGetValue(sessionId, out var cached) && now - cached.At < MaxAge) return cached.CustomerId;
        // A link the tail sees while we read must not be overwritten by what we read before it.
        var generation = Interlocked.Read(ref tail.LinkGeneration);
        await using var read = sessions.Read(storeId);
        var customer = (await read.LoadAsync<SessionLink>(sessionId, ct))?.CustomerId;
        if (Interlocked.Read(ref tail.LinkGeneration) == generation) tail.Links[sessionId] = (customer, now);
        return customer;
    }

    /// <summary>The latest events of a stream read straight from the database, without caching it (batch jobs).</summary>
    public async Task<IReadOnlyList<SessionEvent>> ReadAsync(string storeId, string streamKey, CancellationToken ct)
    {
        var stream = new CachedStream();
        await LoadAsync(storeId, streamKey, stream, ct);
        return stream.Snapshot;
    }

    private async ValueTask<StoreTail> TailAsync(string storeId, CancellationToken ct)
    {
        var tail = _stores.GetOrAdd(storeId, static _ => new StoreTail());
        tail.LastUsed = Now;
        var start = tail.Started;
        if (start is null || start.IsFaulted || start.IsCanceled)
        {
            // The tail starts at the store's current high-water mark before the first stream is read, so every
            // event committed after a stream's read is picked up by a later tick.
            lock (tail)
            {
                if (tail.Started is null || tail.Started.IsFaulted || tail.Started.IsCanceled) tail.Started = StartTailAsync(storeId, tail);
                start = tail.Started;
            }
        }
        if (!start.IsCompletedSuccessfully) await start.WaitAsync(ct);
        return tail;
    }

    private async Task StartTailAsync(string storeId, StoreTail tail)
    {
        await using var read = sessions.Read(storeId);
        var latest = await read.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).Take(1).ToListAsync();
        var mark = latest.Count == 0 ? 0 : latest[0];
        lock (tail.Marks) { tail.Mark = mark; tail.Marks.Clear(); tail.Marks.Enqueue((Now, mark)); }
    }

    private async Task LoadAsync(string storeId, string streamKey, CachedStream stream, CancellationToken ct = default)
    {
        await using var read = sessions.Read(storeId);
        var raw = await read.Events.QueryAllRawEvents().Where(e => e.StreamKey == streamKey)
            .OrderByDescending(e => e.Sequence).Take(EventsPerStream).ToListAsync(ct);
        stream.LoadedAt = Now;
        // Tail ticks that ran during the read may already have added events: Add drops duplicates.
        stream.Add(raw.Where(e => e.Data is ShopperEvent).Select(e => (e.Sequence, SessionEvent.From((ShopperEvent)e.Data))));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(10, options.Value.LiveRefreshMilliseconds)), stoppingToken); }
            catch (OperationCanceledException) { return; }
            await TickAsync(stoppingToken);
        }
    }

    /// <summary>One tail pass over every store with live callers (also called by tests to skip the wait).</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        var now = Now;
        foreach (var (storeId, tail) in _stores)
        {
            if (now - tail.LastUsed > IdleStore) { _stores.TryRemove(storeId, out _); continue; }
            if (tail.Started is not { IsCompletedSuccessfully: true }) continue;
            try { await TailStoreAsync(storeId, tail, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // Without a tail the cache could go stale: forget the store, the next call reads afresh.
                logger.LogWarning(e, "Live session tail of store {Store} failed; its cache is dropped", storeId);
                _stores.TryRemove(storeId, out _);
            }
        }
        Interlocked.Increment(ref _ticks);
    }

    private async Task TailStoreAsync(string storeId, StoreTail tail, CancellationToken ct)
    {
        var now = Now;
        long from;
        lock (tail.Marks)
        {
            // Re-read from the mark of the latest tick that is at least SettleWindow old.
            while (tail.Marks.Count > 1 && now - tail.Marks.ElementAt(1).At >= SettleWindow) tail.Marks.Dequeue();
            from = tail.Marks.Peek().Mark;
        }
        await using var read = sessions.Read(storeId);
        var max = tail.Mark;
        while (true)
        {
            var page = await read.Events.QueryAllRawEvents().Where(e => e.Sequence > from)
                .OrderBy(e => e.Sequence).Take(TailPage).ToListAsync(ct);
            foreach (var e in page)
            {
                max = Math.Max(max, e.Sequence);
                switch (e.Data)
                {
                    case ShopperEvent shopper when tail.Streams.TryGetValue(e.StreamKey ?? "", out var stream):
                        stream.Add([(e.Sequence, SessionEvent.From(shopper))]);
                        break;
                    case SessionLinkedToCustomer link:
                        Interlocked.Increment(ref tail.LinkGeneration);
                        tail.Links.TryRemove(link.SessionId, out _);
                        break;
                }
            }
            if (page.Count < TailPage) break;
            from = page[^1].Sequence;
        }
        lock (tail.Marks) { tail.Mark = max; tail.Marks.Enqueue((now, max)); }
        foreach (var (key, stream) in tail.Streams)
            if (now - stream.LastUsed > IdleStream) tail.Streams.TryRemove(key, out _);
    }

    private sealed class StoreTail
    {
        public Task? Started;
        public long Mark;
        /// <summary>(tick time, highest sequence seen by then), oldest first.</summary>
        public readonly Queue<(TimeSpan At, long Mark)> Marks = new();
        public readonly ConcurrentDictionary<string, CachedStream> Streams = new();
        public readonly ConcurrentDictionary<string, (string? CustomerId, TimeSpan At)> Links = new();
        public TimeSpan LastUsed;
        public long LinkGeneration;
    }

    private sealed class CachedStream
    {
        public readonly object Gate = new();
        public Task? Loading;
        public TimeSpan LoadedAt;
        public TimeSpan LastUsed;
        private readonly SortedList<long, SessionEvent> _events = new();
        /// <summary>Immutable copy handed to callers (replaced, never changed), so reads take no lock.</summary>
        public IReadOnlyList<SessionEvent> Snapshot { get; private set; } = [];

        public void Add(IEnumerable<(long Sequence, SessionEvent Event)> events)
        {
            lock (Gate)
            {
                var changed = false;
                foreach (var (sequence, e) in events) changed |= _events.TryAdd(sequence, e);
                if (!changed) return;
                while (_events.Count > EventsPerStream) _events.RemoveAt(0);
                Snapshot = _events.Values.ToArray();
            }
        }
    }
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RetailCommerce.Catalog;
using RetailCommerce.Customers;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.DemoStore;

/// <summary>
/// Loads the demo store into a store through the platform's own paths (<see cref="ProductCatalog"/>,
/// <see cref="CustomerDirectory"/>, <see cref="EventIngest"/>), so it is validated, observed and stored
/// exactly like a merchant's data. Progress is kept in a <see cref="DemoStoreLoad"/> document: a finished
/// load is not repeated, an interrupted one resumes where it stopped, and event ids are deterministic, so
/// whatever is sent twice is dropped as a replay.
/// </summary>
public sealed class DemoStoreLoader(ProductCatalog catalog, CustomerDirectory customers, EventIngest ingest, StoreSessions sessions,
    TimeProvider clock, ILogger<DemoStoreLoader> logger)
{
    /// <summary>Items per import or tracking call (the platform's limit).</summary>
    public const int BatchSize = 1_000;

    // Progress is saved every this many event batches: a resume re-sends at most this many batches.
    private const int SaveEveryBatches = 10;
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);

    /// <summary>Records that a load into the store has begun, so a restart resumes it even if this process stops at once.</summary>
    public async Task<DemoStoreLoad> BeginAsync(string storeId, DemoStoreOptions options, CancellationToken ct)
    {
        options.Validate();
        var record = await FindAsync(storeId, ct);
        if (record is not null && SameOptions(record.Options, options)) return record;
        record = new DemoStoreLoad { Status = DemoStoreLoadStatus.Loading, Options = options, StartedAt = clock.GetUtcNow() };
        await SaveAsync(storeId, record, ct);
        return record;
    }

    /// <summary>The store's load that has begun and not completed, or null.</summary>
    public async Task<DemoStoreLoad?> PendingAsync(string storeId, CancellationToken ct)
    {
        var record = await FindAsync(storeId, ct);
        return record is { Status: not DemoStoreLoadStatus.Completed } ? record : null;
    }

    /// <summary>The store's load record, or null when the demo store was never loaded into it.</summary>
    public async Task<DemoStoreLoad?> FindAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<DemoStoreLoad>(DemoStoreLoad.DocumentId, ct);
    }

    /// <summary>
    /// Loads the demo store generated from <paramref name="options"/> into the store: products, customers,
    /// then events in time order, in batches of <see cref="BatchSize"/>. Returns at once when the same
    /// options were loaded completely before; resumes an interrupted load of the same options.
    /// </summary>
    public async Task<DemoStoreLoad> LoadAsync(string storeId, DemoStoreOptions options, CancellationToken ct)
    {
        options.Validate();
        var record = await FindAsync(storeId, ct);
        if (record is { Status: DemoStoreLoadStatus.Completed } && SameOptions(record.Options, options))
        {
            logger.LogInformation("Demo store already loaded into '{Store}' ({Events:N0} events); nothing to do", storeId, record.EventsAccepted);
            return record;
        }
        if (record is null || !SameOptions(record.Options, options) || record.Status == DemoStoreLoadStatus.Completed)
            record = new DemoStoreLoad { Options = options, StartedAt = clock.GetUtcNow() };
        record.Status = DemoStoreLoadStatus.Loading;
        record.Error = null;
        await SaveAsync(storeId, record, ct);

        var watch = Stopwatch.StartNew();
        var secondsBefore = record.Seconds;
        try
        {
            var generator = new DemoStoreGenerator(record.Options);
            record.Products = await ImportAsync("products", generator.Products(),
                batch => catalog.ImportAsync(storeId, batch, record.Options.Currency, ct), ct);
            record.Customers = await ImportAsync("customers", generator.Customers(),
                batch => customers.ImportAsync(storeId, batch, ct), ct);
            if (record.EventsTotal == 0) record.EventsTotal = generator.Events().LongCount();
            record.Seconds = secondsBefore + watch.Elapsed.TotalSeconds;
            await SaveAsync(storeId, record, ct);
            logger.LogInformation("Demo store: {Products:N0} products and {Customers:N0} customers imported into '{Store}'; sending {Events:N0} events",
                record.Products, record.Customers, storeId, record.EventsTotal);

            await TrackAsync(storeId, generator, record, watch, secondsBefore, ct);

            record.Status = DemoStoreLoadStatus.Completed;
            record.CompletedAt = clock.GetUtcNow();
            record.Seconds = secondsBefore + watch.Elapsed.TotalSeconds;
            await SaveAsync(storeId, record, ct);
            logger.LogInformation("Demo store loaded into '{Store}': {Products:N0} products, {Customers:N0} customers, {Accepted:N0} events stored "
                + "({Duplicates:N0} replays, {Rejected:N0} rejected) in {Seconds:N1} s",
                storeId, record.Products, record.Customers, record.EventsAccepted, record.EventsDuplicate, record.EventsRejected, record.Seconds);
            return record;
        }
        catch (Exception e)
        {
            // Saved without the caller's token: on shutdown the progress must still be written for the resume.
            record.Seconds = secondsBefore + watch.Elapsed.TotalSeconds;
            if (e is OperationCanceledException && ct.IsCancellationRequested) record.Status = DemoStoreLoadStatus.Loading;
            else (record.Status, record.Error) = (DemoStoreLoadStatus.Failed, e.Message);
            try { await SaveAsync(storeId, record, CancellationToken.None); }
            catch (Exception saveError) { logger.LogWarning(saveError, "Could not record the demo store load's progress in '{Store}'", storeId); }
            throw;
        }
    }

    private async Task TrackAsync(string storeId, DemoStoreGenerator generator, DemoStoreLoad record, Stopwatch watch, double secondsBefore, CancellationToken ct)
    {
        var resumedAt = record.EventsSent;
        if (resumedAt > 0) logger.LogInformation("Demo store: resuming '{Store}' after {Sent:N0} events", storeId, resumedAt);
        var lastLog = TimeSpan.Zero;
        var batches = 0;
        foreach (var batch in generator.Events().Skip((int)Math.Min(resumedAt, int.MaxValue)).Chunk(BatchSize))
        {
            var result = await ingest.TrackAsync(storeId, batch, ct);
            record.EventsSent += batch.Length;
            record.EventsAccepted += result.Accepted;
            record.EventsDuplicate += result.Duplicates;
            record.EventsRejected += result.Rejected;
            foreach (var error in result.Errors.Take(3))
                logger.LogWarning("Demo store: event {Id} rejected: {Message}", batch[error.Index].Id, error.Message);

            if (++batches % SaveEveryBatches == 0)
            {
                record.Seconds = secondsBefore + watch.Elapsed.TotalSeconds;
                await SaveAsync(storeId, record, ct);
            }
            if (watch.Elapsed - lastLog >= LogEvery)
            {
                lastLog = watch.Elapsed;
                var rate = (record.EventsSent - resumedAt) / Math.Max(watch.Elapsed.TotalSeconds, 0.001);
                logger.LogInformation("demo store: {Sent:N0}/{Total:N0} events ({Rate:N0}/s)", record.EventsSent, record.EventsTotal, rate);
            }
        }
    }

    private async Task<int> ImportAsync<T>(string kind, IEnumerable<T> items, Func<IReadOnlyList<T>, Task<ImportResult>> import, CancellationToken ct)
    {
        var imported = 0;
        foreach (var batch in items.Chunk(BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            var result = await import(batch);
            imported += result.Imported;
            // The generator only produces valid data; a rejection means it and the platform's rules disagree.
            if (result.Rejected > 0)
                throw new InvalidOperationException($"Demo {kind} rejected by the platform: {result.Errors[0].Message} (and {result.Rejected - 1} more).");
        }
        return imported;
    }

    private async Task SaveAsync(string storeId, DemoStoreLoad record, CancellationToken ct)
    {
        await using var session = sessions.Write(storeId);
        session.Store(record);
        await session.SaveChangesAsync(ct);
    }

    // Options compare by value; serializing covers every knob, including ones added later.
    private static bool SameOptions(DemoStoreOptions a, DemoStoreOptions b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);
}

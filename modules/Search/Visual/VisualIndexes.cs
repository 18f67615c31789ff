using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Catalog;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Search.Visual;

/// <summary>
/// A product's image descriptor, stored beside the product (one document per product, per store tenant) so a
/// restart loads it instead of downloading the image again. Recomputed when the image URL or the descriptor changes.
/// </summary>
public sealed class SearchImageVector
{
    /// <summary>The product id.</summary>
    public string Id { get; set; } = "";
    /// <summary>The image URL it was computed from.</summary>
    public string ImageUrl { get; set; } = "";
    /// <summary>The descriptor (<see cref="ImageDescriptor.ModelId"/>).</summary>
    public string Model { get; set; } = "";
    /// <summary>The vector, float32 little-endian; empty when the image could not be used.</summary>
    public byte[] Vector { get; set; } = [];
    /// <summary>Why the image could not be used, if so.</summary>
    public string? Error { get; set; }
    /// <summary>When it was computed.</summary>
    public DateTimeOffset ComputedAt { get; set; }
}

/// <summary>
/// Every store's visual gallery. Catalog imports queue the products whose image URL is new or changed; background
/// workers fetch each image, describe it (<see cref="ImageDescriptor"/>), store the vector and add it to the gallery,
/// so an import never waits for image downloads. A gallery is loaded from the stored vectors on first use, and
/// products with an image but no vector are queued then (and by the rebuild job).
/// </summary>
public sealed class VisualIndexes(IServiceProvider services, StoreSessions sessions, ProductImageFetcher fetcher, TimeProvider clock, ILogger<VisualIndexes> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<VisualGallery>>> _galleries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Store, string Product), string> _pending = new();
    private readonly Channel<(string Store, string Product, string Url)> _queue = Channel.CreateUnbounded<(string, string, string)>();

    /// <summary>The store's gallery, loaded on first use.</summary>
    public async Task<VisualGallery> GetAsync(string storeId, CancellationToken ct)
    {
        var lazy = _galleries.GetOrAdd(storeId, id => new Lazy<Task<VisualGallery>>(() => LoadAsync(id, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(ct);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _galleries.TryRemove(new KeyValuePair<string, Lazy<Task<VisualGallery>>>(storeId, lazy));
            throw;
        }
    }

    /// <summary>Images of the store still waiting to be fetched and described.</summary>
    public int Pending(string storeId) => _pending.Keys.Count(k => k.Store == storeId);

    /// <summary>Waits until the store's queued images are described (benches, tests, the rebuild job).</summary>
    public async Task DrainAsync(string storeId, TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (Pending(storeId) > 0 && DateTime.UtcNow < until) await Task.Delay(25, ct);
    }

    /// <summary>Queues changed products' images; forgets products whose image was removed.</summary>
    public async Task ApplyAsync(string storeId, IReadOnlyList<Product> changed, CancellationToken ct)
    {
        var gallery = await GetAsync(storeId, ct);
        var removed = new List<string>();
        foreach (var product in changed)
        {
            if (string.IsNullOrWhiteSpace(product.ImageUrl))
            {
                if (gallery.Remove(product.Id)) removed.Add(product.Id);
                continue;
            }
            if (gallery.UrlOf(product.Id) != product.ImageUrl) Enqueue(storeId, product.Id, product.ImageUrl);
        }
        if (removed.Count > 0)
        {
            await using var session = sessions.Write(storeId);
            foreach (var id in removed) session.Delete<SearchImageVector>(id);
            await session.SaveChangesAsync(ct);
        }
    }

    /// <summary>Queues every product whose image has no usable vector (retrying failed ones); returns how many.</summary>
    public async Task<int> BackfillAsync(string storeId, bool retryFailed, CancellationToken ct)
    {
        var gallery = await GetAsync(storeId, ct);
        var queued = 0;
        await foreach (var p in services.GetRequiredService<ProductCatalog>().AllAsync(storeId, ct))
        {
            if (string.IsNullOrWhiteSpace(p.ImageUrl)) continue;
            var known = gallery.UrlOf(p.Id) == p.ImageUrl;
            if (known && (!retryFailed || gallery.VectorOf(p.Id) is not null)) continue;
            if (Enqueue(storeId, p.Id, p.ImageUrl)) queued++;
        }
        return queued;
    }

    private bool Enqueue(string storeId, string productId, string url)
    {
        if (_pending.TryGetValue((storeId, productId), out var waiting) && waiting == url) return false;
        _pending[(storeId, productId)] = url;
        return _queue.Writer.TryWrite((storeId, productId, url));
    }

    private async Task<VisualGallery> LoadAsync(string storeId, CancellationToken ct)
    {
        var gallery = new VisualGallery();
        await using var session = sessions.Read(storeId);
        foreach (var stored in await session.Query<SearchImageVector>().Where(v => v.Model == ImageDescriptor.ModelId).ToListAsync(ct))
            gallery.Set(stored.Id, stored.ImageUrl, stored.Vector.Length == 0 ? null : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(stored.Vector).ToArray());
        _ = Task.Run(async () =>
        {
            // Products imported before the module was enabled (or before a descriptor change) get their vectors now.
            try { await BackfillAsync(storeId, retryFailed: false, CancellationToken.None); }
            catch (Exception e) { logger.LogWarning(e, "Visual backfill of store {Store} failed", storeId); }
        }, CancellationToken.None);
        return gallery;
    }

    /// <summary>Describes queued images until the host stops (run by <see cref="VisualIndexWorker"/>).</summary>
    internal async Task WorkAsync(CancellationToken stopping)
    {
        await foreach (var (store, product, url) in _queue.Reader.ReadAllAsync(stopping))
        {
            if (!_pending.TryGetValue((store, product), out var latest) || latest != url) continue; // superseded by a newer URL
            try
            {
                float[]? vector = null;
                string? error = null;
                try
                {
                    var bytes = await fetcher.FetchProductImageAsync(url, stopping);
                    vector = ImageDescriptor.Compute(bytes);
                }
                catch (UnusableImageException e)
                {
                    error = e.Message;
                }
                var gallery = await GetAsync(store, stopping);
                gallery.Set(product, url, vector);
                await using var session = sessions.Write(store);
                session.Store(new SearchImageVector
                {
                    Id = product, ImageUrl = url, Model = ImageDescriptor.ModelId, Error = error, ComputedAt = clock.GetUtcNow(),
                    Vector = vector is null ? [] : System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(),
                });
                await session.SaveChangesAsync(stopping);
                if (error is not null) logger.LogInformation("Image of product {Product} in store {Store} not usable: {Error}", product, store, error);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Describing the image of product {Product} in store {Store} failed", product, store);
            }
            finally
            {
                _pending.TryRemove(new KeyValuePair<(string, string), string>((store, product), url));
            }
        }
    }
}

/// <summary>Runs the image workers.</summary>
public sealed class VisualIndexWorker(VisualIndexes indexes, IOptions<SearchOptions> options) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.ImageWorkers)).Select(_ => Task.Run(() => indexes.WorkAsync(stoppingToken), stoppingToken)));
}

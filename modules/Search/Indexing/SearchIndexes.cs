using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Marten;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Catalog;
using RetailCommerce.Modules.Search.Merchandising;
using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Semantic;
using RetailCommerce.Modules.Search.Text;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;
using Weasel.Core;

namespace RetailCommerce.Modules.Search.Indexing;

/// <summary>One store's live index and what it was built with.</summary>
public sealed class StoreSearchIndex(ProductSearchIndex index, string modelId, SearchSettings settings, IndexBuildReport report)
{
    /// <summary>The in-memory engine.</summary>
    public ProductSearchIndex Index { get; } = index;

    /// <summary>Model the product vectors belong to ("none" when the store is too small for semantic search).</summary>
    public string ModelId { get; } = modelId;

    /// <summary>Synonyms, facetable attributes and rules in force (replaced as a whole when the merchant saves).</summary>
    public SearchSettings Settings { get; set; } = settings;

    /// <summary>How the index was built.</summary>
    public IndexBuildReport Report { get; } = report;
}

/// <summary>What a (re)build did.</summary>
public sealed record IndexBuildReport(int Products, int Embedded, int ReusedVectors, bool Retrained, string ModelId, TimeSpan Elapsed, DateTimeOffset BuiltAt);

/// <summary>
/// Every store's search index, in memory. An index is built from the catalog on first use (loading the stored
/// embedding model and product vectors, so a restart computes only what changed), kept current by catalog
/// imports, and rebuilt with a freshly trained model by the <c>search.rebuild-index</c> job.
/// </summary>
public sealed class SearchIndexes(IServiceProvider services, StoreSessions sessions, IOptions<SearchOptions> options, TimeProvider clock,
    ILogger<SearchIndexes> logger, IEmbeddingGenerator<string, Embedding<float>>? endpointGenerator = null)
{
    /// <summary>Below this many products every import retrains the model: it costs milliseconds and a tiny model trained on a few products is a poor guide for new words.</summary>
    public const int RetrainEveryImportBelow = 200;

    /// <summary>Words per stored model part (2,000 × 256 floats ≈ 2 MB).</summary>
    private const int WordsPerPart = 2_000;

    private readonly ConcurrentDictionary<string, Lazy<Task<StoreSearchIndex>>> _stores = new(StringComparer.Ordinal);

    // Read once for every store: the file is large (GloVe 100-d is ~300 MB of JSON) and the same for all of them.
    private readonly Lazy<WordVectors?> _wordVectors = new(() => LoadWordVectors(options.Value.WordVectorsPath, logger));
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writers = new(StringComparer.Ordinal);

    /// <summary>The store's index, built on first use.</summary>
    public async Task<StoreSearchIndex> GetAsync(string storeId, CancellationToken ct)
    {
        var lazy = _stores.GetOrAdd(storeId, id => new Lazy<Task<StoreSearchIndex>>(() => BuildAsync(id, retrain: false, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(ct);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _stores.TryRemove(new KeyValuePair<string, Lazy<Task<StoreSearchIndex>>>(storeId, lazy)); // next call tries again
            throw;
        }
    }

    /// <summary>The store's index when it has been built (or is being built), else null.</summary>
    public async Task<StoreSearchIndex?> IfBuiltAsync(string storeId, CancellationToken ct)
    {
        if (!_stores.TryGetValue(storeId, out var lazy)) return null;
        try { return await lazy.Value.WaitAsync(ct); }
        catch (Exception e) when (e is not OperationCanceledException) { return null; }
    }

    /// <summary>Builds a new index (training a new embedding model when <paramref name="retrain"/>) and swaps it in; searches keep using the old one meanwhile.</summary>
    public async Task<IndexBuildReport> RebuildAsync(string storeId, bool retrain, CancellationToken ct)
    {
        var writer = _writers.GetOrAdd(storeId, _ => new SemaphoreSlim(1, 1));
        await writer.WaitAsync(ct);
        try
        {
            var startedAt = clock.GetUtcNow();
            var fresh = await BuildAsync(storeId, retrain, ct);
            _stores[storeId] = new Lazy<Task<StoreSearchIndex>>(Task.FromResult(fresh));
            // Products imported while the build read the catalog went to the old index; replay them into the new one.
            await using var session = sessions.Read(storeId);
            var late = await session.Query<Product>().Where(p => p.UpdatedAt >= startedAt).ToListAsync(ct);
            if (late.Count > 0) await UpsertAsync(storeId, fresh, late, ct);
            return fresh.Report;
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>Applies imported products to the store's index (when it exists; otherwise the first search reads them from the catalog).</summary>
    public async Task ApplyAsync(string storeId, IReadOnlyList<Product> changed, CancellationToken ct)
    {
        var current = await IfBuiltAsync(storeId, ct);
        if (current is null) return;
        if (current.Index.Count + changed.Count < RetrainEveryImportBelow)
        {
            await RebuildAsync(storeId, retrain: true, ct);
            return;
        }
        var writer = _writers.GetOrAdd(storeId, _ => new SemaphoreSlim(1, 1));
        await writer.WaitAsync(ct);
        try
        {
            await UpsertAsync(storeId, (await IfBuiltAsync(storeId, ct))!, changed, ct);
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>Stores new settings and applies them to the live index.</summary>
    public async Task SaveSettingsAsync(string storeId, SearchSettings settings, CancellationToken ct)
    {
        var synonyms = SearchSettings.ParseSynonyms(settings.Synonyms);
        foreach (var rule in settings.Rules) SearchSettings.Validate(rule);
        settings.Id = SearchSettings.DocumentId;
        await using (var session = sessions.Write(storeId))
        {
            session.Store(settings);
            await session.SaveChangesAsync(ct);
        }
        if (await IfBuiltAsync(storeId, ct) is { } live)
        {
            live.Index.Synonyms = synonyms;
            live.Settings = settings;
        }
    }

    /// <summary>The stored settings (defaults when none were saved).</summary>
    public async Task<SearchSettings> SettingsAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<SearchSettings>(SearchSettings.DocumentId, ct) ?? new SearchSettings();
    }

    private async Task UpsertAsync(string storeId, StoreSearchIndex target, IReadOnlyList<Product> changed, CancellationToken ct)
    {
        foreach (var product in changed)
        {
            // Popularity is refreshed by rebuilds; an import keeps the product's current figure.
            var popularity = target.Index.Get(product.Id)?.Popularity ?? 0;
            await target.Index.UpsertAsync(CatalogProducts.ToSearchable(product, popularity), ct);
        }
        if (target.Index.VectorCache is { } cache) await SaveVectorsAsync(storeId, cache, ct);
    }

    private async Task<StoreSearchIndex> BuildAsync(string storeId, bool retrain, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var products = new List<Product>();
        // Resolved on use: the catalog notifies its observers (us), so taking it in the constructor would be a cycle.
        var catalog = services.GetRequiredService<ProductCatalog>();
        await foreach (var p in catalog.AllAsync(storeId, ct)) products.Add(p);

        SearchSettings settings;
        Dictionary<string, double> popularity;
        await using (var session = sessions.Read(storeId))
        {
            settings = await session.LoadAsync<SearchSettings>(SearchSettings.DocumentId, ct) ?? new SearchSettings();
            popularity = await PopularityAsync(session, ct);
        }
        var searchables = products.Select(p => CatalogProducts.ToSearchable(p, popularity.GetValueOrDefault(p.Id))).ToList();

        IEmbeddingGenerator<string, Embedding<float>>? generator = null;
        var modelId = "none";
        var retrained = false;
        if (endpointGenerator is not null)
        {
            generator = endpointGenerator;
            modelId = "endpoint:" + (endpointGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "default");
        }
        else if (searchables.Count >= 2)
        {
            var loaded = retrain ? null : await LoadModelAsync(storeId, ct);
            if (loaded is null)
            {
                var model = CatalogEmbeddingTrainer.Train(searchables);
                loaded = (model, await SaveModelAsync(storeId, model, searchables.Count, ct));
                retrained = true;
            }
            generator = new CatalogEmbeddingGenerator(loaded.Value.Model);
            modelId = "catalog@" + loaded.Value.Version;
        }

        var cache = new ProductVectorCache(modelId);
        if (generator is not null)
        {
            await using var session = sessions.Read(storeId);
            foreach (var stored in await session.Query<SearchProductVector>().Where(v => v.Model == modelId).ToListAsync(ct))
                cache.Seed(stored.Id, stored.TextHash, stored.Floats());
        }

        ProductSearchIndex index;
        try
        {
            index = await ProductSearchIndex.BuildAsync(searchables, IndexOptions(settings, generator, cache, _wordVectors.Value), ct);
        }
        catch (HttpRequestException e) when (endpointGenerator is not null)
        {
            // The configured embedding service is down: serve words-only search rather than nothing.
            logger.LogWarning(e, "Embedding endpoint failed while indexing store {Store}; building a lexical-only index", storeId);
            index = await ProductSearchIndex.BuildAsync(searchables, IndexOptions(settings, null, cache, _wordVectors.Value), ct);
            modelId = "none";
        }
        try
        {
            // The learned ranker survives restarts and rebuilds; a model that cannot be read is ignored, not fatal.
            await using var session = sessions.Read(storeId);
            index.Ranker = await Ranking.Learned.SearchRankerTraining.LoadAsync(session, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Stored search ranker of store {Store} could not be loaded; using score fusion", storeId);
        }
        var embedded = await SaveVectorsAsync(storeId, cache, ct);
        var report = new IndexBuildReport(searchables.Count, embedded, cache.Hits, retrained, modelId, watch.Elapsed, clock.GetUtcNow());
        logger.LogInformation("Search index for {Store}: {Products} products in {Seconds:F1}s ({Embedded} embedded, {Reused} reused, model {Model})",
            storeId, report.Products, watch.Elapsed.TotalSeconds, embedded, cache.Hits, modelId);
        return new StoreSearchIndex(index, modelId, settings, report);
    }

    private static SearchIndexOptions IndexOptions(SearchSettings settings, IEmbeddingGenerator<string, Embedding<float>>? generator, ProductVectorCache cache,
        WordVectors? wordVectors) => new()
    {
        WordVectors = wordVectors,
        EmbeddingGenerator = generator,
        DisableSemantic = generator is null,
        VectorCache = generator is null ? null : cache,
        Synonyms = SearchSettings.ParseSynonyms(settings.Synonyms),
    };

    /// <summary>The configured pretrained word vectors; a missing or unreadable file leaves search without them (logged), never down.</summary>
    private static WordVectors? LoadWordVectors(string? path, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        try
        {
            var watch = Stopwatch.StartNew();
            var vectors = WordVectors.Load(path);
            logger.LogInformation("Word vectors: {Words} words of {Dimensions} dimensions from {Path} in {Seconds:F1}s", vectors.Count, vectors.Dimensions, path, watch.Elapsed.TotalSeconds);
            return vectors;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or FormatException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Word vectors at {Path} could not be read; searching without them", path);
            return null;
        }
    }

    /// <summary>Product popularity over the last days before the store clock: purchases weigh most, then carts, clicks and views.</summary>
    private async Task<Dictionary<string, double>> PopularityAsync(IQuerySession session, CancellationToken ct)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (await session.LatestEventAtAsync(ct) is not { } latest) return result;
        var from = DateOnly.FromDateTime(latest.UtcDateTime).AddDays(-options.Value.PopularityDays);
        var rows = await session.Query<ProductDailyStats>().Where(s => s.Day >= from).ToListAsync(ct);
        foreach (var s in rows)
            result[s.ProductId] = result.GetValueOrDefault(s.ProductId) + 5.0 * s.Purchases + 2.0 * s.AddToCarts + s.Clicks + 0.2 * s.Views;
        return result;
    }

    /// <summary>Writes vectors the index computed since the last call; returns how many.</summary>
    private async Task<int> SaveVectorsAsync(string storeId, ProductVectorCache cache, CancellationToken ct)
    {
        var fresh = cache.TakeFresh();
        if (fresh.Count == 0) return 0;
        var docs = fresh.GroupBy(f => f.ProductId).Select(g => g.Last())
            .Select(f => new SearchProductVector { Id = f.ProductId, Model = cache.ModelId, TextHash = f.TextHash, Vector = SearchProductVector.Pack(f.Vector) })
            .ToList();
        if (docs.Count > 100)
        {
            await sessions.Store.BulkInsertAsync(storeId, docs, BulkInsertMode.OverwriteExisting, 1_000, ct);
        }
        else
        {
            await using var session = sessions.Write(storeId);
            session.Store(docs.ToArray());
            await session.SaveChangesAsync(ct);
        }
        return docs.Count;
    }

    private async Task<(CatalogEmbeddingModel Model, string Version)?> LoadModelAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var head = await session.LoadAsync<SearchEmbeddingModel>(SearchEmbeddingModel.DocumentId, ct);
        if (head is null) return null;
        var ids = Enumerable.Range(0, head.Parts).Select(i => SearchEmbeddingModel.PartId(head.Version, i)).ToArray();
        var parts = (await session.LoadManyAsync<SearchEmbeddingModelPart>(ct, ids)).ToDictionary(p => p.Id);
        if (parts.Count != head.Parts) return null; // half-written model: train again
        var words = new List<string>(head.Words);
        var vectors = new float[head.Words * head.Dimensions];
        var idf = new List<float>(head.Words);
        var offset = 0;
        foreach (var id in ids)
        {
            var part = parts[id];
            words.AddRange(part.Words);
            idf.AddRange(part.Idf);
            var floats = MemoryMarshal.Cast<byte, float>(part.Vectors);
            floats.CopyTo(vectors.AsSpan(offset));
            offset += floats.Length;
        }
        var state = new CatalogEmbeddingModelState(words.ToArray(), vectors, idf.ToArray(), head.Dimensions, head.Method, head.NGramBuckets, head.KnownWordNGramShare);
        return (CatalogEmbeddingModel.Import(state), head.Version);
    }

    private async Task<string> SaveModelAsync(string storeId, CatalogEmbeddingModel model, int products, CancellationToken ct)
    {
        var state = model.Export();
        var version = clock.GetUtcNow().ToString("yyyyMMddHHmmss") + "-" + Guid.NewGuid().ToString("N")[..6];
        var parts = new List<SearchEmbeddingModelPart>();
        for (var start = 0; start < state.Words.Length || parts.Count == 0; start += WordsPerPart)
        {
            var count = Math.Min(WordsPerPart, state.Words.Length - start);
            parts.Add(new SearchEmbeddingModelPart
            {
                Id = SearchEmbeddingModel.PartId(version, parts.Count),
                Words = state.Words[start..(start + count)],
                Idf = state.Idf[start..(start + count)],
                Vectors = MemoryMarshal.AsBytes(state.Vectors.AsSpan(start * state.Dimensions, count * state.Dimensions)).ToArray(),
            });
            if (count <= 0) break;
        }
        await using var session = sessions.Write(storeId);
        session.DeleteWhere<SearchEmbeddingModelPart>(p => p.Id != null); // older versions: the new head points only at the new parts
        session.Store(parts.ToArray());
        session.Store(new SearchEmbeddingModel
        {
            Version = version, Method = state.Method, Dimensions = state.Dimensions, Words = state.Words.Length, Parts = parts.Count,
            NGramBuckets = state.NGramBuckets, KnownWordNGramShare = state.KnownWordNGramShare, TrainedOnProducts = products, TrainedAt = clock.GetUtcNow(),
        });
        await session.SaveChangesAsync(ct);
        return version;
    }
}

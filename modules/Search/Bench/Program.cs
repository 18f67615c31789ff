using System.Diagnostics;
using System.Globalization;
using RetailCommerce.Modules.Search;
using RetailCommerce.Modules.Search.Bench;
using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Semantic;

// Relevance bench. Prints name=value lines per dataset (see docs/search-relevance.md).
// Usage: dotnet run -c Release --project modules/Search/Bench -- [crowdflower|home-depot|wands|all] [options]
//   --queries N                 only the first N dev queries
//   --method ppmi|lsa|combined  embedding training (default combined)   --dims N   --ngram-buckets N   --ngram-share S
//   --fusion weighted|rrf  --lexical-share S  --feedback N  --feedback-weight W  --rrf-k K  --semantic-weight W  --lexical-weight W
//   --ranking bm25|allwords  --phrase W  --typo on|off  --collapse on|off  --desc-weight W  --center on|off
//   --grid                      fusion settings sweep on one index (tuning aid)
//   --show "query"              top results per system with their gains (error analysis)
//   --dump FILE                 per-query ndcg@10 per system as TSV
//   module DATASET [--queries N]  the same evaluation through the real module path (host, catalog import, ProductSearchService)
//   ranker DATASET [--queries N] [--folds K] [--no-click-memory]  learned LightGBM LambdaRank hybrid, K-fold over the dev queries (default 2:
//                               trained on one half, reported on the other; --folds 5 trains on 80%); env SEARCH_BENCH_DROP / SEARCH_BENCH_GRID: variants
//     [--holdout QUERIES LABELS]  the README's holdout half (files in the dev files' format): trained on all dev queries, reported on those
//   ranker-lab DATASET [--queries N] [--folds K]  quick variant check of the learned ranker (one fixed setting; env SEARCH_LAB_OPTIONS,
//                               SEARCH_LAB_BLEND, SEARCH_BENCH_DROP); for comparing variants before the full ranker bench, not for reporting
//   visual [module] [--folder PATH] [--weights c,t,s]   visual search on grocery-store-images (descriptor only, or through the module)
//   load [--products N] [--clients C] [--seconds S] [--float-scan] [--learned]   load run on Home Depot products through the module (defaults 40000, 20, 20)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length > 0 && args[0] == "module")
{
    int? limit = null;
    for (var i = 2; i < args.Length; i++) if (args[i] == "--queries") limit = int.Parse(args[++i]);
    var set = EvaluationDataset.Load(ResolveName(args[1]), out var why);
    if (set is null) { Console.WriteLine($"{ShortName(ResolveName(args[1]))}.skipped={why}"); return; }
    await ModuleBench.RelevanceAsync(set, limit);
    return;
}
if (args.Length > 0 && args[0] is "ranker" or "ranker-lab")
{
    // ranker DATASET [--queries N] [--folds K] [--holdout Q L]: learned LambdaRank hybrid vs lexical on held-out queries, module path;
    // ranker-lab DATASET [--queries N] [--folds K]: a quick variant check (one fixed setting, candidates scored directly)
    int? limit = null;
    var folds = 2;
    var clickMemory = true;
    int[]? depth = null;
    (string Queries, string Labels)? holdout = null;
    for (var i = 2; i < args.Length; i++)
    {
        if (args[i] == "--queries") limit = int.Parse(args[++i]);
        if (args[i] == "--folds") folds = int.Parse(args[++i]);
        if (args[i] == "--no-click-memory") clickMemory = false; // ablation: the second revision's ranker
        if (args[i] == "--depth") depth = args[++i].Split(',').Select(int.Parse).ToArray(); // learned-path candidate depth: lexical,semantic
        if (args[i] == "--holdout") holdout = (args[++i], args[++i]); // the README's holdout half: queries file, labels file
    }
    var set = EvaluationDataset.Load(ResolveName(args[1]), out var why);
    if (set is null) { Console.WriteLine($"{ShortName(ResolveName(args[1]))}.skipped={why}"); return; }
    if (args[0] == "ranker-lab")
    {
        await RankerLab.RunAsync(set, limit, folds);
        return;
    }
    if (holdout is { } files) set = set.WithHoldout(files.Queries, files.Labels);
    await RankerBench.RunAsync(set, limit, folds, clickMemory,
        depth is null ? null : new HybridOptions { LearnedLexicalCandidates = depth[0], LearnedSemanticCandidates = depth[1] });
    return;
}
if (args.Length > 0 && args[0] == "visual")
{
    // visual [module] [--folder PATH] [--weights colour,texture,shape]
    string? folder = null;
    (float, float, float)? weights = null;
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--folder") folder = args[++i];
        if (args[i] == "--weights") { var w = args[++i].Split(',').Select(float.Parse).ToArray(); weights = (w[0], w[1], w[2]); }
    }
    await VisualBench.RunAsync(folder, args.Contains("module"), weights);
    return;
}
if (args.Length > 0 && args[0] == "load")
{
    int products = 40_000, clients = 20, seconds = 20;
    if (args.Contains("--float-scan")) RetailCommerce.Modules.Search.Ranking.Semantic.VectorStore.QuantizedScan = false;
    for (var i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--products": products = int.Parse(args[++i]); break;
            case "--clients": clients = int.Parse(args[++i]); break;
            case "--seconds": seconds = int.Parse(args[++i]); break;
        }
    }
    var set = EvaluationDataset.Load("home-depot-search-relevance", out var why) ?? throw new InvalidOperationException(why);
    await ModuleBench.LoadAsync(set, products, clients, seconds, args.Contains("--learned"));
    return;
}

var datasets = new List<string>();
int? maxQueries = null;
var training = new CatalogEmbeddingOptions();
var hybrid = new HybridOptions();
var grid = false;
var center = false;
var descriptionWeight = new SearchIndexOptions().EmbeddingFieldWeights.Description;
var show = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--queries": maxQueries = int.Parse(args[++i]); break;
        case "--method": training = training with { Method = args[++i] switch { "lsa" => EmbeddingTrainingMethod.Lsa, "combined" => EmbeddingTrainingMethod.Combined, _ => EmbeddingTrainingMethod.CooccurrencePpmi } }; break;
        case "--ngram-buckets": training = training with { CharNGramBuckets = int.Parse(args[++i]) }; break;
        case "--ngram-share": training = training with { KnownWordNGramShare = float.Parse(args[++i]) }; break;
        case "--dims": training = training with { Dimensions = int.Parse(args[++i]) }; break;
        case "--semantic-weight": hybrid = hybrid with { SemanticWeight = double.Parse(args[++i]) }; break;
        case "--lexical-weight": hybrid = hybrid with { LexicalWeight = double.Parse(args[++i]) }; break;
        case "--feedback": hybrid = hybrid with { FeedbackProducts = int.Parse(args[++i]) }; break;
        case "--feedback-weight": hybrid = hybrid with { FeedbackWeight = float.Parse(args[++i]) }; break;
        case "--fusion": hybrid = hybrid with { Fusion = args[++i] == "rrf" ? FusionMethod.ReciprocalRank : FusionMethod.Weighted }; break;
        case "--lexical-share": hybrid = hybrid with { LexicalShare = double.Parse(args[++i]) }; break;
        case "--rrf-k": hybrid = hybrid with { RrfK = int.Parse(args[++i]) }; break;
        case "--ranking": RelevanceBenchmark.EngineRanking = args[++i] == "bm25" ? LexicalRanking.Bm25 : LexicalRanking.AllWordsFirst; break;
        case "--dump":
            var writer = new StreamWriter(args[++i]) { AutoFlush = true };
            RelevanceBenchmark.PerQuery = (system, query, ndcg, result) =>
                writer.WriteLine($"{system}\t{query}\t{ndcg:F4}\t{result.Fallback}\t{string.Join(",", result.DroppedWords)}\t{result.CorrectedQuery}");
            break;
        case "--grid": grid = true; break;
        case "--collapse": RelevanceBenchmark.Collapse = args[++i] == "on"; break;
        case "--desc-weight": descriptionWeight = float.Parse(args[++i]); break;
        case "--center": center = args[++i] == "on"; break;
        case "--phrase": RelevanceBenchmark.EngineMatching = (RelevanceBenchmark.EngineMatching ?? new LexicalMatching()) with { PhraseWeight = float.Parse(args[++i]) }; break;
        case "--compounds": RelevanceBenchmark.EngineMatching = (RelevanceBenchmark.EngineMatching ?? new LexicalMatching()) with { Compounds = args[++i] == "on" }; break;
        case "--typo": RelevanceBenchmark.EngineMatching = (RelevanceBenchmark.EngineMatching ?? new LexicalMatching()) with { TypoTolerance = args[++i] == "on" }; break;
        case "--show": show.Add(args[++i]); break;
        case "all": datasets.AddRange(EvaluationDataset.Known); break;
        default: datasets.Add(ResolveName(args[i])); break;
    }
}
if (datasets.Count == 0) datasets.AddRange(EvaluationDataset.Known);

foreach (var name in datasets)
{
    var dataset = EvaluationDataset.Load(name, out var missing);
    if (dataset is null)
    {
        Console.WriteLine($"{ShortName(name)}.skipped={missing}");
        continue;
    }

    var build = Stopwatch.StartNew();
    using var index = await RelevanceBenchmark.BuildIndexAsync(dataset, new SearchIndexOptions { EmbeddingTraining = training, Hybrid = hybrid, CenterEmbeddings = center, EmbeddingFieldWeights = (1.0f, 0.5f, descriptionWeight) });
    build.Stop();

    var prefix = dataset.Name;
    Console.WriteLine($"{prefix}.products={dataset.Products.Count}");
    Console.WriteLine($"{prefix}.index_build_seconds={build.Elapsed.TotalSeconds:F1}");
    Console.WriteLine($"{prefix}.gains={dataset.GainNote}");
    Console.WriteLine($"{prefix}.embedding={training.Method} dims={training.Dimensions}");

    if (show.Count > 0)
    {
        foreach (var q in show)
        {
            var qid = dataset.Queries.First(x => x.Text == q).Id;
            var gains = dataset.Gains[qid];
            Console.WriteLine($"## {q}  judged={gains.Count} best: {string.Join(" | ", gains.OrderByDescending(g => g.Value).Take(3).Select(g => dataset.Products.First(p => p.Id == g.Key).Title + "=" + g.Value))}");
            foreach (var system in RelevanceBenchmark.AllSystems)
            {
                var r = await index.SearchAsync(system.Request(q));
                Console.WriteLine($"  {system.Name} ({r.Fallback} {r.CorrectedQuery}):");
                foreach (var h in r.Hits.Take(6)) Console.WriteLine($"    {(gains.TryGetValue(h.Product.Id, out var g) ? g.ToString() : "-")} {h.Product.Title}");
            }
        }
        continue;
    }

    if (grid)
    {
        // Tuning aid: many fusion settings against one index (all on the same dev queries, so read with care).
        var configs = new List<(string Name, HybridOptions Options)>();
        foreach (var fusion in new[] { FusionMethod.ReciprocalRank, FusionMethod.Weighted })
        foreach (var feedback in new[] { 0, 5, 10, 20, 40 })
        foreach (var fw in new[] { 0.5f, 1f, 2f })
        foreach (var share in fusion != FusionMethod.ReciprocalRank ? new[] { 0.3, 0.5, 0.7 } : new[] { 0.0 })
        {
            if (feedback == 0 && fw != 1f) continue;
            configs.Add(($"{fusion}/fb{feedback}/w{fw}/share{share}", hybrid with { Fusion = fusion, FeedbackProducts = feedback, FeedbackWeight = fw, LexicalShare = share }));
        }
        foreach (var (configName, options) in configs)
        {
            var system = new EvaluatedSystem(configName, q => new SearchRequest(q) { Mode = SearchMode.Hybrid, Limit = RelevanceBenchmark.Depth, Hybrid = options, LexicalRanking = RelevanceBenchmark.EngineRanking });
            var m = (await RelevanceBenchmark.EvaluateAsync(dataset, index, [system], maxQueries))[0];
            Console.WriteLine($"{prefix}.grid.{configName}.ndcg@10={m.Ndcg10:F4} mrr={m.Mrr:F4}");
        }
        continue;
    }

    var metrics = await RelevanceBenchmark.EvaluateAsync(dataset, index, RelevanceBenchmark.AllSystems, maxQueries);
    Console.WriteLine($"{prefix}.queries={metrics[0].Queries}");
    foreach (var m in metrics)
    {
        Console.WriteLine($"{prefix}.{m.System}.ndcg@10={m.Ndcg10:F4}");
        Console.WriteLine($"{prefix}.{m.System}.mrr={m.Mrr:F4}");
        Console.WriteLine($"{prefix}.{m.System}.zero_result_rate={m.ZeroResultRate:F4}");
        Console.WriteLine($"{prefix}.{m.System}.judged@10={m.Judged10:F4}");
        Console.WriteLine($"{prefix}.{m.System}.latency_ms_p50={m.P50Ms:F2}");
        Console.WriteLine($"{prefix}.{m.System}.latency_ms_p95={m.P95Ms:F2}");
    }

    // Second protocol from the READMEs: rerank only each query's judged products (no unjudged-as-irrelevant noise).
    var rerank = await RelevanceBenchmark.EvaluateAsync(dataset, index, RelevanceBenchmark.AllSystems, maxQueries, judgedOnly: true);
    foreach (var m in rerank)
    {
        Console.WriteLine($"{prefix}.judged_rerank.{m.System}.ndcg@10={m.Ndcg10:F4}");
    }

    // Autocomplete latency: every query typed up to the middle of its last word.
    var prefixes = dataset.Queries.Select(q => q.Text.Trim()).Where(t => t.Length >= 2).Select(t => t[..Math.Max(2, t.Length - Math.Max(1, t.Split(' ')[^1].Length / 2))]).ToList();
    foreach (var p in prefixes.Take(50)) index.Autocomplete(p); // warm up
    var autoTimes = new List<double>(prefixes.Count);
    foreach (var p in prefixes)
    {
        var sw = Stopwatch.StartNew();
        index.Autocomplete(p);
        autoTimes.Add(sw.Elapsed.TotalMilliseconds);
    }
    autoTimes.Sort();
    Console.WriteLine($"{prefix}.autocomplete.latency_ms_p50={autoTimes[autoTimes.Count / 2]:F3}");
    Console.WriteLine($"{prefix}.autocomplete.latency_ms_p95={autoTimes[(int)(autoTimes.Count * 0.95)]:F3}");

    var lexical = metrics.First(m => m.System == "lexical");
    var hybridMetrics = metrics.First(m => m.System == "hybrid");
    Console.WriteLine($"{prefix}.hybrid_minus_lexical.ndcg@10={hybridMetrics.Ndcg10 - lexical.Ndcg10:F4}");
    Console.WriteLine($"{prefix}.published_bm25.ndcg@10={dataset.PublishedBm25 ?? "none cited by the README"}");
}

static string ResolveName(string arg) =>
    EvaluationDataset.Known.FirstOrDefault(k => k == arg || k.StartsWith(arg, StringComparison.OrdinalIgnoreCase))
    ?? throw new ArgumentException($"Unknown dataset '{arg}'. Known: {string.Join(", ", EvaluationDataset.Known)}");

static string ShortName(string name) => name.Split('-')[0];

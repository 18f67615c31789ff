using System.Diagnostics;
using RetailCommerce.Modules.Search.Querying;
using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Learned;

namespace RetailCommerce.Modules.Search.Bench;

/// <summary>
/// A fast variant check for the learned ranker (bench only): the same folds, candidates and features as
/// <see cref="RankerBench"/>, but one fixed training setting instead of the inner-CV selection, and the held-out queries
/// scored on their candidates directly (NDCG@10 against all of the query's judgments, unretrieved ones included) instead
/// of through the module path. A run takes minutes instead of a quarter of an hour, so a variant can be compared with
/// the baseline before the full bench confirms it. Its figures are for comparing variants, not for reporting.
/// Settings: SEARCH_LAB_OPTIONS="leaves/iterations/minPerLeaf" (default 8/200/50), SEARCH_LAB_BLEND (fusion blend,
/// default 1), SEARCH_BENCH_DROP (columns zeroed in training and scoring).
/// </summary>
public static class RankerLab
{
    public static async Task RunAsync(EvaluationDataset dataset, int? maxQueries, int folds)
    {
        var shop = await ModuleBench.StartAsync(dataset.Products);
        var live = await shop.Indexes.GetAsync(shop.StoreId, CancellationToken.None);
        var prefix = dataset.Name + ".lab";
        var queries = dataset.Queries.Where(q => dataset.Gains.TryGetValue(q.Id, out var g) && g.Values.Any(v => v > 0)).ToList();
        if (maxQueries is { } max) queries = queries.Take(max).ToList();
        var fold = RankerBench.Folds(queries, folds);
        Console.WriteLine($"{prefix}.grades={RankerBench.GradeNote(dataset)}");
        var setting = (Environment.GetEnvironmentVariable("SEARCH_LAB_OPTIONS") ?? "8/200/50").Split('/').Select(int.Parse).ToArray();
        var options = new SearchRankerOptions { Leaves = setting[0], Iterations = setting[1], MinExamplesPerLeaf = setting[2] };
        // SEARCH_LAB_EXTRA="lr=0.1;sigmoid=1;l2=1;ff=0.8;gains=exp": LightGBM knobs beside the tree shape.
        foreach (var pair in (Environment.GetEnvironmentVariable("SEARCH_LAB_EXTRA") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (pair.Split('=')[0], pair.Split('=')[1]);
            options = key switch
            {
                "lr" => options with { LearningRate = double.Parse(value) },
                "sigmoid" => options with { Sigmoid = double.Parse(value) },
                "l2" => options with { L2Regularization = double.Parse(value) },
                "ff" => options with { FeatureFraction = double.Parse(value) },
                "gains" => options with { ExponentialGains = value == "exp" },
                _ => throw new ArgumentException("Unknown SEARCH_LAB_EXTRA key " + key),
            };
        }
        Console.WriteLine($"{prefix}.options={options}");

        var blend = new SearchRankerBlend(double.Parse(Environment.GetEnvironmentVariable("SEARCH_LAB_BLEND") ?? "1"), 0, 0);
        var dropped = RankerBench.DroppedColumns().Select(d => d.Column).ToArray();
        Console.WriteLine($"{prefix}.setting=leaves{options.Leaves}_it{options.Iterations}_min{options.MinExamplesPerLeaf} blend={blend.Fusion} dropped={dropped.Length}");

        double learnedTotal = 0, fusionTotal = 0;
        var n = 0;
        for (var f = 0; f < folds; f++)
        {
            var train = queries.Where(q => fold[q.Id] != f).ToList();
            var test = queries.Where(q => fold[q.Id] == f).ToList();
            var sw = Stopwatch.StartNew();
            var clicks = RankerBench.PastSearches(dataset, live.Index, train);
            var pool = SearchClickMemory.Learn(clicks);
            async Task<List<SearchRankingExample>> Examples(IEnumerable<(string Id, string Text)> set)
            {
                var rows = await RankerBench.Examples(dataset, live.Index, set, pool);
                foreach (var e in rows) foreach (var column in dropped) e.Features[column] = 0;
                return rows;
            }
            var trainRows = await Examples(train);
            var testRows = await Examples(test);
            var featureSeconds = sw.Elapsed.TotalSeconds;
            sw.Restart();
            // SEARCH_LAB_NEIGHBOURS=off: the term associations do not borrow from searched words near an unsearched one.
            var vectors = Environment.GetEnvironmentVariable("SEARCH_LAB_NEIGHBOURS") == "off" ? null : live.Index.WordVectors;
            var ranker = SearchRanker.TrainWithAssociations(trainRows, options, clicks, vectors).WithBlend(blend);
            // SEARCH_LAB_ENSEMBLE="leaves/iterations/minPerLeaf": a second model whose score is averaged with the first.
            var second = Environment.GetEnvironmentVariable("SEARCH_LAB_ENSEMBLE") is { Length: > 0 } other
                ? SearchRanker.TrainWithAssociations(trainRows, options with
                {
                    Leaves = int.Parse(other.Split('/')[0]), Iterations = int.Parse(other.Split('/')[1]), MinExamplesPerLeaf = int.Parse(other.Split('/')[2]),
                }, clicks, vectors).WithBlend(blend)
                : null;
            double Score(float[] features) => second is null ? ranker.Score(features) : 0.5 * (ranker.Score(features) + second.Score(features));
            var trainSeconds = sw.Elapsed.TotalSeconds;
            // Held-out rows get the learned features from tables built on the training searches only, as serving does.
            var encoded = LearnedRankingFeatures.Encode(trainRows, testRows, clicks, vectors).Test;
            foreach (var e in encoded) foreach (var column in dropped) e.Features[column] = 0;
            double learned = 0, fusion = 0;
            foreach (var group in encoded.GroupBy(e => e.Query))
            {
                var gains = dataset.Gains[group.Key];
                learned += RelevanceBenchmark.Ndcg(group.OrderByDescending(e => Score(e.Features)).Select(e => e.ProductId).ToList(), gains, 10);
                fusion += RelevanceBenchmark.Ndcg(group.Where(e => !e.MemoryOnly).OrderByDescending(e => e.Features[SearchRankingFeatures.FusionScore]).Select(e => e.ProductId).ToList(), gains, 10);
            }
            Console.WriteLine($"{prefix}.fold{f}.learned.ndcg@10={learned / test.Count:F4} fusion={fusion / test.Count:F4} features_seconds={featureSeconds:F0} train_seconds={trainSeconds:F0}");
            learnedTotal += learned; fusionTotal += fusion; n += test.Count;
        }
        Console.WriteLine($"{prefix}.learned.ndcg@10={learnedTotal / n:F4}");
        Console.WriteLine($"{prefix}.fusion.ndcg@10={fusionTotal / n:F4}");
        await shop.Host.DisposeAsync();
        shop.Host.DeleteData();
    }
}

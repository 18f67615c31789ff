using System.Diagnostics;
using System.Globalization;
using RetailCommerce.Modules.Recommendations;
using RetailCommerce.Modules.Recommendations.Bench;
using RetailCommerce.Modules.Recommendations.Evaluation;

// Offline evaluation of the recommendation models on MovieLens 100K under a global temporal split.
//   dotnet run -c Release --project modules/Recommendations/Bench [-- --tuning] [--data DIR] [--holdout FILE]
// Default: the shared file is cut by the README's rule (last 20% of its time span held out).
// --tuning: the training part is cut again the same way; used to choose settings without touching the holdout.
// --holdout FILE: train on the whole shared file and score the official holdout file (same TSV format).

var argsList = args.ToList();
// Other modes: --demo-fbt (FREQUENTLY_BOUGHT_TOGETHER vs the demo store's planted pairs), --load (serving load run).
if (argsList.Contains("--demo-fbt"))
{
    ModuleBench.DemoBoughtTogether(3_000, 4_000, 12);
    return;
}
if (argsList.Contains("--http-load"))
{
    // The load run over HTTP against the real host (see HttpLoadRun).
    int Int(string name, int fallback) { var i = argsList.IndexOf(name); return i >= 0 && i + 1 < argsList.Count ? int.Parse(argsList[i + 1]) : fallback; }
    await HttpLoadRun.RunAsync(Int("--products", 10_000), Int("--customers", 100_000), Int("--clients", 50), Int("--seconds", 20), Int("--signed-in", 2_000),
        argsList.IndexOf("--active") is var a and >= 0 ? double.Parse(argsList[a + 1], System.Globalization.CultureInfo.InvariantCulture) : 0.5, Int("--warmup", 20),
        argsList.Contains("--ids-only"), argsList.Contains("--profile"));
    return;
}
if (argsList.Contains("--load"))
{
    int Int(string name, int fallback) { var i = argsList.IndexOf(name); return i >= 0 && i + 1 < argsList.Count ? int.Parse(argsList[i + 1]) : fallback; }
    LoadRun.Run(Int("--products", 10_000), Int("--customers", 100_000), Int("--clients", 50), Int("--seconds", 20), Int("--slices", 5), argsList.Contains("--gated"), argsList.Contains("--profile"),
        argsList.IndexOf("--fresh") is var f and >= 0 ? double.Parse(argsList[f + 1], System.Globalization.CultureInfo.InvariantCulture) : 0,
        argsList.Contains("--warmed"));
    return;
}
string? Arg(string name)
{
    var i = argsList.IndexOf(name);
    return i >= 0 && i + 1 < argsList.Count ? argsList[i + 1] : null;
}
var dataDir = Arg("--data") ?? MovieLens.DefaultDirectory();
var holdoutFile = Arg("--holdout");
var tuning = argsList.Contains("--tuning");
static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

var shared = MovieLens.LoadRatings(Path.Combine(dataDir, "ratings_shared.tsv"));
TemporalSplit split;
if (holdoutFile is not null)
{
    var holdout = MovieLens.LoadRatings(holdoutFile);
    split = new TemporalSplit(shared, holdout, holdout.Min(x => x.OccurredAt));
}
else
{
    split = TemporalSplit.ByTimeSpan(shared, 0.8);
    if (tuning) split = TemporalSplit.ByTimeSpan(split.Train, 0.8);
}
if (Environment.GetEnvironmentVariable("REC_TEST_DAYS") is { Length: > 0 } testDays)
{
    var (from, to) = testDays.Split('-') is [var a, var b] ? (double.Parse(a, CultureInfo.InvariantCulture), double.Parse(b, CultureInfo.InvariantCulture)) : (0, double.Parse(testDays, CultureInfo.InvariantCulture));
    split = split with { Test = [.. split.Test.Where(x => x.OccurredAt >= split.Cutoff.AddDays(from) && x.OccurredAt < split.Cutoff.AddDays(to))] };
}
Console.WriteLine($"split.mode={(holdoutFile is not null ? "official-holdout" : tuning ? "tuning" : "test")}");
Console.WriteLine($"split.cutoff={split.Cutoff.ToUnixTimeSeconds()} ({split.Cutoff:yyyy-MM-dd HH:mm:ss}Z)");
Console.WriteLine($"split.train_interactions={split.Train.Count}");
Console.WriteLine($"split.test_interactions={split.Test.Count}");

var warm = new OfflineEvaluator(split, warmOnly: true);
var everyone = new OfflineEvaluator(split, warmOnly: false);
Console.WriteLine($"split.test_users_warm={warm.Relevant.Count}");
Console.WriteLine($"split.test_users_all={everyone.Relevant.Count}");
Console.WriteLine($"split.catalog={warm.CatalogSize}");

var results = new Dictionary<string, EvaluationResult>();
void Report(string name, IRecommendationModel model, Func<string, IReadOnlyList<string>>? custom = null)
{
    var r = custom is null ? warm.Evaluate(name, model) : warm.Evaluate(name, custom);
    var a = custom is null ? everyone.Evaluate("all." + name, model) : everyone.Evaluate("all." + name, custom);
    results[name] = r;
    foreach (var line in r.Lines()) Console.WriteLine(line);
    Console.WriteLine($"all.{name}.ndcg@10={F(a.Ndcg10)}");
    Console.WriteLine($"all.{name}.hr@10={F(a.HitRate10)}");
    Console.WriteLine($"all.{name}.recall@20={F(a.Recall20)}");
    Console.WriteLine($"{name}.ms_per_query={(1000 * r.Seconds / Math.Max(1, r.Users)).ToString("0.00", CultureInfo.InvariantCulture)}");
}
T Timed<T>(string name, Func<T> train)
{
    var watch = Stopwatch.StartNew();
    var model = train();
    Console.WriteLine($"{name}.train_seconds={watch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}");
    return model;
}

var popularity = Timed("popularity", () => PopularityModel.Train(split.Train, BenchSettings.Popularity));
Report("popularity", popularity);
var allTime = PopularityModel.Train(split.Train, BenchSettings.Popularity with { HalfLife = null });
Report("popularity_alltime", allTime);

var cooc = Timed("cooccurrence", () => CoOccurrenceModel.Train(split.Train, BenchSettings.CoOccurrence));
Report("cooccurrence", new FallbackModel(cooc, popularity));

var knn = Timed("itemknn", () => ItemKnnModel.Train(split.Train, BenchSettings.ItemKnn));
Report("itemknn", new FallbackModel(knn, popularity));

var als = Timed("als", () => ImplicitAlsModel.Train(split.Train, BenchSettings.Als));
Report("als", new FallbackModel(als, popularity));

if (argsList.Contains("--ease-grid"))
{
    // Chooses EASE's λ and half-life (run with --tuning: settings are chosen on the tuning split only).
    foreach (var lambda in new[] { 5.0, 15, 30, 50, 100, 200, 400, 800 })
        foreach (var days in new double[] { 2, 3.5, 5, 7, 10, 30, 120, 0 })
        {
            var m = EaseModel.Train(split.Train, BenchSettings.Ease with { Lambda = lambda, HalfLife = days > 0 ? TimeSpan.FromDays(days) : null });
            Console.WriteLine($"ease_grid lambda={lambda} half_life={days} ndcg@10={F(warm.Evaluate("ease", new FallbackModel(m, popularity)).Ndcg10)}");
        }
    return;
}
var ease = Timed("ease", () => EaseModel.Train(split.Train, BenchSettings.Ease));
Report("ease", new FallbackModel(ease, popularity));

var facts = ProductFacts.From(MovieLens.Catalog(dataDir));
Console.WriteLine($"catalog.launch_dates={facts.LaunchDates} catalog.categories={facts.Categories}");
var ranker = Timed("ranker", () => BlendedRanker.Train(split.Train, BenchSettings.Ranker, facts));
var d = ranker.Diagnostics;
Console.WriteLine($"ranker.validation_customers={d.ValidationCustomers}");
Console.WriteLine($"ranker.validation_rows={d.TrainingRows}");
Console.WriteLine($"ranker.validation.lightgbm.ndcg@10={F(d.LightGbmNdcg10)}");
Console.WriteLine($"ranker.validation.linear.ndcg@10={F(d.LinearNdcg10)}");
Console.WriteLine($"ranker.linear_weights={string.Join(",", d.LinearWeights.Select(F))} (trending,itemknn,als,cooccurrence)");
foreach (var (w, v) in d.MixNdcg10) Console.WriteLine($"ranker.validation.mix_{F(w)}.ndcg@10={F(v)}");
Console.WriteLine($"ranker.judging={BenchSettings.Ranker.Judging} ranker.fitting={BenchSettings.Ranker.Fitting}");
foreach (var (m, v, _) in d.Combinations.Where(c => c.Mix.TrendingWeight > 0))
    Console.WriteLine($"ranker.validation.mix_{F(m.LightGbmWeight)}_trend_{F(m.TrendingWeight)}.ndcg@10={F(v)}");
foreach (var s in d.Slices)
    Console.WriteLine($"ranker.validation.slice_{s.Cut.ToString("0.00", CultureInfo.InvariantCulture)} customers={s.Customers} lightgbm={F(s.LightGbmNdcg10)} linear={F(s.LinearNdcg10)} chosen={F(s.ChosenNdcg10)}");
Console.WriteLine($"ranker.chosen={d.Chosen}");
Console.WriteLine($"ranker.mix_weight={F(d.MixWeight)}");
Console.WriteLine($"ranker.trending_weight={F(d.TrendingWeight)}");
JudgingBacktest.Print(d, BenchSettings.Ranker.ValidationCuts);
Console.WriteLine($"train.full_retrain_seconds={d.TrainingTime.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}");

IReadOnlyList<string> With(string customer, BlendMethod method) =>
    [.. ranker.Recommend(RecommendationQuery.ForCustomer(customer, 20), method).Select(p => p.ProductId)];
Report("ranker_lightgbm", ranker, c => With(c, BlendMethod.LightGbm));
Report("ranker_linear", ranker, c => With(c, BlendMethod.Linear));
if (d.Chosen == BlendMethod.Mixed) Report("ranker_mixed", ranker, c => With(c, BlendMethod.Mixed));
Report("ranker", ranker);

// A ceiling, not a model: popularity counted on the held-out period itself (leaving out the customer's own
// held-out interactions). No non-personal ranking can do better than knowing what everyone else did next.
var futurePopularity = split.Test.GroupBy(x => x.ProductId).ToDictionary(g => g.Key, g => g.Select(x => x.CustomerId).Distinct().Count());
var futureOwn = split.Test.GroupBy(x => x.CustomerId).ToDictionary(g => g.Key, g => g.Select(x => x.ProductId).ToHashSet());
var trainedOn = split.Train.GroupBy(x => x.CustomerId).ToDictionary(g => g.Key, g => g.Select(x => x.ProductId).ToHashSet());
Report("oracle_future_popularity", popularity, c => [.. futurePopularity
    .Select(kv => (kv.Key, Count: kv.Value - (futureOwn.TryGetValue(c, out var own) && own.Contains(kv.Key) ? 1 : 0)))
    .Where(x => !(trainedOn.TryGetValue(c, out var h) && h.Contains(x.Key)))
    .OrderByDescending(x => x.Count).ThenBy(x => x.Key, StringComparer.Ordinal)
    .Take(20).Select(x => x.Key)]);

// Business rules on top of the final ranker: at most 3 movies per primary genre (a shop's "category").
var genres = MovieLens.PrimaryGenres(dataDir);
string? GenreOf(string id) => genres.GetValueOrDefault(id);
Report("ranker_capped", ranker, c => [.. RecommendationRules.CapPerGroup(
    ranker.Recommend(RecommendationQuery.ForCustomer(c, 60)), GenreOf, 3, 20).Select(p => p.ProductId)]);

// The module's own path: ratings replayed as purchase events → RecommendationTrainer → RecommendationEngine (PERSONALIZED).
var module = ModuleBench.MovieLensThroughModule(split, warm, dataDir);
Console.WriteLine($"goal.module_ranker_vs_popularity_alltime_ndcg_ratio={F(module.Ndcg10 / results["popularity_alltime"].Ndcg10)}");
Console.WriteLine($"goal.module_ranker_vs_popularity_5d_ndcg_ratio={F(module.Ndcg10 / results["popularity"].Ndcg10)}");
Console.WriteLine($"goal.module_ranker_minus_itemknn_ndcg={F(module.Ndcg10 - results["itemknn"].Ndcg10)}");

// The goal is judged against the time-decayed popularity baseline with its tuned half-life (the stronger one);
// the ratio to classic all-time popularity is printed beside it.
Console.WriteLine($"goal.ranker_vs_popularity_ndcg_ratio={F(results["ranker"].Ndcg10 / results["popularity"].Ndcg10)}");
Console.WriteLine($"goal.ranker_vs_popularity_alltime_ndcg_ratio={F(results["ranker"].Ndcg10 / results["popularity_alltime"].Ndcg10)}");
Console.WriteLine($"goal.ranker_minus_itemknn_ndcg={F(results["ranker"].Ndcg10 - results["itemknn"].Ndcg10)}");

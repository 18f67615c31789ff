using System.Diagnostics;
using System.Globalization;
using RetailCommerce.Catalog;
using RetailCommerce.DemoStore;
using RetailCommerce.Modules.Recommendations.Evaluation;
using RetailCommerce.Modules.Recommendations.Freshness;
using RetailCommerce.Modules.Recommendations.Serving;
using RetailCommerce.Modules.Recommendations.Training;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Bench;

/// <summary>
/// The module's own path, in memory: events → <see cref="RecommendationTrainer"/> (the code the retrain job
/// runs after reading the store's events from Marten) → <see cref="RecommendationEngine"/> (the code the
/// GraphQL field runs after reading the shopper's stream).
/// </summary>
public static class ModuleBench
{
    static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A rating replayed as the event the store would have stored: a one-line purchase, one order per customer and day.</summary>
    public static ShopperEvent AsEvent(Interaction x) => ShopperEventFactory.Create("PURCHASE", new EventInput
    {
        Id = $"{x.CustomerId}-{x.ProductId}", CustomerId = x.CustomerId, ProductId = x.ProductId,
        OrderId = $"{x.CustomerId}|{x.OccurredAt.UtcDateTime:yyyyMMdd}", Quantity = 1,
    }, x.OccurredAt);

    /// <summary>Settings for MovieLens: the tuned half-lives, one interaction kind (so its weight is 1).</summary>
    public static TrainingSettings MovieLensSettings { get; } = new()
    {
        PurchaseWeight = 1, TrendingHalfLifeDays = 5, KnnHalfLifeDays = 7, KnnNeighbours = 50,
        AlsFactors = 16, AlsRegularization = 10, AlsAlpha = 3, HoldoutCheckMaxInteractions = 0, MinInteractionsForRanker = 0,
        EaseLambda = BenchSettings.Ease.Lambda, EaseHalfLifeDays = BenchSettings.Ease.HalfLife?.TotalDays ?? 0, LabelWindow = BenchSettings.Ranker.LabelWindow,
        LightGbmBags = BenchSettings.Ranker.LightGbmBags, CatalogFeatures = BenchSettings.Ranker.CatalogFeatures, BlendMixWeights = BenchSettings.Ranker.MixWeights,
        JudgeLatestSlices = BenchSettings.Ranker.Judging.LatestSlices, JudgeHalfLifeSlices = BenchSettings.Ranker.Judging.HalfLifeSlices,
        FitHalfLifeSlices = BenchSettings.Ranker.Fitting.HalfLifeSlices, BlendTrendingWeights = BenchSettings.Ranker.TrendingMixWeights,
        ValidationSlices = BenchSettings.Ranker.ValidationCuts.Count,
        RankerSeed = BenchSettings.Ranker.Seed,
    };

    /// <summary>No caps, no reshuffling, no exploration: the model's own order is what is measured.</summary>
    public static RecommendationSettings PlainSettings()
    {
        var s = new RecommendationSettings();
        foreach (var p in Enum.GetValues<Placement>())
            s.Placements[RecommendationSettings.Key(p)] = new PlacementSettings { MaxPerBrand = 0, MaxPerCategory = 0, DiversityLambda = 1, ExplorationSlot = false };
        return s;
    }

    public static EvaluationResult MovieLensThroughModule(TemporalSplit split, OfflineEvaluator warm, string dataDir)
    {
        var watch = Stopwatch.StartNew();
        var events = split.Train.Select(AsEvent).ToList();
        var interactions = RecommendationTrainer.Interactions(events, MovieLensSettings);
        // The catalog as a store would hold it: title, genre as the category, release date as the launch date.
        var titles = MovieLens.Catalog(dataDir);
        var trained = RecommendationTrainer.Train("bench", interactions, titles, MovieLensSettings);
        Console.WriteLine($"module.train_seconds={watch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"module.blend={trained.Metrics.Blend}");
        if (trained.Ranker?.Diagnostics is { } d)
            Console.WriteLine($"module.validation.lightgbm.ndcg@10={F(d.LightGbmNdcg10)} module.validation.linear.ndcg@10={F(d.LinearNdcg10)} module.validation.chosen.ndcg@10={F(d.Combinations.Select(c => c.Ndcg10).DefaultIfEmpty(double.NaN).Max())} module.mix_weight={F(d.MixWeight)} module.trending_weight={F(d.TrendingWeight)}");
        Console.WriteLine($"module.precomputed_shoppers={trained.Metrics.PrecomputedShoppers} module.precompute_seconds={trained.Metrics.PrecomputeSeconds.ToString("0.00", CultureInfo.InvariantCulture)}");
        var catalog = CatalogSnapshot.Of(titles, DateTimeOffset.UtcNow);
        var settings = PlainSettings();
        var byCustomer = events.GroupBy(e => e.CustomerId!).ToDictionary(g => g.Key, g => g.ToList());
        IReadOnlyList<string> Serve(string customer)
        {
            var shopper = new ShopperState(customer, byCustomer.GetValueOrDefault(customer) ?? []);
            var list = RecommendationEngine.Recommend(new RecommendationRequest { Placement = Placement.Personalized, CustomerId = customer, Count = 20 },
                new ServingInputs(trained, catalog, LiveSignals.Empty, settings, shopper), "bench");
            return [.. list.Items.Select(i => i.ProductId)];
        }
        var r = warm.Evaluate("module_ranker", Serve);
        foreach (var line in r.Lines()) Console.WriteLine(line);
        return r;
    }

    /// <summary>FREQUENTLY_BOUGHT_TOGETHER on the demo store's planted pairs.</summary>
    public static void DemoBoughtTogether(int products, int customers, int months)
    {
        var watch = Stopwatch.StartNew();
        var generator = new DemoStoreGenerator(new DemoStoreOptions { Products = products, Customers = customers, Months = months });
        var catalogProducts = generator.Products().Select((p, n) => new Product
        {
            Id = p.Id!, Title = p.Title ?? p.Id!, Brand = p.Brand, CategoryPath = [.. (p.Category ?? "").Split(" > ", StringSplitOptions.RemoveEmptyEntries)], Stock = 10,
        }).ToList();
        var events = generator.Events().Where(e => e.Type is "VIEW" or "CLICK" or "ADD_TO_CART" or "PURCHASE")
            .Select(e => ShopperEventFactory.Create(e.Type!, e, e.OccurredAt ?? DateTimeOffset.UnixEpoch)).ToList();
        Console.WriteLine($"demo.events={events.Count} demo.generate_seconds={watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}");
        var settings = new TrainingSettings { MinInteractionsForRanker = int.MaxValue, HoldoutCheckMaxInteractions = 0 };
        watch.Restart();
        var interactions = RecommendationTrainer.Interactions(events, settings);
        var trained = RecommendationTrainer.Train("demo", interactions, catalogProducts, settings);
        Console.WriteLine($"demo.train_seconds={watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}");
        var catalog = CatalogSnapshot.Of(catalogProducts, DateTimeOffset.UtcNow);
        var plain = PlainSettings();
        var partners = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var pair in generator.GroundTruth.BoughtTogether)
        {
            (partners.TryGetValue(pair.First, out var a) ? a : partners[pair.First] = []).Add(pair.Second);
            (partners.TryGetValue(pair.Second, out var b) ? b : partners[pair.Second] = []).Add(pair.First);
        }
        // Baseline beside the model: raw co-purchase counts (same orders, no NPMI), and the store's best sellers.
        var counts = CoOccurrenceModel.Train(interactions, new CoOccurrenceOptions { Kinds = new HashSet<InteractionKind> { InteractionKind.Purchase }, Scoring = PairScoring.Count, MinSupport = 1, UseBasketIds = true });
        var best = trained.Models.Popular.Recommend(new RecommendationQuery { Count = 6 }).Select(p => p.ProductId).ToList();
        double precision = 0, hits = 0, top1 = 0, basePrecision = 0, baseTop1 = 0, popPrecision = 0;
        foreach (var (anchor, truth) in partners)
        {
            var list = RecommendationEngine.Recommend(new RecommendationRequest { Placement = Placement.FrequentlyBoughtTogether, ProductId = anchor, Count = 5 },
                new ServingInputs(trained, catalog, LiveSignals.Empty, plain, ShopperState.Empty), "bench");
            var ids = list.Items.Select(i => i.ProductId).ToList();
            var found = ids.Count(truth.Contains);
            if (found == 0 && Environment.GetEnvironmentVariable("REC_DIAG") == "1")
            {
                var pairs = trained.BoughtTogether.PairsOf(anchor);
                string D(ProductPair p) => $"{p.ProductId}(s={p.Support},npmi={p.Npmi:0.00},lift={p.Lift:0.0})";
                var partner = pairs.FirstOrDefault(p => truth.Contains(p.ProductId));
                Console.WriteLine($"miss {anchor} partner={(partner.ProductId is null ? "absent" : D(partner))} served={string.Join(" ", ids.Select(i => pairs.FirstOrDefault(p => p.ProductId == i) is { ProductId: not null } q ? D(q) : i))} strategy={list.Strategy}");
            }
            precision += (double)found / Math.Min(5, truth.Count);
            hits += found > 0 ? 1 : 0;
            top1 += ids.Count > 0 && truth.Contains(ids[0]) ? 1 : 0;
            var baseIds = counts.PairsOf(anchor).Take(5).Select(p => p.ProductId).ToList();
            basePrecision += (double)baseIds.Count(truth.Contains) / Math.Min(5, truth.Count);
            baseTop1 += baseIds.Count > 0 && truth.Contains(baseIds[0]) ? 1 : 0;
            popPrecision += (double)best.Where(p => p != anchor).Take(5).Count(truth.Contains) / Math.Min(5, truth.Count);
        }
        var n = Math.Max(1, partners.Count);
        Console.WriteLine($"demo.planted_pairs={generator.GroundTruth.BoughtTogether.Count} demo.anchors={partners.Count}");
        Console.WriteLine($"fbt.precision@5={F(precision / n)} (planted partners found in the top 5 / min(5, planted partners))");
        Console.WriteLine($"fbt.hit@5={F(hits / n)}");
        Console.WriteLine($"fbt.precision@1={F(top1 / n)}");
        Console.WriteLine($"fbt_baseline_copurchase_count.precision@5={F(basePrecision / n)}");
        Console.WriteLine($"fbt_baseline_copurchase_count.precision@1={F(baseTop1 / n)}");
        Console.WriteLine($"fbt_baseline_bestsellers.precision@5={F(popPrecision / n)}");
    }
}

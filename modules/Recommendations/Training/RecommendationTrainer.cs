using System.Diagnostics;
using RetailCommerce.Catalog;
using RetailCommerce.Modules.Recommendations.Content;
using RetailCommerce.Modules.Recommendations.Evaluation;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Training;

/// <summary>
/// The one training path: shopper events → interactions → every model. The retrain job feeds it the store's
/// events read from Marten; the benchmark feeds it replayed MovieLens ratings; both get the same models.
/// </summary>
public static class RecommendationTrainer
{
    /// <summary>
    /// Interactions from events, with inverse-propensity weights for interactions that came through a
    /// recommendation when <paramref name="exposures"/> (times each product was shown) is given.
    /// </summary>
    public static List<Interaction> Interactions(IEnumerable<ShopperEvent> events, TrainingSettings settings,
        IReadOnlyDictionary<string, int>? exposures = null, IReadOnlySet<string>? withoutPersonalization = null)
    {
        var mean = exposures is { Count: > 0 } ? exposures.Values.Average() : 0;
        var result = new List<Interaction>();
        foreach (var e in events)
        {
            // Customers who withheld personalization still count in what everyone sees (popularity, pairs), but
            // under their session key, so no personal factors are learned for their customer id.
            var key = e.CustomerId is { } c && withoutPersonalization?.Contains(c) == true && e.SessionId is not null
                ? ShopperStreams.SessionPrefix + e.SessionId
                : null;
            if (key is null && e.CustomerId is { } c2 && withoutPersonalization?.Contains(c2) == true) continue;
            var x = ShopperEventInteractions.From(e, key);
            if (x is null) continue;
            if (settings.InversePropensityWeighting && mean > 0 && e.RecommendationId is not null && exposures!.TryGetValue(x.ProductId, out var shown) && shown > 0)
                x = x with { Weight = Math.Clamp(mean / shown, 0.2, 5.0) };
            result.Add(x);
        }
        return result;
    }

    /// <summary>Trains every model. <paramref name="catalog"/> feeds content similarity (may be empty).</summary>
    public static TrainedRecommender Train(string version, IReadOnlyList<Interaction> interactions, IReadOnlyList<Product> catalog, TrainingSettings settings)
    {
        var watch = Stopwatch.StartNew();
        var options = settings.RankerOptions();
        var shoppers = interactions.Select(x => x.CustomerId).Distinct().Count();
        // Launch dates and categories from the catalog: the ranker's "days since launch" and category-affinity features.
        var facts = ProductFacts.From(catalog);
        BlendedRanker? ranker = null;
        if (interactions.Count >= settings.MinInteractionsForRanker)
            ranker = BlendedRanker.Train(interactions, options, facts);
        var models = ranker?.Models ?? CandidateModels.Train(interactions, options, options.CatalogFeatures ? facts : null);

        var weighting = settings.Weighting();
        var boughtTogether = CoOccurrenceModel.Train(interactions, new CoOccurrenceOptions
        {
            Kinds = new HashSet<InteractionKind> { InteractionKind.Purchase },
            Scoring = PairScoring.ShrunkNpmi,
            SupportShrinkage = settings.BoughtTogetherShrinkage,
            MinSupport = settings.BoughtTogetherMinSupport,
            UseBasketIds = true,
        }, "bought_together");
        var alsoViewed = CoOccurrenceModel.Train(interactions, new CoOccurrenceOptions
        {
            Kinds = new HashSet<InteractionKind> { InteractionKind.View, InteractionKind.AddToCart },
            Scoring = PairScoring.Npmi,
            MinSupport = settings.AlsoViewedMinSupport,
            UseBasketIds = true,
            BasketWindow = TimeSpan.FromDays(1),
        }, "also_viewed");
        var content = ContentSimilarity.Build(catalog);
        var precompute = System.Diagnostics.Stopwatch.StartNew();
        var lists = ranker is not null && settings.PrecomputedListLength > 0
            ? PersonalLists.Compute(PrecomputeFor(models.ItemKnn, settings.MaxPrecomputedShoppers), settings.PrecomputedListLength,
                c => ranker.Recommend(new RecommendationQuery { CustomerId = c, Count = settings.PrecomputedListLength }))
            : null;
        precompute.Stop();

        var metrics = new TrainingMetrics
        {
            Interactions = interactions.Count,
            Shoppers = shoppers,
            Products = models.Trending.ProductCount,
            CatalogProducts = catalog.Count,
            Blend = ranker?.Diagnostics.Chosen.ToString() ?? "none",
            ValidationLightGbmNdcg10 = ranker is null || double.IsNaN(ranker.Diagnostics.LightGbmNdcg10) ? null : ranker.Diagnostics.LightGbmNdcg10,
            ValidationLinearNdcg10 = ranker is null || double.IsNaN(ranker.Diagnostics.LinearNdcg10) ? null : ranker.Diagnostics.LinearNdcg10,
            BoughtTogetherPairs = boughtTogether.PairCount,
            AlsoViewedPairs = alsoViewed.PairCount,
            PrecomputedShoppers = lists?.Count ?? 0,
            PrecomputeSeconds = Math.Round(precompute.Elapsed.TotalSeconds, 2),
        };
        if (settings.HoldoutCheckMaxInteractions > 0 && interactions.Count <= settings.HoldoutCheckMaxInteractions && interactions.Count >= 200)
            metrics = HoldoutCheck(interactions, settings, metrics, facts);
        metrics = metrics with { TrainingSeconds = Math.Round(watch.Elapsed.TotalSeconds, 2) };
        return new TrainedRecommender(version, models.Trending.TrainedUntil, models, ranker, boughtTogether, alsoViewed, content, metrics, lists);
    }

    /// <summary>
    /// Customers (not anonymous session keys, which are many and rarely come back) whose lists are precomputed:
    /// the most recently active first, up to <paramref name="max"/>, so a huge store's training time stays bounded.
    /// </summary>
    private static List<string> PrecomputeFor(ItemKnnModel knn, int max) =>
        [.. knn.CustomerIds.Where(c => !c.StartsWith(ShopperStreams.SessionPrefix, StringComparison.Ordinal))
            .Select(c => (Id: c, Idle: knn.CustomerActivity(c).IdleDays))
            .OrderBy(c => c.Idle).ThenBy(c => c.Id, StringComparer.Ordinal).Take(max).Select(c => c.Id)];

    /// <summary>Trains on the first 90% of the time span and scores customers' new products in the last 10%.</summary>
    private static TrainingMetrics HoldoutCheck(IReadOnlyList<Interaction> interactions, TrainingSettings settings, TrainingMetrics metrics, ProductFacts facts)
    {
        var split = TemporalSplit.ByTimeSpan(interactions, 0.9);
        if (split.Train.Count == 0 || split.Test.Count == 0) return metrics;
        var evaluator = new OfflineEvaluator(split, warmOnly: true);
        if (evaluator.Relevant.Count == 0) return metrics;
        var options = settings.RankerOptions();
        var trending = PopularityModel.Train(split.Train, options.Popularity);
        var allTime = PopularityModel.Train(split.Train, options.Popularity with { HalfLife = null });
        var knn = ItemKnnModel.Train(split.Train, options.ItemKnn);
        IRecommendationModel personal = split.Train.Count >= settings.MinInteractionsForRanker
            ? BlendedRanker.Train(split.Train, options, facts)
            : new FallbackModel(knn, trending);
        var p = evaluator.Evaluate("personal", personal);
        return metrics with
        {
            HoldoutCustomers = evaluator.Relevant.Count,
            HoldoutPopularityNdcg10 = evaluator.Evaluate("popularity", allTime).Ndcg10,
            HoldoutTrendingNdcg10 = evaluator.Evaluate("trending", trending).Ndcg10,
            HoldoutItemKnnNdcg10 = evaluator.Evaluate("itemknn", new FallbackModel(knn, trending)).Ndcg10,
            HoldoutPersonalNdcg10 = p.Ndcg10,
            HoldoutPersonalHitRate10 = p.HitRate10,
            HoldoutPersonalCoverage10 = p.Coverage10,
        };
    }
}

using RetailCommerce.Modules.Recommendations.Content;
using RetailCommerce.Modules.Recommendations.Evaluation;

namespace RetailCommerce.Modules.Recommendations.Training;

/// <summary>What a training run measured, stored with the model version and shown in admin.</summary>
public sealed record TrainingMetrics
{
    public int Interactions { get; init; }
    public int Shoppers { get; init; }
    public int Products { get; init; }
    public int CatalogProducts { get; init; }
    public double TrainingSeconds { get; init; }
    /// <summary>"LightGbm", "Linear", or "none" (too little data for a ranker).</summary>
    public string Blend { get; init; } = "none";
    public double? ValidationLightGbmNdcg10 { get; init; }
    public double? ValidationLinearNdcg10 { get; init; }
    /// <summary>Holdout check (train on the first 90% of the time span, score the last 10%): customers scored.</summary>
    public int? HoldoutCustomers { get; init; }
    public double? HoldoutPopularityNdcg10 { get; init; }
    public double? HoldoutTrendingNdcg10 { get; init; }
    public double? HoldoutItemKnnNdcg10 { get; init; }
    public double? HoldoutPersonalNdcg10 { get; init; }
    public double? HoldoutPersonalHitRate10 { get; init; }
    public double? HoldoutPersonalCoverage10 { get; init; }
    public int BoughtTogetherPairs { get; init; }
    /// <summary>Shoppers whose PERSONALIZED candidates were precomputed, and how long that took.</summary>
    public int PrecomputedShoppers { get; init; }
    public double PrecomputeSeconds { get; init; }
    public int AlsoViewedPairs { get; init; }
}

/// <summary>
/// Every model one training run produced, trained on the same interactions (one notion of "now": the
/// latest event, the store clock). Immutable: a retrain builds a new one and the registry swaps the reference.
/// </summary>
public sealed class TrainedRecommender
{
    internal TrainedRecommender(string version, DateTimeOffset trainedUntil, CandidateModels models, BlendedRanker? ranker,
        CoOccurrenceModel boughtTogether, CoOccurrenceModel alsoViewed, ContentSimilarity content, TrainingMetrics metrics, PersonalLists? lists = null)
    {
        Lists = lists;
        Version = version;
        TrainedUntil = trainedUntil;
        Models = models;
        Ranker = ranker;
        BoughtTogether = boughtTogether;
        AlsoViewed = alsoViewed;
        Content = content;
        Metrics = metrics;
        Personal = ranker is not null ? ranker : new FallbackModel(models.ItemKnn, models.Trending);
    }

    /// <summary>The model version ("v3").</summary>
    public string Version { get; }

    /// <summary>The latest interaction trained on (store clock).</summary>
    public DateTimeOffset TrainedUntil { get; }

    /// <summary>Base models (trending, long-term popularity, item-kNN, ALS, co-occurrence).</summary>
    public CandidateModels Models { get; }

    /// <summary>The blended ranker; null when the store had too little data for one.</summary>
    public BlendedRanker? Ranker { get; }

    /// <summary>What PERSONALIZED asks: the ranker, or item-kNN topped up with trending.</summary>
    public IRecommendationModel Personal { get; }

    /// <summary>Precomputed PERSONALIZED candidates per known shopper (null when the store has no ranker or precomputing is off).</summary>
    public PersonalLists? Lists { get; }

    /// <summary>PERSONALIZED candidates of shoppers active since training, ranked once per new context (bounded).</summary>
    public ActiveShopperLists ActiveLists { get; } = new(ActiveShopperLists.DefaultCapacity);

    /// <summary>Pairs of products in the same order (NPMI).</summary>
    public CoOccurrenceModel BoughtTogether { get; }

    /// <summary>Pairs of products viewed in the same session (NPMI).</summary>
    public CoOccurrenceModel AlsoViewed { get; }

    /// <summary>Text similarity over the catalog (new products too).</summary>
    public ContentSimilarity Content { get; }

    /// <summary>What training measured.</summary>
    public TrainingMetrics Metrics { get; }

    /// <summary>Name of the personal model for the response's strategy.</summary>
    public string PersonalName => Ranker is null ? "itemknn" : $"ranker-{Ranker.Diagnostics.Chosen.ToString().ToLowerInvariant()}";
}

namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// The base models the blended ranker draws candidates and features from, trained together on one
/// set of interactions (so their notions of "now" and of the catalog agree).
/// </summary>
public sealed class CandidateModels
{
    private CandidateModels(
        PopularityModel trending,
        PopularityModel popular,
        ItemKnnModel itemKnn,
        ImplicitAlsModel als,
        CoOccurrenceModel coOccurrence,
        PopularityModel now,
        IReadOnlyDictionary<string, double> meanRatings,
        EaseModel? ease,
        ProductFacts facts,
        TimeSpan trainingTime)
    {
        Facts = facts;
        Ease = ease;
        MeanRatings = meanRatings;
        Trending = trending;
        Popular = popular;
        ItemKnn = itemKnn;
        Als = als;
        CoOccurrence = coOccurrence;
        Now = now;
        TrainingTime = trainingTime;
    }

    /// <summary>Short half-life popularity: what sells now (also the cold-start answer).</summary>
    public PopularityModel Trending { get; }

    /// <summary>Long half-life popularity: what has sold steadily.</summary>
    public PopularityModel Popular { get; }

    /// <summary>Item-to-item collaborative filtering.</summary>
    public ItemKnnModel ItemKnn { get; }

    /// <summary>The latent implicit-feedback model.</summary>
    public ImplicitAlsModel Als { get; }

    /// <summary>Pair associations from the customer's recent products.</summary>
    public CoOccurrenceModel CoOccurrence { get; }

    /// <summary>Very short half-life popularity: what is being bought at the cutoff itself (last day or two).</summary>
    public PopularityModel Now { get; }

    /// <summary>EASE item-item regression (null when switched off in the options).</summary>
    public EaseModel? Ease { get; }

    /// <summary>Mean stars per product over its <see cref="InteractionKind.Rating"/> interactions (absent when never rated).</summary>
    public IReadOnlyDictionary<string, double> MeanRatings { get; }

    /// <summary>Catalog facts (launch dates, categories) the ranker's product features read.</summary>
    public ProductFacts Facts { get; }

    /// <summary>Wall time of <see cref="Train"/>.</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>Trains every base model on the same interactions; <paramref name="facts"/> is the catalog's metadata (optional).</summary>
    public static CandidateModels Train(IReadOnlyList<Interaction> interactions, BlendedRankerOptions options, ProductFacts? facts = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var trending = PopularityModel.Train(interactions, options.Popularity);
        var popular = PopularityModel.Train(interactions, options.Popularity with { HalfLife = options.LongTermHalfLife });
        var knn = ItemKnnModel.Train(interactions, options.ItemKnn);
        var als = ImplicitAlsModel.Train(interactions, options.Als);
        var cooc = CoOccurrenceModel.Train(interactions, options.CoOccurrence);
        var now = PopularityModel.Train(interactions, options.Popularity with { HalfLife = options.NowHalfLife });
        var ratings = interactions
            .Where(x => x.Kind == InteractionKind.Rating)
            .GroupBy(x => x.ProductId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(x => x.Weight), StringComparer.Ordinal);
        var ease = options.Ease is { } e ? EaseModel.Train(interactions, e with { Weighting = options.ItemKnn.Weighting }) : null;
        return new CandidateModels(trending, popular, knn, als, cooc, now, ratings, ease, facts ?? ProductFacts.Empty, watch.Elapsed);
    }
}

namespace RetailCommerce.Modules.Recommendations.Training;

/// <summary>
/// How a store's models are trained. Stored with every model version, so a rollback serves exactly what
/// that version was. The defaults are the settings tuned on the MovieLens tuning split
/// (docs/recommendations-evaluation.md) except the half-lives, which are set for a shop's seasons.
/// </summary>
public sealed record TrainingSettings
{
    /// <summary>Weight of a product view (clicks count as views).</summary>
    public double ViewWeight { get; init; } = 1;
    /// <summary>Weight of an add-to-cart.</summary>
    public double CartWeight { get; init; } = 3;
    /// <summary>Weight of a purchase.</summary>
    public double PurchaseWeight { get; init; } = 5;
    /// <summary>Weight of a rating (only benchmarks replay ratings).</summary>
    public double RatingWeight { get; init; } = 1;

    /// <summary>Half-life of "trending" popularity, in days of store time.</summary>
    public double TrendingHalfLifeDays { get; init; } = 7;
    /// <summary>Half-life of the long-term popularity feature.</summary>
    public double LongTermHalfLifeDays { get; init; } = 60;
    /// <summary>Item-kNN neighbours per product.</summary>
    public int KnnNeighbours { get; init; } = 50;
    /// <summary>Item-kNN half-life (recent co-interest counts more).</summary>
    public double KnnHalfLifeDays { get; init; } = 30;
    /// <summary>ALS latent factors.</summary>
    public int AlsFactors { get; init; } = 16;
    /// <summary>ALS sweeps.</summary>
    public int AlsIterations { get; init; } = 15;
    /// <summary>ALS L2 regularization.</summary>
    public double AlsRegularization { get; init; } = 10;
    /// <summary>ALS confidence slope (confidence = 1 + α·strength).</summary>
    public double AlsAlpha { get; init; } = 3;
    /// <summary>EASE ridge penalty λ (the item-item regression feeding the ranker); 0 switches EASE off.</summary>
    public double EaseLambda { get; init; } = 50;
    /// <summary>EASE half-life of interaction weights, in store days (MovieLens tuning: 7 beat 2–5, 10, 30 and none).</summary>
    public double EaseHalfLifeDays { get; init; } = 30;
    /// <summary>Products EASE models (the most interacted with): the inversion is cubic in this, about 2 s at 2,000.</summary>
    public int EaseMaxProducts { get; init; } = 2_000;
    /// <summary>
    /// PERSONALIZED candidates precomputed per known shopper at training (0 = off). Requests asking for
    /// up to this many candidates (the engine asks max(60, 6 × first)) from a shopper with nothing new
    /// since training are answered from the list; others go through the live ranker.
    /// </summary>
    public int PrecomputedListLength { get; init; } = 60;
    /// <summary>At most this many customers (the most recently active) get a precomputed list (~0.5 ms of training CPU each).</summary>
    public int MaxPrecomputedShoppers { get; init; } = 200_000;
    /// <summary>Length of each ranker label window, as a fraction of the training time span.</summary>
    public double LabelWindow { get; init; } = 0.1;

    /// <summary>Ranker features from the catalog: days since launch (a launch attribute or CreatedAt) and category share of the history.</summary>
    public bool CatalogFeatures { get; init; }
    /// <summary>LightGBM models averaged in the ranker (own seed and 80% row sample each); 1 = one model.</summary>
    public int LightGbmBags { get; init; } = 1;
    /// <summary>Seed of the ranker's LightGBM and of its fitting/judging halves: the same data and seed give the same model.</summary>
    public int RankerSeed { get; init; } = 7;
    /// <summary>
    /// LightGBM weights tried for mixing the LightGBM and linear blends (standardized scores per customer), chosen on
    /// the ranker's held-back validation customers beside LightGBM and linear alone; empty = no mixing.
    /// </summary>
    public IReadOnlyList<double> BlendMixWeights { get; init; } = new BlendedRankerOptions().MixWeights;
    /// <summary>
    /// The blend choice (LightGBM, linear, mix weights) counts only the judging customers of the latest this many
    /// validation slices (0 = all): serving follows the latest cut, so those slices resemble it most.
    /// </summary>
    public int JudgeLatestSlices { get; init; } = new BlendedRankerOptions().Judging.LatestSlices;
    /// <summary>The blend choice weighs judging customers by 0.5^(slices back from the latest / this) (0 = equally).</summary>
    public double JudgeHalfLifeSlices { get; init; } = new BlendedRankerOptions().Judging.HalfLifeSlices;
    /// <summary>The blends are fitted with customer weights 0.5^(slices back from the latest / this) (0 = equally).</summary>
    public double FitHalfLifeSlices { get; init; } = new BlendedRankerOptions().Fitting.HalfLifeSlices;
    /// <summary>Shares of the standardized trending score tried as a third mix component (empty = none).</summary>
    public IReadOnlyList<double> BlendTrendingWeights { get; init; } = new BlendedRankerOptions().TrendingMixWeights;

    /// <summary>Validation slices the ranker learns from (cuts spread from 30% to 90% of the time span).</summary>
    public int ValidationSlices { get; init; } = 13;
    /// <summary>Customers sampled per validation slice (bounds training time on large stores).</summary>
    public int MaxCustomersPerSlice { get; init; } = 3_000;
    /// <summary>Candidates the ranker takes from each source's top list (more raise recall and serving cost).</summary>
    public int RankerCandidatesPerSource { get; init; } = 100;
    /// <summary>Fewer interactions than this and no ranker is trained (item-kNN with trending serves PERSONALIZED).</summary>
    public int MinInteractionsForRanker { get; init; } = 2_000;
    /// <summary>
    /// Orders that must contain a pair before "frequently bought together" shows it. 1, because the score
    /// (NPMI shrunk by support) already ranks single-order pairs low: with 2, 17 of the demo store's 120 planted
    /// partners were never shown, since they shared only one order with their anchor.
    /// </summary>
    public int BoughtTogetherMinSupport { get; init; } = 1;
    /// <summary>Pseudo-count k of the bought-together score NPMI × s / (s + k).</summary>
    public double BoughtTogetherShrinkage { get; init; } = 5;
    /// <summary>Sessions that must contain a pair before "also viewed" shows it.</summary>
    public int AlsoViewedMinSupport { get; init; } = 2;

    /// <summary>
    /// Weigh interactions that came through a recommendation (their event carries a recommendationId) by the
    /// inverse of how often the product was shown (relative to the average product), capped to [0.2, 5], so the
    /// models do not simply learn back what they were already pushing.
    /// </summary>
    public bool InversePropensityWeighting { get; init; } = true;

    /// <summary>Also train on the first 90% of the time span and score the last 10% (offline metrics for admin) up to this many interactions; 0 = never.</summary>
    public int HoldoutCheckMaxInteractions { get; init; } = 300_000;

    /// <summary>The ranker's options from these settings.</summary>
    public BlendedRankerOptions RankerOptions()
    {
        var weighting = Weighting();
        var slices = Math.Max(1, ValidationSlices);
        return new BlendedRankerOptions
        {
            Popularity = new PopularityOptions { HalfLife = TimeSpan.FromDays(TrendingHalfLifeDays), Weighting = weighting },
            LongTermHalfLife = LongTermHalfLifeDays > 0 ? TimeSpan.FromDays(LongTermHalfLifeDays) : null,
            ItemKnn = new ItemKnnOptions { Similarity = ItemSimilarity.Cosine, Neighbours = KnnNeighbours, HalfLife = KnnHalfLifeDays > 0 ? TimeSpan.FromDays(KnnHalfLifeDays) : null, Shrinkage = 10, Weighting = weighting },
            Als = new ImplicitAlsOptions { Factors = AlsFactors, Iterations = AlsIterations, Regularization = AlsRegularization, Alpha = AlsAlpha, HalfLife = null, Weighting = weighting },
            CoOccurrence = new CoOccurrenceOptions { Kinds = new HashSet<InteractionKind>(Enum.GetValues<InteractionKind>()), Scoring = PairScoring.Npmi, MinSupport = 3 },
            ValidationCuts = BlendedRankerOptions.EvenValidationCuts(slices),
            MaxCustomersPerCut = MaxCustomersPerSlice,
            CandidatesPerModel = RankerCandidatesPerSource,
            LabelWindow = LabelWindow,
            Ease = EaseLambda > 0 ? new EaseOptions { Lambda = EaseLambda, HalfLife = EaseHalfLifeDays > 0 ? TimeSpan.FromDays(EaseHalfLifeDays) : null, MaxProducts = EaseMaxProducts, Weighting = weighting } : null,
            LightGbmLeaves = 4,
            LightGbmMinExamplesPerLeaf = 400,
            LightGbmIterations = 100,
            LightGbmLearningRate = 0.05,
            LightGbmBags = Math.Max(1, LightGbmBags),
            Seed = RankerSeed,
            CatalogFeatures = CatalogFeatures,
            MixWeights = BlendMixWeights ?? [],
            Judging = new SliceRecency { LatestSlices = Math.Max(0, JudgeLatestSlices), HalfLifeSlices = Math.Max(0, JudgeHalfLifeSlices) },
            Fitting = new SliceRecency { HalfLifeSlices = Math.Max(0, FitHalfLifeSlices) },
            TrendingMixWeights = BlendTrendingWeights ?? [],
        };
    }

    /// <summary>The kind weights; record weights (quantities, inverse propensities) multiply them.</summary>
    public InteractionWeighting Weighting() => new()
    {
        View = ViewWeight, AddToCart = CartWeight, Purchase = PurchaseWeight, Rating = RatingWeight, UseRecordWeight = true,
    };
}

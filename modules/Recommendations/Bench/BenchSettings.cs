namespace RetailCommerce.Modules.Recommendations.Bench;

/// <summary>
/// The settings the evaluation runs with. Chosen on the tuning split (the training part cut again at
/// 80% of its time span, see docs/recommendations-evaluation.md), never on the held-out period.
/// </summary>
public static class BenchSettings
{
    /// <summary>Every rating counts as one interaction, whatever its stars (implicit feedback).</summary>
    public static InteractionWeighting Weighting { get; } = new() { Rating = 1.0, UseRecordWeight = false };

    /// <summary>Half-life 5 days: best of 2/3/5/7/10/14/30/60/none on the tuning split (0.166 vs 0.096 without decay).</summary>
    public static PopularityOptions Popularity { get; } = new() { HalfLife = TimeSpan.FromDays(5), Weighting = Weighting };

    /// <summary>Best of cosine/Jaccard/lift × half-life 7/30/120/none × 50/200 neighbours on the tuning split.</summary>
    public static ItemKnnOptions ItemKnn { get; } = new()
    {
        Similarity = ItemSimilarity.Cosine,
        Neighbours = 50,
        HalfLife = TimeSpan.FromDays(7),
        Shrinkage = 10,
        Weighting = Weighting,
    };

    /// <summary>Among the best of factors 16/48 × λ 1/10/50 × α 3/20 × half-life 14/60/none on the tuning split.</summary>
    public static ImplicitAlsOptions Als { get; } = new()
    {
        Factors = 16,
        Iterations = 15,
        Regularization = 10.0,
        Alpha = 3.0,
        HalfLife = null,
        Weighting = Weighting,
    };

    public static CoOccurrenceOptions CoOccurrence { get; } = new()
    {
        Kinds = new HashSet<InteractionKind> { InteractionKind.Rating },
        Scoring = PairScoring.Npmi,
        MinSupport = 3,
    };

    /// <summary>EASE: λ and half-life from the --ease-grid run on the tuning split.</summary>
    public static EaseOptions Ease { get; } = new()
    {
        Lambda = double.Parse(Environment.GetEnvironmentVariable("REC_EASE_LAMBDA") ?? "50", System.Globalization.CultureInfo.InvariantCulture),
        HalfLife = Environment.GetEnvironmentVariable("REC_EASE_HL") is { } hl ? (hl == "0" ? null : TimeSpan.FromDays(double.Parse(hl, System.Globalization.CultureInfo.InvariantCulture))) : TimeSpan.FromDays(7),
        Weighting = Weighting,
    };

    public static BlendedRankerOptions Ranker { get; } = new()
    {
        Ease = Environment.GetEnvironmentVariable("REC_EASE_OFF") == "1" ? null : Ease,
        Popularity = Popularity,
        ItemKnn = ItemKnn,
        Als = Als,
        CoOccurrence = CoOccurrence,
        // Thirteen validation slices (cuts at 30%, 35%, ... 90% of the training span, 10% label windows) and
        // very small trees: on the tuning split one slice gave 0.125, seven 0.213, seven with 4-leaf trees 0.234.
        // REC_SLICES=n (bench only) cuts n slices over the same 30%…90% (25 slices: tuning split module path 0.2488 vs 0.2404).
        ValidationCuts = Env("REC_SLICES") is { } slices ? BlendedRankerOptions.EvenValidationCuts((int)slices) : new BlendedRankerOptions().ValidationCuts,
        LabelWindow = double.Parse(Environment.GetEnvironmentVariable("REC_LABEL_WINDOW") ?? "0.1", System.Globalization.CultureInfo.InvariantCulture),
        LightGbmLeaves = 4,
        LightGbmMinExamplesPerLeaf = 400,
        LightGbmIterations = 100,
        LightGbmLearningRate = 0.05,
        // "Now" popularity with a 1-day half-life: 0.235 on the tuning split vs 0.231 (0.5 d) and 0.212 (2 d).
        NowHalfLife = TimeSpan.FromDays(1),
        CandidatesPerModel = 100,
        // Round-6 variants (bench only): REC_MIX="0.25,0.5,0.75" (LightGBM weights tried in the mixed blend; "" = off),
        // REC_BAGS=n (LightGBM models averaged), REC_CATALOG=1 (launch-date and category features; REC_NO_LAUNCH=1 /
        // REC_NO_CATEGORY=1 then leave one of them out of the catalog).
        MixWeights = Environment.GetEnvironmentVariable("REC_MIX") is { } mix
            ? [.. mix.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))]
            : new BlendedRankerOptions().MixWeights,
        CatalogFeatures = Environment.GetEnvironmentVariable("REC_CATALOG") == "1",
        LightGbmBags = int.Parse(Environment.GetEnvironmentVariable("REC_BAGS") ?? "1", System.Globalization.CultureInfo.InvariantCulture),
        // REC_SEED=n (bench only): the ranker's seed alone moves the tuning split's module path 0.2390–0.2537 (seeds 7, 11, 23).
        Seed = Env("REC_SEED") is { } seed ? (int)seed : new BlendedRankerOptions().Seed,
        // Recency-round variants (bench only): REC_JUDGE_LATEST=k (judge on the latest k slices), REC_JUDGE_HL=h (judging
        // weights halve every h slices back), REC_FIT_HL=h (fitting weights likewise), REC_TREND_MIX="0.1,0.2" (shares of
        // the standardized trending score tried as a third mix component; REC_TREND_FEATURE=now.score mixes "now" instead).
        Judging = new SliceRecency
        {
            LatestSlices = Env("REC_JUDGE_LATEST") is { } k ? (int)k : new BlendedRankerOptions().Judging.LatestSlices,
            HalfLifeSlices = Env("REC_JUDGE_HL") ?? new BlendedRankerOptions().Judging.HalfLifeSlices,
        },
        Fitting = new SliceRecency { HalfLifeSlices = Env("REC_FIT_HL") ?? new BlendedRankerOptions().Fitting.HalfLifeSlices },
        TrendingMixWeights = Environment.GetEnvironmentVariable("REC_TREND_MIX") is { } trend
            ? [.. trend.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))]
            : new BlendedRankerOptions().TrendingMixWeights,
        TrendingMixFeature = Environment.GetEnvironmentVariable("REC_TREND_FEATURE") ?? new BlendedRankerOptions().TrendingMixFeature,
    };

    private static double? Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;
}

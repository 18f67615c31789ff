using System.Diagnostics;
using RetailCommerce.Modules.Recommendations.Evaluation;

namespace RetailCommerce.Modules.Recommendations;

/// <summary>How the blended ranker combines its features.</summary>
public enum BlendMethod
{
    /// <summary>Train both, keep the one with the better NDCG@10 on held-back validation customers.</summary>
    Auto,

    /// <summary>LightGBM LambdaRank over all features.</summary>
    LightGbm,

    /// <summary>Weighted sum of the base models' scaled scores, weights found by coordinate ascent on NDCG@10.</summary>
    Linear,

    /// <summary>
    /// Both blends at once: per customer, each blend's scores are turned into rank positions in [0, 1] and mixed
    /// with the weight that measured best on the held-back validation customers (see <see cref="BlendDiagnostics.MixWeight"/>).
    /// </summary>
    Mixed,
}

/// <summary>Settings for <see cref="BlendedRanker"/>.</summary>
public sealed record BlendedRankerOptions
{
    /// <summary>Popularity settings (candidates for everyone, the whole answer for new customers).</summary>
    public PopularityOptions Popularity { get; init; } = new();

    /// <summary>Item-kNN settings.</summary>
    public ItemKnnOptions ItemKnn { get; init; } = new();

    /// <summary>Half-life of the second, long-term popularity feature (the first is <see cref="Popularity"/>'s, meant to be short).</summary>
    public TimeSpan? LongTermHalfLife { get; init; } = TimeSpan.FromDays(60);

    /// <summary>Latent-model settings.</summary>
    public ImplicitAlsOptions Als { get; init; } = new();

    /// <summary>Co-occurrence settings; every kind makes a basket by default (all evidence of joint interest counts).</summary>
    public CoOccurrenceOptions CoOccurrence { get; init; } = new()
    {
        Kinds = new HashSet<InteractionKind>(Enum.GetValues<InteractionKind>()),
        MinSupport = 3,
    };

    /// <summary>EASE item-item regression as a candidate source and feature; null switches it off.</summary>
    public EaseOptions? Ease { get; init; } = new();

    /// <summary>Half-life of the "now" popularity feature (what is bought at the cutoff itself).</summary>
    public TimeSpan? NowHalfLife { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Candidates taken from each base model's top list (half as many from the secondary sources). 150 scored
    /// higher on the MovieLens tuning split (0.244 vs 0.235) but not on the test split, and costs half as much
    /// again per personalized list, so 100 stays.
    /// </summary>
    public int CandidatesPerModel { get; init; } = 100;

    /// <summary>
    /// Where each validation slice is cut, as fractions of the training time span: the base models are
    /// refitted on everything before the cut and the ranker learns to predict the following
    /// <see cref="LabelWindow"/>. More slices give the ranker more examples at the cost of a refit each.
    /// </summary>
    public IReadOnlyList<double> ValidationCuts { get; init; } = [0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90];

    /// <summary>
    /// Learn only from customers who had history before the cut. New customers get popularity candidates
    /// only, so their groups teach nothing about personal signals and can drown them out.
    /// </summary>
    public bool WarmCustomersOnly { get; init; } = true;

    /// <summary>
    /// At most this many customers (a deterministic sample by id hash) learn from each validation slice, so a
    /// store with 100,000 customers trains in minutes; a few thousand groups per slice are plenty for 24 features.
    /// </summary>
    public int MaxCustomersPerCut { get; init; } = 3_000;

    /// <summary>Length of each label window as a fraction of the training time span.</summary>
    public double LabelWindow { get; init; } = 0.1;

    /// <summary>Blend method.</summary>
    public BlendMethod Method { get; init; } = BlendMethod.Auto;

    /// <summary>LightGBM boosting rounds.</summary>
    public int LightGbmIterations { get; init; } = 100;

    /// <summary>
    /// LightGBM leaves per tree. Tiny trees on purpose: the slices hold a few hundred customers, and
    /// what predicts next month's interest shifts between periods, so deep trees learn one period's quirks.
    /// </summary>
    public int LightGbmLeaves { get; init; } = 4;

    /// <summary>LightGBM learning rate.</summary>
    public double LightGbmLearningRate { get; init; } = 0.05;

    /// <summary>LightGBM minimum examples per leaf.</summary>
    public int LightGbmMinExamplesPerLeaf { get; init; } = 400;

    /// <summary>Seed for LightGBM and the validation halves.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>
    /// LightGBM weights tried for the <see cref="BlendMethod.Mixed"/> blend (besides 1 = LightGBM alone and 0 =
    /// linear alone); empty switches mixing off. Chosen on the judging half of the validation customers.
    /// </summary>
    public IReadOnlyList<double> MixWeights { get; init; } = [0.6, 0.7, 0.8, 0.9];

    /// <summary>
    /// Read the catalog's launch dates and categories into the "days since launch" and category-share features.
    /// Off by default: on MovieLens they raised the ranker's own validation (+0.005) but lowered the tuning split
    /// (−0.004 to −0.010), so they are not a robust gain there (docs/recommendations-evaluation.md, launch-date round).
    /// </summary>
    public bool CatalogFeatures { get; init; }

    /// <summary>
    /// LightGBM models averaged (each with its own seed and an 80% row sample per round); 1 = one model on all rows.
    /// </summary>
    public int LightGbmBags { get; init; } = 1;
}

/// <summary>What the ranker's training measured, for logs and the evaluation report.</summary>
/// <param name="ValidationCustomers">Customers with at least one label in the validation windows.</param>
/// <param name="TrainingRows">Candidate rows the final blend was fitted on.</param>
/// <param name="LightGbmNdcg10">NDCG@10 of LightGBM on the held-back half of the validation customers.</param>
/// <param name="LinearNdcg10">NDCG@10 of the linear blend on the same half.</param>
/// <param name="Chosen">The method used to serve.</param>
/// <param name="LinearWeights">The fitted linear weights (trending, kNN, ALS, co-occurrence).</param>
/// <param name="TrainingTime">Wall time of the whole retrain (validation refits, blend, final base models).</param>
public sealed record BlendDiagnostics(
    int ValidationCustomers,
    int TrainingRows,
    double LightGbmNdcg10,
    double LinearNdcg10,
    BlendMethod Chosen,
    IReadOnlyList<double> LinearWeights,
    TimeSpan TrainingTime)
{
    /// <summary>LightGBM's weight in the <see cref="BlendMethod.Mixed"/> blend (1 = LightGBM alone, 0 = linear alone).</summary>
    public double MixWeight { get; init; } = double.NaN;

    /// <summary>NDCG@10 on the judging half of every mix weight tried (weight → NDCG).</summary>
    public IReadOnlyList<(double Weight, double Ndcg10)> MixNdcg10 { get; init; } = [];
}

/// <summary>
/// The final personalized ranker: candidates from popularity, item-kNN, ALS and co-occurrence,
/// features per (customer, product) candidate, and a learned blend — LightGBM LambdaRank or a linear
/// blend, whichever measured better on a time-based validation slice of the training data.
/// Training mimics serving: base models are fitted on the past and the blend learns to predict
/// what customers did next, then the base models are refitted on all data.
/// </summary>
public sealed class BlendedRanker : IRecommendationModel
{
    private readonly LightGbmBlend? _lightGbm;
    private readonly LinearBlend _linear;

    private BlendedRanker(CandidateModels models, LightGbmBlend? lightGbm, LinearBlend linear, BlendedRankerOptions options, BlendDiagnostics diagnostics)
    {
        Models = models;
        _lightGbm = lightGbm;
        _linear = linear;
        Options = options;
        Diagnostics = diagnostics;
    }

    /// <inheritdoc />
    public string Name => "ranker";

    /// <summary>The LightGBM blend (null when not trained), for tests comparing its fast scorer with ML.NET.</summary>
    internal LightGbmBlend? LightGbm => _lightGbm;

    /// <summary>The linear blend, for tests recomputing the mixed blend's scores.</summary>
    internal LinearBlend Linear => _linear;

    /// <summary>The base models, fitted on all the training interactions.</summary>
    public CandidateModels Models { get; }

    /// <summary>The settings it was trained with.</summary>
    public BlendedRankerOptions Options { get; }

    /// <summary>What training measured and chose.</summary>
    public BlendDiagnostics Diagnostics { get; }

    /// <summary>
    /// Full retrain: validation refits, blend fitting and selection, final base models. <paramref name="facts"/>
    /// (launch dates, categories) feeds the catalog features; every slice reads it as of its own cutoff.
    /// </summary>
    public static BlendedRanker Train(IReadOnlyList<Interaction> interactions, BlendedRankerOptions? options = null, ProductFacts? facts = null)
    {
        options ??= new BlendedRankerOptions();
        if (!options.CatalogFeatures) facts = null;
        var watch = Stopwatch.StartNew();
        var groups = new List<TrainingGroup>();
        foreach (var cut in options.ValidationCuts)
            groups.AddRange(ValidationGroups(interactions, cut, options, facts));

        // Customers alternate between the fitting half and the judging half, so the choice between
        // LightGBM and the linear blend is made on customers neither was fitted to.
        var fitHalf = groups.Where((_, n) => n % 2 == 0).ToList();
        var judgeHalf = groups.Where((_, n) => n % 2 == 1).ToList();
        var useful = (IEnumerable<TrainingGroup> g) => g.Where(x => x.Labels.Any(l => l > 0)).ToList();

        double lightNdcg = double.NaN, linearNdcg = double.NaN, mixWeight = double.NaN;
        var mixNdcg = new List<(double, double)>();
        var wantLight = options.Method != BlendMethod.Linear;
        var wantLinear = options.Method != BlendMethod.LightGbm;
        if (options.Method is BlendMethod.Auto or BlendMethod.Mixed && useful(fitHalf).Count > 0 && judgeHalf.Count > 0)
        {
            var trialLight = LightGbmBlend.Fit(useful(fitHalf), options);
            var trialLinear = LinearBlend.Fit(useful(fitHalf));
            // Each judging customer is scored once by each blend; the mixes only recombine those scores.
            var lightScores = judgeHalf.Select(g => trialLight.Score(g.Features)).ToArray();
            var linearScores = judgeHalf.Select(g => trialLinear.Score(g.Features)).ToArray();
            lightNdcg = judgeHalf.Select((g, n) => g.Ndcg10(lightScores[n])).Average();
            linearNdcg = judgeHalf.Select((g, n) => g.Ndcg10(linearScores[n])).Average();
            foreach (var w in options.MixWeights)
                mixNdcg.Add((w, judgeHalf.Select((g, n) => g.Ndcg10(ScoreMix.Mix(lightScores[n], linearScores[n], w))).Average()));
        }
        // The best of LightGBM alone, linear alone and each mix on the judging half; ties go to the simpler blend.
        var (bestMix, bestMixNdcg) = mixNdcg.Count == 0 ? (double.NaN, double.NaN) : mixNdcg.MaxBy(m => m.Item2);
        var chosen = options.Method switch
        {
            BlendMethod.Auto when double.IsNaN(lightNdcg) => BlendMethod.Linear,
            BlendMethod.Auto when bestMixNdcg > Math.Max(lightNdcg, linearNdcg) => BlendMethod.Mixed,
            BlendMethod.Auto => linearNdcg >= lightNdcg ? BlendMethod.Linear : BlendMethod.LightGbm,
            var m => m,
        };
        if (chosen == BlendMethod.Mixed) mixWeight = double.IsNaN(bestMix) ? 0.5 : bestMix;

        var all = useful(groups);
        var lightGbm = wantLight && all.Count > 0 ? LightGbmBlend.Fit(all, options) : null;
        var linear = wantLinear || lightGbm is null ? LinearBlend.Fit(all) : LinearBlend.Default;
        if (chosen is BlendMethod.LightGbm or BlendMethod.Mixed && lightGbm is null) chosen = BlendMethod.Linear;

        var models = CandidateModels.Train(interactions, options, facts);
        var diagnostics = new BlendDiagnostics(
            groups.Count(g => g.RelevantCount > 0),
            all.Sum(g => g.Labels.Length),
            lightNdcg,
            linearNdcg,
            chosen,
            linear.Weights,
            watch.Elapsed) { MixWeight = mixWeight, MixNdcg10 = mixNdcg };
        return new BlendedRanker(models, lightGbm, linear, options, diagnostics);
    }

    /// <inheritdoc />
    public IReadOnlyList<ScoredProduct> Recommend(RecommendationQuery query) => Recommend(query, Diagnostics.Chosen);

    /// <summary>Recommends with a given blend (to compare LightGBM and linear on the same candidates).</summary>
    public IReadOnlyList<ScoredProduct> Recommend(RecommendationQuery query, BlendMethod method)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Count <= 0) return [];
        // The blend learned from customers with a history (WarmCustomersOnly); for someone with no history and
        // no context every feature but popularity is empty, so the trending list is the honest answer.
        var known = query.CustomerId is { } id && Models.ItemKnn.KnowsCustomer(id);
        if (!known && query.ContextProductIds.Count == 0 && Options.WarmCustomersOnly) return Models.Trending.Recommend(query);
        var set = CandidateSet.Build(Models, query, Math.Max(Options.CandidatesPerModel, query.Count));
        if (set.Products.Count == 0) return [];
        var scores = method switch
        {
            BlendMethod.LightGbm when _lightGbm is not null => _lightGbm.Score(set.Features),
            BlendMethod.Mixed when _lightGbm is not null => ScoreMix.Mix(_lightGbm.Score(set.Features), _linear.Score(set.Features),
                double.IsNaN(Diagnostics.MixWeight) ? 0.5 : Diagnostics.MixWeight),
            _ => _linear.Score(set.Features),
        };
        return [.. Enumerable.Range(0, set.Products.Count)
            .OrderByDescending(n => scores[n]).ThenBy(n => n)
            .Take(query.Count)
            .Select(n => new ScoredProduct(set.Products[n], scores[n]))];
    }

    /// <summary>
    /// One validation slice: base models on interactions before the cut, labels from the window after it.
    /// Every customer active in the window is a group (new customers too: they teach the blend how to rank
    /// popular candidates when nothing personal is known).
    /// </summary>
    private static IEnumerable<TrainingGroup> ValidationGroups(IReadOnlyList<Interaction> interactions, double cut, BlendedRankerOptions options, ProductFacts? facts)
    {
        var span = TemporalSplit.ByTimeSpan(interactions, cut);
        var past = span.Train;
        var windowEnd = TemporalSplit.ByTimeSpan(interactions, Math.Min(1.0, cut + options.LabelWindow)).Cutoff;
        var future = span.Test.Where(x => x.OccurredAt < windowEnd || cut + options.LabelWindow >= 1.0).ToList();
        if (past.Count == 0 || future.Count == 0) return [];
        var models = CandidateModels.Train(past, options, facts);

        var known = past.GroupBy(x => x.CustomerId).ToDictionary(g => g.Key, g => g.Select(x => x.ProductId).ToHashSet(StringComparer.Ordinal));
        var relevant = future
            .Where(x => !(known.TryGetValue(x.CustomerId, out var h) && h.Contains(x.ProductId)))
            .GroupBy(x => x.CustomerId)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Customer: g.Key, Products: g.Select(x => x.ProductId).ToHashSet(StringComparer.Ordinal)));

        var groups = new List<TrainingGroup>();
        var eligible = relevant.Where(r => !options.WarmCustomersOnly || known.ContainsKey(r.Customer)).ToList();
        if (eligible.Count > options.MaxCustomersPerCut)
            eligible = [.. eligible.OrderBy(r => StableHash(r.Customer, cut)).Take(options.MaxCustomersPerCut).OrderBy(r => r.Customer, StringComparer.Ordinal)];
        foreach (var (customer, products) in eligible)
        {
            var set = CandidateSet.Build(models, RecommendationQuery.ForCustomer(customer, options.CandidatesPerModel), options.CandidatesPerModel);
            var labels = set.Products.Select(p => products.Contains(p) ? 1f : 0f).ToArray();
            groups.Add(new TrainingGroup(set.Features, labels, products.Count));
        }
        return groups;
    }

    // FNV-1a of the id and the cut: a different, reproducible sample of customers per slice.
    private static uint StableHash(string id, double cut)
    {
        var h = 2166136261u ^ (uint)(cut * 1000);
        foreach (var ch in id) h = (h ^ ch) * 16777619u;
        return h;
    }
}

/// <summary>One customer's candidates in a validation window, with 0/1 labels.</summary>
internal sealed record TrainingGroup(float[][] Features, float[] Labels, int RelevantCount)
{
    /// <summary>NDCG@10 of an ordering of the candidates; relevant products the candidates missed still count in the ideal.</summary>
    public double Ndcg10(double[] scores)
    {
        if (RelevantCount == 0) return 0;
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(n => scores[n]).ThenBy(n => n).Take(10).ToArray();
        double dcg = 0, ideal = 0;
        for (var r = 0; r < order.Length; r++) if (Labels[order[r]] > 0) dcg += 1 / Math.Log2(r + 2);
        for (var r = 0; r < Math.Min(10, RelevantCount); r++) ideal += 1 / Math.Log2(r + 2);
        return dcg / ideal;
    }
}

/// <summary>
/// Mixes two blends' scores of one customer's candidates after standardizing each over those candidates, so the
/// weight means "how much of each blend's opinion" rather than "undo its score scale". Standardized scores keep how
/// far apart the candidates are; mixing rank positions instead lost that (LightGBM's few clear favourites) and
/// measured far worse on the tuning split's validation (0.141 vs 0.182 at weight 0.9/0.8).
/// </summary>
internal static class ScoreMix
{
    /// <summary>w × standardized <paramref name="first"/> + (1 − w) × standardized <paramref name="second"/>.</summary>
    public static double[] Mix(double[] first, double[] second, double weight)
    {
        var a = Standardized(first);
        var b = Standardized(second);
        var mixed = new double[a.Length];
        for (var n = 0; n < mixed.Length; n++) mixed[n] = weight * a[n] + (1 - weight) * b[n];
        return mixed;
    }

    /// <summary>(score − mean) / standard deviation over the customer's candidates (all 0 when they are equal).</summary>
    public static double[] Standardized(double[] scores)
    {
        if (scores.Length == 0) return [];
        var mean = scores.Average();
        var sd = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / scores.Length);
        return [.. scores.Select(s => sd > 0 ? (s - mean) / sd : 0.0)];
    }
}

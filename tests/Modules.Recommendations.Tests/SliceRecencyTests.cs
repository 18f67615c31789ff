using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

/// <summary>
/// Recency of the validation slices: how slices are weighted, that the blend choice follows the latest slices when
/// told to, that weighted fits lean towards the recent pattern, and the trending mix component.
/// </summary>
public class SliceRecencyTests
{
    [Fact]
    public void Weights_halve_every_half_life_and_stop_beyond_the_latest_slices()
    {
        var decay = new SliceRecency { HalfLifeSlices = 4 };
        Assert.Equal(1, decay.Weight(12, 12), 12);
        Assert.Equal(0.5, decay.Weight(8, 12), 12);
        Assert.Equal(0.25, decay.Weight(4, 12), 12);
        Assert.Equal(Math.Pow(0.5, 0.25), decay.Weight(11, 12), 12);

        var window = new SliceRecency { LatestSlices = 3 };
        Assert.Equal([1.0, 1.0, 1.0, 0.0, 0.0], new[] { 12, 11, 10, 9, 0 }.Select(s => window.Weight(s, 12)));
        // Both: the window cuts, the half-life decays inside it.
        var both = new SliceRecency { LatestSlices = 2, HalfLifeSlices = 1 };
        Assert.Equal([1.0, 0.5, 0.0], new[] { 5, 4, 3 }.Select(s => both.Weight(s, 5)));
        Assert.All(Enumerable.Range(0, 13), s => Assert.Equal(1, SliceRecency.Equal.Weight(s, 12)));
        Assert.True(SliceRecency.Equal.IsEqual);
    }

    [Fact]
    public void Group_weights_average_one_and_fall_back_to_equal_when_the_latest_slices_are_empty()
    {
        var groups = new[] { 0, 0, 1, 2 }.Select(s => Group(s)).ToList();
        var weights = new SliceRecency { HalfLifeSlices = 1 }.WeightsOf(groups, latest: 2);
        Assert.Equal(groups.Count, weights.Sum(), 9);
        Assert.Equal(2 * weights[2], weights[3], 9);          // one slice newer: twice the weight
        Assert.Equal(2 * weights[0], weights[2], 9);
        Assert.Equal(weights[0], weights[1], 12);
        // Only slices 0–2 hold customers but the latest cut is 5: a window of the latest 2 would count nobody.
        Assert.All(new SliceRecency { LatestSlices = 2 }.WeightsOf(groups, latest: 5), w => Assert.Equal(1, w));
    }

    [Fact]
    public void The_choice_follows_the_blend_that_wins_on_the_latest_slices_when_judged_by_recency()
    {
        // Slices 0–9: "steady" wins (NDCG 0.3 vs 0.1). Slices 10–12, nearest serving: "recent" wins (0.4 vs 0.2).
        var slices = Enumerable.Range(0, 13).SelectMany(s => Enumerable.Repeat(s, 5)).ToArray();
        var groups = slices.Select(s => Group(s)).ToList();
        var steady = new BlendMix(1, 0);
        var recent = new BlendMix(0, 0);
        var trials = new List<(BlendMix, double[])>
        {
            (steady, [.. slices.Select(s => s < 10 ? 0.3 : 0.2)]),
            (recent, [.. slices.Select(s => s < 10 ? 0.1 : 0.4)]),
        };
        Assert.Equal(steady, BlendJudge.Choose(trials, SliceRecency.Equal.WeightsOf(groups, 12)).Mix);
        Assert.Equal(recent, BlendJudge.Choose(trials, new SliceRecency { LatestSlices = 3 }.WeightsOf(groups, 12)).Mix);
        Assert.Equal(recent, BlendJudge.Choose(trials, new SliceRecency { HalfLifeSlices = 1 }.WeightsOf(groups, 12)).Mix);
        // A long half-life still hears mostly the ten old slices.
        Assert.Equal(steady, BlendJudge.Choose(trials, new SliceRecency { HalfLifeSlices = 8 }.WeightsOf(groups, 12)).Mix);
        var (_, latestNdcg) = BlendJudge.Choose(trials, new SliceRecency { LatestSlices = 3 }.WeightsOf(groups, 12));
        Assert.Equal(0.4, latestNdcg, 12);
        // Ties keep the combination listed first (the simpler one).
        Assert.Equal(recent, BlendJudge.Choose([(recent, [0.2, 0.2]), (steady, [0.2, 0.2])], [1.0, 1.0]).Mix);
    }

    [Fact]
    public void A_recency_weighted_linear_fit_leans_to_the_pattern_of_the_recent_slices()
    {
        // Old slices: the trending column finds the bought product. The latest slice: the item-kNN column does.
        var groups = new List<TrainingGroup>();
        for (var n = 0; n < 12; n++) groups.Add(TwoSignalGroup(trendingRight: true, slice: n % 10));
        for (var n = 0; n < 4; n++) groups.Add(TwoSignalGroup(trendingRight: false, slice: 12));
        var probe = TwoSignalGroup(trendingRight: false, slice: 12);

        var equal = LinearBlend.Fit(groups);
        var weighted = LinearBlend.Fit(groups, new SliceRecency { HalfLifeSlices = 1 }.WeightsOf(groups, 12));
        Assert.Equal(0, Top(equal.Score(probe.Features)));     // the trending favourite (wrong for recent customers)
        Assert.Equal(1, Top(weighted.Score(probe.Features)));  // the kNN favourite
        Assert.Equal(equal.Weights, LinearBlend.Fit(groups, SliceRecency.Equal.WeightsOf(groups, 12)).Weights);
    }

    [Fact]
    public void Lightgbm_example_weights_lean_to_the_recent_pattern_and_equal_weights_change_nothing()
    {
        var groups = new List<TrainingGroup>();
        for (var n = 0; n < 60; n++) groups.Add(TwoSignalGroup(trendingRight: true, slice: n % 10, seed: n));
        for (var n = 0; n < 20; n++) groups.Add(TwoSignalGroup(trendingRight: false, slice: 12, seed: 100 + n));
        var options = new BlendedRankerOptions { LightGbmMinExamplesPerLeaf = 5, LightGbmIterations = 30, LightGbmLeaves = 4 };
        var probe = TwoSignalGroup(trendingRight: false, slice: 12, seed: 999);

        var plain = LightGbmBlend.Fit(groups, options);
        var weighted = LightGbmBlend.Fit(groups, options, new SliceRecency { HalfLifeSlices = 1 }.WeightsOf(groups, 12));
        Assert.Equal(0, Top(plain.Score(probe.Features)));
        Assert.Equal(1, Top(weighted.Score(probe.Features)));
        // All-equal weights are the unweighted fit, exactly.
        var same = LightGbmBlend.Fit(groups, options, [.. groups.Select(_ => 2.0)]);
        Assert.Equal(plain.Score(probe.Features), same.Score(probe.Features));
    }

    [Fact]
    public void The_trending_component_is_mixed_by_its_share_and_served_as_trained()
    {
        double[] light = [3, 1, 2], linear = [1, 2, 3], trend = [0, 10, 5];
        var plain = ScoreMix.Mix(light, linear, 0.7);
        Assert.Equal(plain, ScoreMix.Mix(light, linear, trend, new BlendMix(0.7, 0)));
        var withTrend = ScoreMix.Mix(light, linear, trend, new BlendMix(0.7, 0.3));
        var zt = ScoreMix.Standardized(trend);
        for (var n = 0; n < 3; n++) Assert.Equal(0.7 * plain[n] + 0.3 * zt[n], withTrend[n], 12);
        Assert.Equal(BlendMethod.LightGbm, new BlendMix(1, 0).Method);
        Assert.Equal(BlendMethod.Linear, new BlendMix(0, 0).Method);
        Assert.Equal(BlendMethod.Mixed, new BlendMix(0, 0.2).Method);

        // A Mixed ranker offered no LightGBM/linear weights can only choose a trending share: it serves exactly that mix.
        var ranker = BlendedRanker.Train(DiscoveringTwoGroups(5), SmallRanker with
        {
            LightGbmLeaves = 8, Method = BlendMethod.Mixed, MixWeights = [], TrendingMixWeights = [0.3],
            Judging = new SliceRecency { LatestSlices = 2 }, Fitting = new SliceRecency { HalfLifeSlices = 2 },
        });
        Assert.Equal(BlendMethod.Mixed, ranker.Diagnostics.Chosen);
        Assert.Equal(0.3, ranker.Diagnostics.TrendingWeight);
        Assert.Contains(ranker.Diagnostics.MixWeight, new[] { 0.0, 1.0 });
        Assert.NotEmpty(ranker.Diagnostics.Slices);
        var set = CandidateSet.Build(ranker.Models, RecommendationQuery.ForCustomer("A0", 5), ranker.Options.CandidatesPerModel);
        var expected = ScoreMix.Mix(ranker.LightGbm!.Score(set.Features), ranker.Linear.Score(set.Features),
            [.. set.Features.Select(f => (double)f[0])], new BlendMix(ranker.Diagnostics.MixWeight, 0.3));
        var top = Enumerable.Range(0, set.Products.Count).OrderByDescending(n => expected[n]).ThenBy(n => n).Take(5).Select(n => set.Products[n]);
        Assert.Equal(top, ranker.Recommend(RecommendationQuery.ForCustomer("A0", 5)).Select(p => p.ProductId));
    }

    private static int Top(double[] scores) => Enumerable.Range(0, scores.Length).OrderByDescending(n => scores[n]).ThenBy(n => n).First();

    private static TrainingGroup Group(int slice) => new([[0f]], [1f], 1) { Slice = slice };

    /// <summary>
    /// Twelve candidates: candidate 0 is the trending column's favourite, candidate 1 the item-kNN column's, the rest
    /// weaker on both; the one bought is 0 or 1. The other feature columns carry a little deterministic noise.
    /// </summary>
    private static TrainingGroup TwoSignalGroup(bool trendingRight, int slice, int seed = 1)
    {
        var random = new Random(seed);
        var rows = new float[12][];
        for (var n = 0; n < rows.Length; n++)
        {
            rows[n] = new float[CandidateSet.FeatureCount];
            rows[n][0] = n == 0 ? 1f : n == 1 ? 0.2f : 0.1f + 0.3f * (float)random.NextDouble();   // trending.score
            rows[n][4] = n == 1 ? 1f : n == 0 ? 0.2f : 0.1f + 0.3f * (float)random.NextDouble();   // itemknn.score
        }
        var labels = new float[rows.Length];
        labels[trendingRight ? 0 : 1] = 1f;
        return new TrainingGroup(rows, labels, 1) { Slice = slice };
    }
}

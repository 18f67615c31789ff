using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

/// <summary>The mixed blend (LightGBM and linear, standardized per customer) and bagged LightGBM.</summary>
public class BlendMixTests
{
    [Fact]
    public void Standardizes_by_hand_and_the_end_weights_keep_either_blends_order()
    {
        var z = ScoreMix.Standardized([1, 2, 3]);
        var sd = Math.Sqrt(2.0 / 3);
        Assert.Equal(-1 / sd, z[0], 9);
        Assert.Equal(0, z[1], 9);
        Assert.Equal(1 / sd, z[2], 9);
        Assert.All(ScoreMix.Standardized([4, 4]), v => Assert.Equal(0, v));

        double[] first = [10, 0, 5], second = [0, 1, 2];
        Assert.Equal([1.0, -1.0, 0.0], ScoreMix.Mix(first, second, 1).Select(v => Math.Sign(Math.Round(v, 9))).Select(s => (double)s));
        var onlySecond = ScoreMix.Mix(first, second, 0);
        Assert.True(onlySecond[2] > onlySecond[1] && onlySecond[1] > onlySecond[0]);
        // Half and half, by hand: z(first) = [1.225, −1.225, 0], z(second) = [−1.225, 0, 1.225].
        var half = ScoreMix.Mix(first, second, 0.5);
        var zf = ScoreMix.Standardized(first);
        var zs = ScoreMix.Standardized(second);
        for (var n = 0; n < 3; n++) Assert.Equal(0.5 * zf[n] + 0.5 * zs[n], half[n], 12);
        Assert.Equal(0, half[0], 9);
        Assert.Equal(-0.5 * Math.Sqrt(1.5), half[1], 9);
        Assert.Equal(0.5 * Math.Sqrt(1.5), half[2], 9);
    }

    private static List<Interaction> Shop() => DiscoveringTwoGroups(5);

    private static readonly BlendedRankerOptions Small = SmallRanker with { LightGbmLeaves = 8 };

    [Fact]
    public void Bagged_lightgbm_averages_its_models_exactly_like_mlnet_and_is_reproducible()
    {
        var options = Small with { Method = BlendMethod.LightGbm, LightGbmBags = 3 };
        var ranker = BlendedRanker.Train(Shop(), options);
        var again = BlendedRanker.Train(Shop(), options);
        Assert.Equal(3, ranker.LightGbm!.Bags);
        foreach (var customer in new[] { "A0", "B1", "stranger" })
        {
            var set = CandidateSet.Build(ranker.Models, RecommendationQuery.ForCustomer(customer, 20), 20);
            var fast = ranker.LightGbm.Score(set.Features);
            var reference = ranker.LightGbm.ScoreWithMlNet(set.Features);
            for (var n = 0; n < fast.Length; n++) Assert.Equal(reference[n], fast[n], 4);
            Assert.Equal(fast, again.LightGbm!.Score(set.Features)); // parallel fitting, same models
        }
    }

    [Fact]
    public void The_mixed_blend_serves_what_its_weight_says()
    {
        var ranker = BlendedRanker.Train(Shop(), Small with { Method = BlendMethod.Mixed, MixWeights = [0.7] });
        Assert.Equal(BlendMethod.Mixed, ranker.Diagnostics.Chosen);
        Assert.Equal(0.7, ranker.Diagnostics.MixWeight);
        Assert.Single(ranker.Diagnostics.MixNdcg10);

        var set = CandidateSet.Build(ranker.Models, RecommendationQuery.ForCustomer("A0", 5), ranker.Options.CandidatesPerModel);
        var expected = ScoreMix.Mix(ranker.LightGbm!.Score(set.Features), ranker.Linear.Score(set.Features), 0.7);
        var top = Enumerable.Range(0, set.Products.Count).OrderByDescending(n => expected[n]).ThenBy(n => n).Take(5).Select(n => set.Products[n]);
        Assert.Equal(top, ranker.Recommend(RecommendationQuery.ForCustomer("A0", 5)).Select(p => p.ProductId));
    }
}

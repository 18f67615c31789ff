using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

public class BlendedRankerSyntheticTests
{
    private static List<Interaction> Shop() => DiscoveringTwoGroups(3);

    [Theory]
    [InlineData(BlendMethod.Linear)]
    [InlineData(BlendMethod.LightGbm)]
    [InlineData(BlendMethod.Auto)]
    public void Serves_personal_lists_new_customers_and_exclusions(BlendMethod method)
    {
        var ranker = BlendedRanker.Train(Shop(), SmallRanker with { Method = method });
        Assert.True(ranker.Diagnostics.ValidationCustomers > 0);
        Assert.NotEqual(BlendMethod.Auto, ranker.Diagnostics.Chosen);

        var forA = ranker.Recommend(RecommendationQuery.ForCustomer("A0", 5));
        Assert.Equal(5, forA.Count);
        Assert.True(forA.Count(p => p.ProductId.StartsWith('A')) >= 4, string.Join(",", forA.Select(p => p.ProductId)));
        var known = ranker.Models.ItemKnn.RecentProductsOf("A0", int.MaxValue);
        Assert.DoesNotContain(forA, p => known.Contains(p.ProductId));

        var excluded = forA[0].ProductId;
        Assert.DoesNotContain(ranker.Recommend(RecommendationQuery.ForCustomer("A0", 5) with { Exclude = [excluded] }), p => p.ProductId == excluded);

        var stranger = ranker.Recommend(RecommendationQuery.ForCustomer("stranger", 5));
        Assert.Equal(5, stranger.Count); // popularity candidates carry new customers
    }

    [Fact]
    public void The_compiled_lightgbm_trees_score_exactly_like_mlnet()
    {
        var ranker = BlendedRanker.Train(Shop(), SmallRanker with { Method = BlendMethod.LightGbm, LightGbmLeaves = 8 });
        var blend = ranker.LightGbm!;
        foreach (var customer in new[] { "A0", "A1", "B0", "stranger" })
        {
            var set = CandidateSet.Build(ranker.Models, RecommendationQuery.ForCustomer(customer, 20), 20);
            var fast = blend.Score(set.Features);
            var reference = blend.ScoreWithMlNet(set.Features);
            Assert.Equal(reference.Length, fast.Length);
            for (var n = 0; n < fast.Length; n++) Assert.Equal(reference[n], fast[n], 4);
            Assert.Contains(fast, s => s != fast[0]); // the trees really split
        }
    }
}

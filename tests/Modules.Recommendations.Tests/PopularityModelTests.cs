using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

public class PopularityModelTests
{
    [Fact]
    public void Decay_is_measured_from_the_latest_interaction_not_the_wall_clock()
    {
        // Data from 2001: measured from today every weight would be ~0 and all scores would tie.
        var data = new List<Interaction>
        {
            Buy("c1", "old", 0), Buy("c2", "old", 0), Buy("c3", "old", 0),
            Buy("c4", "new", 3), // the latest event in the data
        };
        var model = PopularityModel.Train(data, new PopularityOptions { HalfLife = TimeSpan.FromDays(1) });

        // A purchase weighs 5 (the default weighting).
        Assert.Equal(5.0, model.ScoreOf("new"), 12);                // age 0 from the latest event
        Assert.Equal(3 * 5 * 0.125, model.ScoreOf("old"), 12);      // three purchases, each 3 half-lives old
        Assert.Equal(Start.AddDays(3), model.TrainedUntil);
        Assert.Equal(["new", "old"], model.Recommend(new RecommendationQuery { Count = 2 }).Select(p => p.ProductId));
    }

    [Fact]
    public void Without_decay_volume_wins()
    {
        var data = new List<Interaction> { Buy("c1", "old", 0), Buy("c2", "old", 0), Buy("c3", "old", 0), Buy("c4", "new", 3) };
        var model = PopularityModel.Train(data, new PopularityOptions { HalfLife = null });
        Assert.Equal("old", model.Recommend(new RecommendationQuery { Count = 1 })[0].ProductId);
        Assert.Equal(3 * 5.0, model.ScoreOf("old"), 12);
    }

    [Fact]
    public void Kind_weights_make_a_purchase_count_more_than_a_view()
    {
        var data = new List<Interaction> { View("c1", "viewed"), View("c2", "viewed"), Buy("c3", "bought") };
        var model = PopularityModel.Train(data, new PopularityOptions { HalfLife = null });
        Assert.Equal("bought", model.Recommend(new RecommendationQuery { Count = 1 })[0].ProductId); // 5 > 1 + 1
    }

    [Fact]
    public void Excludes_given_products_and_the_customers_own_history()
    {
        var data = new List<Interaction>
        {
            Buy("c1", "p1"), Buy("c2", "p1"), Buy("c3", "p1"),
            Buy("c1", "p2"), Buy("c2", "p2"),
            Buy("c3", "p3"),
            Buy("c4", "p4"),
        };
        var model = PopularityModel.Train(data);
        var forC1 = model.Recommend(new RecommendationQuery { CustomerId = "c1", Count = 5, Exclude = ["p3"] });
        Assert.Equal(["p4"], forC1.Select(p => p.ProductId)); // p1, p2 known; p3 excluded

        var keepKnown = model.Recommend(new RecommendationQuery { CustomerId = "c1", Count = 2, ExcludeKnown = false });
        Assert.Equal(["p1", "p2"], keepKnown.Select(p => p.ProductId));
    }
}

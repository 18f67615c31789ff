using RetailCommerce.Modules.Recommendations.Training;

namespace RetailCommerce.Modules.Recommendations.Tests;

/// <summary>
/// A retrain on the same events with the same seed must serve the same lists: a merchant comparing two model
/// versions (or an engineer comparing two settings) would otherwise be looking at seed noise.
/// </summary>
public class ReproducibleRetrainTests
{
    private static readonly string[] Customers = ["A0", "B1", "A10", "B21", "A42", "B57"];

    [Fact]
    public void The_same_events_and_seed_give_the_same_lists()
    {
        var events = TestData.DiscoveringTwoGroups(seed: 5);
        var first = BlendedRanker.Train(events, TestData.SmallRanker with { Seed = 11 });
        var second = BlendedRanker.Train(events, TestData.SmallRanker with { Seed = 11 });

        Assert.Equal(first.Diagnostics.Chosen, second.Diagnostics.Chosen);
        foreach (var customer in Customers)
        {
            var a = first.Recommend(RecommendationQuery.ForCustomer(customer, 8));
            var b = second.Recommend(RecommendationQuery.ForCustomer(customer, 8));
            Assert.NotEmpty(a);
            Assert.Equal(a.Select(p => p.ProductId), b.Select(p => p.ProductId));
            Assert.Equal(a.Select(p => p.Score), b.Select(p => p.Score));
        }
    }

    [Fact]
    public void Training_settings_carry_the_seed_and_cut_the_slices_evenly()
    {
        var options = new TrainingSettings { RankerSeed = 23, ValidationSlices = 13 }.RankerOptions();

        Assert.Equal(23, options.Seed);
        Assert.Equal([0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90], options.ValidationCuts);
        Assert.Equal([0.8], BlendedRankerOptions.EvenValidationCuts(1));
        Assert.Equal([0.30, 0.60, 0.90], BlendedRankerOptions.EvenValidationCuts(3));
        Assert.Equal(7, new TrainingSettings().RankerOptions().Seed);
        Assert.Equal(new BlendedRankerOptions().ValidationCuts, new TrainingSettings().RankerOptions().ValidationCuts);
    }
}

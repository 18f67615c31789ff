using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

public class RecommendationRulesTests
{
    private static readonly Dictionary<string, string> Category = new()
    {
        ["phone-case-1"] = "cases", ["phone-case-2"] = "cases", ["phone-case-3"] = "cases",
        ["charger"] = "power", ["earbuds"] = "audio",
    };

    private static readonly IReadOnlyList<ScoredProduct> Ranked =
    [
        new("phone-case-1", 0.95), new("phone-case-2", 0.94), new("phone-case-3", 0.93),
        new("charger", 0.80), new("earbuds", 0.50),
    ];

    private static string? CategoryOf(string id) => Category.GetValueOrDefault(id);

    [Fact]
    public void Mmr_with_lambda_one_keeps_the_model_order()
    {
        var kept = RecommendationRules.Diversify(Ranked, RecommendationRules.SameGroup(CategoryOf), 1.0, 5);
        Assert.Equal(Ranked.Select(p => p.ProductId), kept.Select(p => p.ProductId));
    }

    [Fact]
    public void Mmr_moves_another_category_up_past_near_duplicates()
    {
        var diverse = RecommendationRules.Diversify(Ranked, RecommendationRules.SameGroup(CategoryOf), 0.5, 3);
        // Relevance scaled to [0,1]: cases 1, .978, .956; charger .667; earbuds 0.
        // Step 2: case-2 = .5·.978 − .5·1 < charger = .5·.667 − 0 → charger. Step 3: earbuds (0) beats case-2 (−.011).
        Assert.Equal(["phone-case-1", "charger", "earbuds"], diverse.Select(p => p.ProductId));
        Assert.Equal(3, diverse.Select(p => CategoryOf(p.ProductId)).Distinct().Count());
    }

    [Fact]
    public void Cap_per_category_keeps_order_and_refills_from_further_down()
    {
        var capped = RecommendationRules.CapPerGroup(Ranked, CategoryOf, maxPerGroup: 1, count: 3);
        Assert.Equal(["phone-case-1", "charger", "earbuds"], capped.Select(p => p.ProductId));
        var two = RecommendationRules.CapPerGroup(Ranked, CategoryOf, maxPerGroup: 2, count: 4);
        Assert.Equal(["phone-case-1", "phone-case-2", "charger", "earbuds"], two.Select(p => p.ProductId));
    }

    [Fact]
    public void Exclusions_cover_bought_products_and_the_cart_but_not_what_was_bought_after_carting()
    {
        var history = new List<Interaction>
        {
            Buy("c1", "charger", 1),
            Cart("c1", "earbuds", 2),          // still in the cart
            Cart("c1", "phone-case-1", 1),
            Buy("c1", "phone-case-1", 2),      // carted, then bought: bought, not in the cart
            Cart("c1", "charger", 3),          // bought before, in the cart again (a re-order)
            View("c1", "phone-case-2", 3),     // only viewed: still recommendable
            Buy("c2", "phone-case-3", 1),
        };
        var rules = new CustomerExclusions(history);

        Assert.Equal(new HashSet<string> { "charger", "phone-case-1" }, rules.BoughtBy("c1").ToHashSet());
        Assert.Equal(new HashSet<string> { "earbuds", "charger" }, rules.InCartOf("c1").ToHashSet());
        var shown = RecommendationRules.Exclude(Ranked, rules.For("c1"));
        Assert.Equal(["phone-case-2", "phone-case-3"], shown.Select(p => p.ProductId));
        Assert.Empty(rules.For("stranger"));
    }

    [Fact]
    public void Fallback_tops_up_a_short_list_below_the_primary_answers()
    {
        var data = TwoGroups();
        var knn = ItemKnnModel.Train(data);
        var popularity = PopularityModel.Train(data);
        var combined = new FallbackModel(knn, popularity);

        var cold = combined.Recommend(RecommendationQuery.ForCustomer("stranger", 3));
        Assert.Equal(popularity.Recommend(RecommendationQuery.ForCustomer("stranger", 3)).Select(p => p.ProductId), cold.Select(p => p.ProductId));

        var warm = combined.Recommend(RecommendationQuery.ForCustomer("a1", 5));
        Assert.Equal(5, warm.Count);
        Assert.Equal("A1", warm[0].ProductId);
        Assert.Equal(warm.Count, warm.Select(p => p.ProductId).Distinct().Count());
        Assert.True(warm.Zip(warm.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
    }
}

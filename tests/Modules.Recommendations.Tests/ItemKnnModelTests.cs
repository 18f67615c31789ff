using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

public class ItemKnnModelTests
{
    [Theory]
    [InlineData(ItemSimilarity.Cosine)]
    [InlineData(ItemSimilarity.Jaccard)]
    [InlineData(ItemSimilarity.Lift)]
    public void Recommends_the_missing_product_of_the_customers_own_group(ItemSimilarity similarity)
    {
        var model = ItemKnnModel.Train(TwoGroups(), new ItemKnnOptions { Similarity = similarity, HalfLife = null });

        var forA1 = model.Recommend(RecommendationQuery.ForCustomer("a1", 1));
        Assert.Equal("A1", Assert.Single(forA1).ProductId); // although B1 is the best seller
        Assert.DoesNotContain(model.SimilarTo("A2"), p => p.ProductId.StartsWith('B'));
    }

    [Fact]
    public void Jaccard_similarity_is_shared_over_either()
    {
        // p and q: 2 shared customers; p has 3 customers, q has 4 → 2 / (3 + 4 − 2) = 0.4
        var data = new List<Interaction>
        {
            Buy("c1", "p"), Buy("c1", "q"),
            Buy("c2", "p"), Buy("c2", "q"),
            Buy("c3", "p"),
            Buy("c4", "q"), Buy("c5", "q"),
        };
        var model = ItemKnnModel.Train(data, new ItemKnnOptions { Similarity = ItemSimilarity.Jaccard, HalfLife = null });
        Assert.Equal(0.4, model.Similarity("p", "q"), 6);
        Assert.Equal(0.4, model.Similarity("q", "p"), 6);
    }

    [Fact]
    public void Cosine_shrinkage_pulls_thinly_supported_pairs_down()
    {
        var data = new List<Interaction> { Buy("c1", "p"), Buy("c1", "q") };
        var raw = ItemKnnModel.Train(data, new ItemKnnOptions { Shrinkage = 0, HalfLife = null });
        var shrunk = ItemKnnModel.Train(data, new ItemKnnOptions { Shrinkage = 10, HalfLife = null });
        Assert.Equal(1.0, raw.Similarity("p", "q"), 6);  // 5·5 / (5·5): one shared buyer looks "identical"
        Assert.Equal(25.0 / 35.0, shrunk.Similarity("p", "q"), 6);
    }

    [Fact]
    public void Recent_interests_outweigh_old_ones_with_decay()
    {
        var data = TwoGroups();
        // A new customer: three A-products 60 days before the latest event, one B-product on the latest day.
        var latest = data.Max(x => x.OccurredAt);
        var days = (latest - Start).TotalDays;
        data.Add(Buy("z", "A2", days - 60));
        data.Add(Buy("z", "A3", days - 60));
        data.Add(Buy("z", "A4", days - 60));
        data.Add(Buy("z", "B2", days));

        var decayed = ItemKnnModel.Train(data, new ItemKnnOptions { HalfLife = TimeSpan.FromDays(7) });
        var flat = ItemKnnModel.Train(data, new ItemKnnOptions { HalfLife = null });
        Assert.StartsWith("B", decayed.Recommend(RecommendationQuery.ForCustomer("z", 1))[0].ProductId);
        Assert.Equal("A1", flat.Recommend(RecommendationQuery.ForCustomer("z", 1))[0].ProductId);
    }

    [Fact]
    public void Context_products_drive_answers_for_unknown_customers_and_are_excluded()
    {
        var model = ItemKnnModel.Train(TwoGroups());
        var related = model.Recommend(new RecommendationQuery { CustomerId = "nobody", ContextProductIds = ["B2"], Count = 3 });
        Assert.NotEmpty(related);
        Assert.All(related, p => Assert.StartsWith("B", p.ProductId));
        Assert.DoesNotContain(related, p => p.ProductId == "B2");
        Assert.Empty(model.Recommend(RecommendationQuery.ForCustomer("nobody")));
    }
}

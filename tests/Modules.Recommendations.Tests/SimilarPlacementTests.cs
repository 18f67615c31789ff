using RetailCommerce.Catalog;
using RetailCommerce.Modules.Recommendations.Bench;
using RetailCommerce.Modules.Recommendations.Freshness;
using RetailCommerce.Modules.Recommendations.Serving;
using RetailCommerce.Modules.Recommendations.Training;
using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

/// <summary>SIMILAR shows alternatives to the product: same category first, then same department, then the rest.</summary>
public sealed class SimilarPlacementTests
{
    [Fact]
    public void Alternatives_in_the_same_category_come_before_what_is_merely_bought_alongside()
    {
        Product P(string id, params string[] path) => new() { Id = id, Title = id, Stock = 5, CategoryPath = [.. path] };
        var catalog = new List<Product>
        {
            P("skillet", "Kitchen", "Cookware"), P("pan", "Kitchen", "Cookware"), P("knife", "Kitchen", "Knives"),
            P("blouse", "Fashion", "Tops"), P("scarf", "Fashion", "Accessories"),
        };
        // Many shoppers buy the skillet with a blouse (strong co-interaction); only a few with the pan or the knife.
        var interactions = new List<Interaction>();
        for (var c = 0; c < 40; c++)
        {
            interactions.Add(Buy($"c{c}", "skillet", c));
            interactions.Add(Buy($"c{c}", c < 30 ? "blouse" : c < 35 ? "pan" : "knife", c + 0.5));
            if (c % 2 == 0) interactions.Add(Buy($"c{c}", "scarf", c + 0.7));
        }
        var model = RecommendationTrainer.Train("v1", interactions, catalog,
            new TrainingSettings { MinInteractionsForRanker = 1_000_000, HoldoutCheckMaxInteractions = 0, AlsFactors = 2, AlsIterations = 2 });
        Assert.True(model.Models.ItemKnn.Similarity("skillet", "blouse") > model.Models.ItemKnn.Similarity("skillet", "pan"));

        var list = RecommendationEngine.Recommend(new RecommendationRequest { Placement = Placement.Similar, ProductId = "skillet", Count = 4 },
            new ServingInputs(model, CatalogSnapshot.Of(catalog, DateTimeOffset.UtcNow), LiveSignals.Empty, ModuleBench.PlainSettings(), new ShopperState(null, [])), "rec");

        var shown = list.Items.Select(i => i.ProductId).ToList();
        Assert.Equal("pan", shown[0]);   // same category
        Assert.Equal("knife", shown[1]); // same department
        Assert.True(shown.IndexOf("blouse") > 1, string.Join(",", shown));
        Assert.All(list.Items, i => Assert.Equal("Similar to skillet", i.Reason));
    }
}

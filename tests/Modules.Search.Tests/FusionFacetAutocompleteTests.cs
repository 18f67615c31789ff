using System.Diagnostics;
using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Semantic;
using static RetailCommerce.Modules.Search.Tests.Catalogs;

namespace RetailCommerce.Modules.Search.Tests;

public class FusionTests
{
    [Fact]
    public void Item_liked_by_both_retrievers_beats_items_only_one_of_them_ranks_first()
    {
        var lexical = new RankedList<string>(["a", "b", "c"]);
        var semantic = new RankedList<string>(["d", "b", "e"]);

        var fused = RankFusion.Reciprocal([lexical, semantic]);

        Assert.Equal("b", fused[0].Item);
        Assert.Equal(1.0 / 62 + 1.0 / 62, fused[0].Score, 10);
        Assert.Equal(5, fused.Count);
    }

    [Fact]
    public void List_weight_shifts_the_balance()
    {
        var fused = RankFusion.Reciprocal([new RankedList<string>(["a"], 1.0), new RankedList<string>(["b"], 2.0)]);

        Assert.Equal(["b", "a"], fused.Select(f => f.Item));
    }

    [Fact]
    public void In_stock_and_popular_products_get_a_small_multiplicative_lift()
    {
        var signals = new BusinessSignalOptions();

        var inStock = signals.Factor(P("a", "x", stock: 3), maxPopularity: 100);
        var soldOut = signals.Factor(P("b", "x", stock: 0), maxPopularity: 100);
        var bestSeller = signals.Factor(P("c", "x", stock: 3, popularity: 100), maxPopularity: 100);

        Assert.True(inStock > soldOut);
        Assert.True(bestSeller > inStock);
        Assert.True(bestSeller < 1.5 * soldOut); // a nudge, not an override
    }

    [Fact]
    public async Task Hybrid_prefers_the_in_stock_twin()
    {
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("sold-out", "Oak Dining Table", stock: 0),
            P("available", "Oak Dining Table", stock: 4),
            P("other", "Pine Bookshelf", stock: 4),
        ]);

        var result = await index.SearchAsync(new SearchRequest("oak dining table"));

        Assert.Equal("available", result.Hits[0].Product.Id);
    }
}

public class FacetTests
{
    [Fact]
    public void Counts_category_tree_brands_price_buckets_and_selected_attributes()
    {
        var facets = FacetCounter.Count(HomeStore(), new FacetRequest { Attributes = ["Color"] });

        var furniture = facets.Categories.Single(c => c.Name == "Furniture");
        Assert.Equal(3, furniture.Count);
        var livingRoom = Assert.Single(furniture.Children);
        Assert.Equal(3, livingRoom.Count);
        Assert.Equal(2, livingRoom.Children.Single(c => c.Name == "Sofas").Count);
        Assert.Equal(["Furniture", "Living Room", "Sofas"], livingRoom.Children.Single(c => c.Name == "Sofas").Path);

        Assert.Equal(new FacetValue("Hampton Bay", 2), facets.Brands[0]);
        Assert.Equal(12, facets.Prices.Sum(b => b.Count));
        Assert.DoesNotContain(facets.Prices, b => b.To == 25m); // empty buckets are omitted
        Assert.Equal(3, facets.Prices.Single(b => b.From == 25m && b.To == 50m).Count); // 35, 39, 45
        Assert.Equal(3, facets.Prices.Single(b => b.From == 100m && b.To == 250m).Count); // 189, 189, 249
        Assert.Equal(new PriceBucket(1000m, null, 1), facets.Prices[^1]);

        var colors = facets.Attributes["color"];
        Assert.Contains(new FacetValue("Grey", 1), colors);
        Assert.Equal(4, colors.Sum(c => c.Count));
    }

    [Fact]
    public async Task Search_counts_facets_over_the_whole_result_set_not_the_page()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), new SearchIndexOptions { DisableSemantic = true });

        var result = await index.SearchAsync(new SearchRequest("living room") { Mode = SearchMode.Lexical, Limit = 1, Facets = new FacetRequest() });

        Assert.Single(result.Hits);
        Assert.Equal(3, result.TotalCount);
        Assert.Equal(3, result.Facets!.Categories.Single(c => c.Name == "Furniture").Count);
    }
}

public class AutocompleteTests
{
    [Fact]
    public async Task Completes_the_last_word_and_requires_the_earlier_ones()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), new SearchIndexOptions { DisableSemantic = true });

        Assert.Equal(["Bluetooth Speaker Waterproof"], index.Autocomplete("blue").Select(s => s.Title).Where(t => t.StartsWith("Blue")));
        Assert.Contains(index.Autocomplete("blu"), s => s.ProductId == "chair-1"); // "Blue Velvet"
        Assert.Equal(["lamp-2"], index.Autocomplete("desk la").Select(s => s.ProductId));
        Assert.Empty(index.Autocomplete("sofa la"));
    }

    [Fact]
    public async Task Forgives_a_typo_in_a_finished_word()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), new SearchIndexOptions { DisableSemantic = true });

        Assert.Equal(["fridge-1"], index.Autocomplete("mini refridgerator ").Select(s => s.ProductId));
    }
}

public class EmbeddingTests
{
    private static List<SearchableProduct> SeatingAndLighting()
    {
        var products = new List<SearchableProduct>();
        for (var i = 0; i < 30; i++)
        {
            products.Add(P($"s{i}", i % 2 == 0 ? $"Sofa sectional cushions living room {i}" : $"Couch sectional cushions living room {i}"));
            products.Add(P($"l{i}", $"Lamp bulb shade light desk {i}"));
        }
        return products;
    }

    [Fact]
    public void Store_trained_vectors_put_words_that_keep_the_same_company_together()
    {
        var model = CatalogEmbeddingTrainer.Train(SeatingAndLighting(), new CatalogEmbeddingOptions { Dimensions = 8 });

        var sofa = model.WordVector("sofa").ToArray();
        var couch = model.WordVector("couch").ToArray();
        var lamp = model.WordVector("lamp").ToArray();

        Assert.True(Dot(sofa, couch) > Dot(sofa, lamp) + 0.2, $"sofa·couch={Dot(sofa, couch)} sofa·lamp={Dot(sofa, lamp)}");
    }

    [Fact]
    public async Task Generator_embeds_text_to_unit_vectors_and_typos_borrow_the_nearest_word()
    {
        using var generator = CatalogEmbeddingGenerator.Train(SeatingAndLighting(), new CatalogEmbeddingOptions { Dimensions = 8 });

        var embeddings = await generator.GenerateAsync(["sectional cushions", "sectionnal cushions", "qqqq"]);

        Assert.Equal(1f, Norm(embeddings[0].Vector.ToArray()), 3);
        Assert.True(Dot(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray()) > 0.9f);
        Assert.Equal(0f, Norm(embeddings[2].Vector.ToArray())); // nothing known: no direction rather than a random one
        Assert.Equal(8, generator.Model.Dimensions);
    }

    [Fact]
    public async Task Semantic_search_finds_the_other_word_for_the_same_thing()
    {
        using var index = await ProductSearchIndex.BuildAsync(SeatingAndLighting(), new SearchIndexOptions { EmbeddingTraining = new CatalogEmbeddingOptions { Dimensions = 8 } });

        var result = await index.SearchAsync(new SearchRequest("couch") { Mode = SearchMode.Semantic, Limit = 30 });

        Assert.All(result.Hits, h => Assert.StartsWith("s", h.Product.Id));
        Assert.Contains(result.Hits, h => h.Product.Title.StartsWith("Sofa"));
    }

    private static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static float Norm(float[] a) => System.Numerics.Tensors.TensorPrimitives.Norm(a);
}

/// <summary>
/// A catalogue the size of the speed goal (40,000 products) still answers correctly. How fast it answers is
/// measured by the Bench load run (docs/search.md), not here: a timed unit test only measures the CI machine.
/// </summary>
public class LargeCatalogTests
{
    [Fact]
    public async Task Forty_thousand_products_answer_lexical_queries_typos_and_autocomplete()
    {
        var random = new Random(7);
        string[] nouns = ["lamp", "sofa", "chair", "table", "rug", "speaker", "kettle", "drill", "hose", "mirror", "shelf", "desk"];
        string[] adjectives = ["oak", "brass", "grey", "blue", "leather", "wireless", "cordless", "round", "large", "modern", "vintage", "steel"];
        var products = Enumerable.Range(0, 40_000).Select(i => P($"p{i}",
            $"{adjectives[random.Next(12)]} {adjectives[random.Next(12)]} {nouns[random.Next(12)]} model{random.Next(5000)}",
            $"{nouns[random.Next(12)]} with {adjectives[random.Next(12)]} finish")).ToList();
        using var index = await ProductSearchIndex.BuildAsync(products, new SearchIndexOptions { DisableSemantic = true });

        foreach (var (query, words) in new[] { ("grey sofa", new[] { "grey", "sofa" }), ("cordless drill", ["cordless", "drill"]), ("moden shelf", ["modern", "shelf"]) })
        {
            var result = await index.SearchAsync(new SearchRequest(query) { Mode = SearchMode.Lexical });
            Assert.True(result.TotalCount > 0, query);
            var top = result.Hits.Take(5).Select(h => h.Product.Title).ToList();
            Assert.All(top, title => Assert.All(words, w => Assert.Contains(w, title)));
        }

        var suggestions = index.Autocomplete("vintage br");
        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, s => Assert.Contains("vintage", s.Title));
    }
}

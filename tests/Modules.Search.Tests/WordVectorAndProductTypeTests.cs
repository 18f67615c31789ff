using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Learned;
using RetailCommerce.Modules.Search.Text;
using static RetailCommerce.Modules.Search.Tests.Catalogs;

namespace RetailCommerce.Modules.Search.Tests;

public class WordVectorTests
{
    // A tiny hand-made space: couch ≈ sofa, hose far from both; "lamp" only in the text file.
    private const string WinkJson = """
        {"precision":8,"dimensions":3,"words":["couch","sofa","hose"],
         "vectors":{"couch":[1,0.2,0,1.02,0],"sofa":[0.9,0.3,0,0.95,1],"hose":[0,0,2,2,2]},"unkVector":[0,0,0]}
        """;

    [Fact]
    public void Reads_the_wink_json_format_as_unit_vectors_ignoring_the_values_past_the_dimensions()
    {
        var path = Path.GetTempFileName() + ".json";
        File.WriteAllText(path, WinkJson);
        try
        {
            var vectors = WordVectors.Load(path);
            Assert.Equal(3, vectors.Count);
            Assert.Equal(3, vectors.Dimensions);
            Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(vectors.Vector("hose")), 5);
            Assert.True(vectors.Similarity("couch", "sofa") > 0.95f);
            Assert.Equal(0f, vectors.Similarity("couch", "hose"), 5);
            Assert.Equal(1f, vectors.Similarity("lamp", "lamp")); // the same word, even unknown
            Assert.Equal(0f, vectors.Similarity("couch", "lamp")); // unknown words say nothing
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Reads_glove_text_and_refuses_a_missing_file_or_ragged_vectors()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "lamp 0 3 4\nlight 0 4 3\n");
        try
        {
            var vectors = WordVectors.Load(path);
            Assert.Equal(24f / 25f, vectors.Similarity("lamp", "light"), 5);
        }
        finally { File.Delete(path); }
        Assert.Throws<FileNotFoundException>(() => WordVectors.Load("/nonexistent/vectors.json"));
        Assert.Throws<InvalidDataException>(() => WordVectors.From([new("a", [1f, 0f]), new("b", [1f])]));
    }

    [Fact]
    public async Task Word_vector_features_let_a_couch_query_prefer_sofas_and_stay_zero_without_vectors()
    {
        var vectors = WordVectors.From([new("couch", [1f, 0.1f, 0f]), new("sofa", [0.9f, 0.2f, 0f]), new("hose", [0f, 0f, 1f]), new("leather", [0.3f, 1f, 0f])]);
        List<SearchableProduct> catalog = [P("sofa", "Leather Sofa in Brown"), P("hose", "Garden Hose with Nozzle"), P("couch", "Couch Cover (2-Pack)")];
        int F(string name) => SearchRankingFeatures.IndexOf(name);

        using var index = await ProductSearchIndex.BuildAsync(catalog, new SearchIndexOptions { WordVectors = vectors });
        var byId = (await index.RankingCandidatesAsync(new SearchRequest("leather couch"))).ToDictionary(c => c.ProductId, c => c.Features);
        Assert.Contains("sofa", byId.Keys); // found through the catalog's own semantic or lexical stage
        Assert.True(byId["sofa"][F("word_vector_soft_mean")] > 0.9f); // leather = leather, couch ≈ sofa
        Assert.True(byId["sofa"][F("word_vector_head")] > 0.9f);
        Assert.True(byId["sofa"][F("word_vector_type_head")] > 0.9f); // the sofa is a kind of couch
        Assert.Equal(1f, byId["couch"][F("word_vector_head")]); // "couch" is in the cover's title...
        Assert.True(byId["couch"][F("word_vector_type_head")] < 0.2f); // ...but it is a cover
        if (byId.TryGetValue("hose", out var hose)) Assert.True(hose[F("word_vector_soft_mean")] < byId["sofa"][F("word_vector_soft_mean")]);

        using var plain = await ProductSearchIndex.BuildAsync(catalog);
        Assert.All(await plain.RankingCandidatesAsync(new SearchRequest("leather couch")), c =>
            Assert.Equal(0f, c.Features.AsSpan(F("word_vector_soft_mean"), 6).ToArray().Max()));
    }
}

public class ProductTypeFeatureTests
{
    [Fact]
    public async Task Kinds_of_product_follow_their_products_through_compaction()
    {
        int F(string name) => SearchRankingFeatures.IndexOf(name);
        var vectors = WordVectors.From([new("red", [1f, 0f, 0f]), new("kettle", [0f, 1f, 0f]), new("blue", [0f, 0f, 1f]), new("teapot", [0.2f, 0.8f, 0.2f])]);
        var products = Enumerable.Range(0, 3000).Select(i => P($"p{i}", i % 3 == 0 ? $"Red Kettle {i}" : $"Blue Teapot {i}")).ToList();
        using var index = await ProductSearchIndex.BuildAsync(products, new SearchIndexOptions { DisableSemantic = true, WordVectors = vectors });
        for (var i = 0; i < 3000; i += 2) index.Remove($"p{i}"); // half removed: the ordinals are compacted

        var candidates = await index.RankingCandidatesAsync(new SearchRequest("red kettle"));
        var kettles = candidates.Where(c => int.Parse(c.ProductId[1..]) % 3 == 0).ToList();
        Assert.NotEmpty(kettles);
        Assert.All(kettles, c => Assert.Equal(1f, c.Features[F("query_names_product_type")]));
        Assert.All(candidates.Except(kettles), c => Assert.Equal(0f, c.Features[F("query_names_product_type")]));
        // Word-vector features read each candidate's own title: a kettle's words are the query's, a teapot's only half.
        Assert.All(kettles, c => Assert.Equal(1f, c.Features[F("word_vector_soft_mean")], 4));
        Assert.All(candidates.Except(kettles), c => Assert.True(c.Features[F("word_vector_soft_mean")] < 0.95f));
    }

    [Fact]
    public async Task The_query_names_the_kind_of_product_only_when_it_is_what_the_title_is()
    {
        int F(string name) => SearchRankingFeatures.IndexOf(name);
        List<SearchableProduct> catalog =
        [
            P("microwave", "Whirlpool 1.9 cu. ft. Over the Range Microwave in Stainless Steel"),
            P("kit", "Whirlpool Microwave Trim Kit in Black"),
            P("kit2", "GE Microwave Trim Kit"), P("range", "GE Electric Range in White"),
        ];
        using var index = await ProductSearchIndex.BuildAsync(catalog);
        var byId = (await index.RankingCandidatesAsync(new SearchRequest("whirlpool microwave"))).ToDictionary(c => c.ProductId, c => c.Features);
        Assert.Equal(1f, byId["microwave"][F("query_names_product_type")]);
        Assert.Equal(1f, byId["microwave"][F("head_word_is_product_type")]);
        Assert.Equal(0f, byId["kit"][F("query_names_product_type")]); // mentions microwave, is a kit
        Assert.Equal(0f, byId["kit"][F("head_word_is_product_type")]);
        // "microwave" is the kind of one title of the three that contain it.
        Assert.Equal(1f / 3f, byId["kit"][F("head_word_type_share")], 4);
        // Consensus: the share of the query's top candidates that are of the candidate's kind.
        Assert.True(byId["kit"][F("product_type_consensus")] > byId["microwave"][F("product_type_consensus")]);
    }
}

using Microsoft.Extensions.AI;
using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Text;
using static RetailCommerce.Modules.Search.Tests.Catalogs;

namespace RetailCommerce.Modules.Search.Tests;

public class LexicalSearchTests
{
    private static readonly SearchIndexOptions LexicalOnly = new() { DisableSemantic = true };

    private static async Task<List<string>> Ids(ProductSearchIndex index, string query, SearchMode mode = SearchMode.Lexical, bool asYouType = false)
    {
        var result = await index.SearchAsync(new SearchRequest(query) { Mode = mode, AsYouType = asYouType });
        return result.Hits.Select(h => h.Product.Id).ToList();
    }

    [Fact]
    public async Task Title_match_outranks_description_match()
    {
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("a", "Garden Hose Reel", "Keeps the hose tidy; works with any lamp post"),
            P("b", "Brass Lamp", "Warm light"),
        ], LexicalOnly);

        Assert.Equal(["b", "a"], await Ids(index, "lamp"));
    }

    [Fact]
    public async Task Shorter_title_wins_when_both_titles_contain_the_word()
    {
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("long", "Lamp Shade Replacement Kit with Harp Finial and Bulb Adapter"),
            P("short", "Lamp"),
            P("other", "Rug"),
        ], LexicalOnly);

        Assert.Equal("short", (await Ids(index, "lamp"))[0]);
    }

    [Fact]
    public async Task Rare_word_outweighs_common_word()
    {
        var products = Enumerable.Range(0, 20).Select(i => P($"set-{i}", $"Storage Set {i}")).ToList();
        products.Add(P("vase", "Ceramic Vase"));
        products.Add(P("ceramic-set", "Ceramic Set"));
        using var index = await ProductSearchIndex.BuildAsync(products, LexicalOnly);

        var ids = await Ids(index, "ceramic set");

        Assert.Equal("ceramic-set", ids[0]);
        Assert.Equal("vase", ids[1]); // "ceramic" (rare) beats any plain "set" (common)
    }

    [Fact]
    public async Task Brand_field_counts_more_than_description()
    {
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("desc", "Speaker", "Sounds as good as a samsung"),
            P("brand", "Speaker", "Portable", brand: "Samsung"),
        ], LexicalOnly);

        Assert.Equal(["brand", "desc"], await Ids(index, "samsung speaker"));
    }

    [Fact]
    public async Task Stemming_lets_plural_queries_find_singular_titles()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), LexicalOnly);

        Assert.Contains("lamp-1", await Ids(index, "floor lamps"));
    }

    [Fact]
    public async Task Typo_tolerance_finds_the_catalog_word_and_reports_the_correction()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), LexicalOnly);

        var result = await index.SearchAsync(new SearchRequest("assassinss creed") { Mode = SearchMode.Lexical });

        Assert.Equal("game-1", result.Hits[0].Product.Id);
        Assert.Equal("assassins creed", result.CorrectedQuery);
    }

    [Fact]
    public async Task Short_words_get_no_typo_slack()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), LexicalOnly);

        var result = await index.SearchAsync(new SearchRequest("lanp") { Mode = SearchMode.Lexical });

        Assert.True(result.ZeroResults); // "lanp" is 4 letters: 0 edits allowed, so no "lamp"
    }

    [Fact]
    public async Task Last_word_is_a_prefix_only_while_typing()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), LexicalOnly);

        Assert.Equal("speaker-1", (await Ids(index, "bluet", asYouType: true))[0]);
        Assert.DoesNotContain("speaker-1", await Ids(index, "bluet", asYouType: false)); // a finished "bluet" is a typo of "blue"
    }

    [Fact]
    public async Task Two_way_synonyms_work_both_ways_one_way_only_one_way()
    {
        var synonyms = new SynonymSet().AddTwoWay("sofa", "couch").AddOneWay("tv", "television");
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("sofa", "Grey Sofa"),
            P("couch", "Leather Couch"),
            P("tv", "Samsung Television"),
            P("mount", "TV Wall Mount"),
        ], LexicalOnly with { Synonyms = synonyms });

        Assert.Equal(["couch", "sofa"], (await Ids(index, "couches")).Order());
        Assert.Equal(["couch", "sofa"], (await Ids(index, "sofa")).Order());
        Assert.Equal(["mount", "tv"], (await Ids(index, "tv")).Order());
        Assert.Equal(["tv"], await Ids(index, "television"));
    }

    [Fact]
    public async Task Multi_word_synonym_phrase_matches_only_when_all_its_words_are_present()
    {
        var synonyms = new SynonymSet().AddTwoWay("fridge", "ice box");
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("box", "Vintage Ice Box Cooler"),
            P("ice", "Ice Scraper"),
            P("fridge", "Compact Fridge"),
        ], LexicalOnly with { Synonyms = synonyms });

        var ids = await Ids(index, "fridge");

        Assert.Equal(["box", "fridge"], ids.Order());
    }

    [Fact]
    public async Task Adjacent_query_words_in_the_title_rank_first()
    {
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("maker", "Coffee Maker 12 Cup"),
            P("cup", "Ceramic Coffee Cup"),
        ], LexicalOnly);

        Assert.Equal("cup", (await Ids(index, "coffee cup"))[0]);
    }

    [Fact]
    public async Task Upsert_replaces_and_remove_deletes()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), LexicalOnly);

        await index.UpsertAsync(P("lamp-1", "Brass Table Clock"));
        Assert.DoesNotContain("lamp-1", await Ids(index, "floor lamp"));
        Assert.Contains("lamp-1", await Ids(index, "clock"));

        Assert.True(index.Remove("lamp-1"));
        Assert.DoesNotContain("lamp-1", await Ids(index, "clock")); // (typo tolerance may now offer "lock")
        Assert.False(index.Remove("lamp-1"));
        Assert.Equal(HomeStore().Count - 1, index.Count);
    }

    [Fact]
    public async Task Results_stay_correct_after_compaction_of_many_removals()
    {
        var products = Enumerable.Range(0, 3000).Select(i => P($"p{i}", i % 3 == 0 ? $"Red Kettle {i}" : $"Blue Teapot {i}")).ToList();
        using var index = await ProductSearchIndex.BuildAsync(products, LexicalOnly);

        for (var i = 0; i < 3000; i += 2) index.Remove($"p{i}"); // half removed: triggers compaction
        await index.UpsertAsync(P("new", "Red Kettle Deluxe"));

        var result = await index.SearchAsync(new SearchRequest("red kettle") { Mode = SearchMode.Lexical, Limit = 5000, Relax = false });
        var expected = Enumerable.Range(0, 3000).Count(i => i % 2 == 1 && i % 3 == 0) + 1;
        Assert.Equal(expected, result.TotalCount);
        Assert.All(result.Hits, h => Assert.Contains("Red Kettle", h.Product.Title));
        Assert.Equal(1501, index.Count);
    }

    [Fact]
    public async Task Filters_narrow_results()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), LexicalOnly);

        var result = await index.SearchAsync(new SearchRequest("sofa")
        {
            Mode = SearchMode.Lexical,
            Filters = new SearchFilters { MaxPrice = 1000m, CategoryPath = ["furniture"] },
        });

        Assert.Equal(["sofa-1"], result.Hits.Select(h => h.Product.Id));
    }
}

public class RelaxationTests
{
    [Fact]
    public async Task Unknown_word_is_dropped_and_reported()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), new SearchIndexOptions { DisableSemantic = true });

        var result = await index.SearchAsync(new SearchRequest("bike lock xqzzv") { Mode = SearchMode.Lexical });

        Assert.Equal("lock-1", result.Hits[0].Product.Id);
        Assert.True(result.Fallback.HasFlag(SearchFallback.DroppedWords));
        Assert.Equal(["xqzzv"], result.DroppedWords);
        Assert.False(result.ZeroResults);
    }

    [Fact]
    public async Task Least_informative_word_goes_first()
    {
        // "lamp" is on 3 products, "velvet" on 1; no product has both, so the common word is the one let go.
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("a", "Brass Lamp"), P("b", "Desk Lamp"), P("c", "Floor Lamp"), P("d", "Velvet Chair"),
        ], new SearchIndexOptions { DisableSemantic = true });

        var result = await index.SearchAsync(new SearchRequest("velvet lamp") { Mode = SearchMode.Lexical });

        Assert.Equal(["lamp"], result.DroppedWords);
        Assert.Equal("d", result.Hits[0].Product.Id);
    }

    [Fact]
    public async Task Words_written_apart_meet_the_catalog_word_written_together()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), new SearchIndexOptions { DisableSemantic = true });

        var result = await index.SearchAsync(new SearchRequest("blue tooth speaker") { Mode = SearchMode.Lexical });

        Assert.Equal(SearchFallback.None, result.Fallback); // the compound clause matched directly
        Assert.Equal("bluetooth speaker", result.CorrectedQuery);
        Assert.Equal("speaker-1", result.Hits[0].Product.Id);
    }

    [Fact]
    public async Task Spelling_correction_is_tried_before_dropping_words()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), new SearchIndexOptions { DisableSemantic = true });

        // A merchant that turned typo tolerance off still gets the "did you mean" step of the relaxation chain.
        var result = await index.SearchAsync(new SearchRequest("mini refrigirator")
        {
            Mode = SearchMode.Lexical,
            Matching = new LexicalMatching { TypoTolerance = false, Compounds = false },
        });

        Assert.Equal(SearchFallback.SpellingCorrected, result.Fallback);
        Assert.Equal("mini refrigerator", result.CorrectedQuery);
        Assert.Empty(result.DroppedWords);
        Assert.Equal("fridge-1", result.Hits[0].Product.Id);
    }

    [Fact]
    public async Task Semantic_neighbours_answer_when_no_word_matches()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), new SearchIndexOptions { EmbeddingGenerator = new KeywordEmbeddings() });

        var result = await index.SearchAsync(new SearchRequest("settee"));

        Assert.Equal(SearchFallback.SemanticOnly, result.Fallback);
        Assert.False(result.ZeroResults);
        Assert.StartsWith("sofa-", result.Hits[0].Product.Id);
    }

    [Fact]
    public async Task Lexical_only_search_for_nonsense_reports_zero_results()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), new SearchIndexOptions { DisableSemantic = true });

        var result = await index.SearchAsync(new SearchRequest("qqq zzz") { Mode = SearchMode.Lexical });

        Assert.True(result.ZeroResults);
        Assert.Empty(result.Hits);
    }

    /// <summary>A stand-in generator: proves any IEmbeddingGenerator plugs in, and knows "settee" means seating.</summary>
    private sealed class KeywordEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        private static readonly string[][] Topics = [["sofa", "settee", "sectional"], ["lamp", "light"], ["speaker", "tv", "television"]];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var text in values)
            {
                var v = new float[Topics.Length + 1];
                var lower = text.ToLowerInvariant();
                for (var t = 0; t < Topics.Length; t++) if (Topics[t].Any(lower.Contains)) v[t] = 1;
                if (v.All(x => x == 0)) v[^1] = 1;
                result.Add(new Embedding<float>(v));
            }
            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}

using Microsoft.Extensions.AI;
using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Semantic;
using RetailCommerce.Modules.Search.Text;
using static RetailCommerce.Modules.Search.Tests.Catalogs;

namespace RetailCommerce.Modules.Search.Tests;

public class MeasurementTests
{
    [Fact]
    public void Inches_written_three_ways_meet_on_one_term_and_in_is_kept_only_after_a_number()
    {
        var analyzer = TextAnalyzer.Default;
        static string Terms(List<AnalyzedToken> tokens) => string.Join(' ', tokens.Select(t => t.Term));

        Assert.Equal("3/4 in pipe", Terms(analyzer.Analyze("3/4 in. pipe")));
        Assert.Equal("3/4 in pipe", Terms(analyzer.Analyze("3/4 inch pipe")));
        Assert.Equal("3/4 in pipe", Terms(analyzer.Analyze("3/4\" pipe")));
        Assert.Equal("8 ft ladder", Terms(analyzer.Analyze("8' ladder")));
        Assert.Equal("made usa", Terms(analyzer.Analyze("made in usa"))); // "in" as a word is still a stop word
    }
}

public class CompoundTests
{
    [Fact]
    public async Task Run_together_query_word_finds_the_two_catalog_words()
    {
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("gun", "Drywall Screw Gun 18V"), P("screw", "Wood Screw Box"), P("nail", "Nail Gun"),
        ], new SearchIndexOptions { DisableSemantic = true });

        var result = await index.SearchAsync(new SearchRequest("screwgun") { Mode = SearchMode.Lexical });

        Assert.Equal("gun", result.Hits[0].Product.Id);
        Assert.Equal(SearchFallback.None, result.Fallback);
    }
}

public class PagingAndBrowseTests
{
    [Fact]
    public async Task Offset_and_limit_page_through_one_ordering()
    {
        var products = Enumerable.Range(0, 30).Select(i => P($"p{i}", $"Lamp {new string('x', i + 1)}")).ToList();
        using var index = await ProductSearchIndex.BuildAsync(products, new SearchIndexOptions { DisableSemantic = true });

        var all = await index.SearchAsync(new SearchRequest("lamp") { Mode = SearchMode.Lexical, Limit = 30 });
        var page2 = await index.SearchAsync(new SearchRequest("lamp") { Mode = SearchMode.Lexical, Limit = 10, Offset = 10 });

        Assert.Equal(30, page2.TotalCount);
        Assert.Equal(all.Hits.Skip(10).Take(10).Select(h => h.Product.Id), page2.Hits.Select(h => h.Product.Id));
    }

    [Fact]
    public async Task Empty_query_browses_best_sellers_in_stock_first()
    {
        using var index = await ProductSearchIndex.BuildAsync(
        [
            P("slow", "Rug", popularity: 1), P("hit", "Lamp", popularity: 500), P("gone", "Sofa", popularity: 900, stock: 0),
        ], new SearchIndexOptions { DisableSemantic = true });

        var result = await index.SearchAsync(new SearchRequest("  "));

        Assert.Equal(["hit", "slow", "gone"], result.Hits.Select(h => h.Product.Id)); // sold out sinks below a slow seller
        Assert.False(result.ZeroResults);
    }
}

public class ConcurrencyTests
{
    [Fact]
    public async Task Searches_run_while_the_catalog_changes()
    {
        using var index = await ProductSearchIndex.BuildAsync(HomeStore(), new SearchIndexOptions { EmbeddingTraining = new CatalogEmbeddingOptions { Dimensions = 8 } });

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++)
            {
                await index.UpsertAsync(P($"extra-{i % 50}", $"Floor Lamp Model {i}"));
                if (i % 7 == 0) index.Remove($"extra-{(i + 3) % 50}");
            }
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                var result = await index.SearchAsync(new SearchRequest("floor lamp"));
                Assert.Contains(result.Hits, h => h.Product.Id == "lamp-1");
                index.Autocomplete("floor la");
            }
        })).ToList();

        await Task.WhenAll(readers.Append(writer));
        Assert.InRange(index.Count, HomeStore().Count, HomeStore().Count + 50);
    }
}

public class GeneratorContractTests
{
    [Fact]
    public void Offline_generator_describes_itself_through_metadata()
    {
        using var generator = CatalogEmbeddingGenerator.Train(HomeStore(), new CatalogEmbeddingOptions { Dimensions = 4 });

        var metadata = generator.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata;

        Assert.NotNull(metadata);
        Assert.Equal(generator.Model.Dimensions, metadata!.DefaultModelDimensions);
        Assert.Same(generator.Model, generator.GetService(typeof(CatalogEmbeddingModel)));
        Assert.Null(generator.GetService(typeof(string)));
    }
}

public class EdgeCaseTests
{
    [Fact]
    public async Task Sparse_products_and_punctuation_queries_do_not_break_the_index()
    {
        using var index = await ProductSearchIndex.BuildAsync(
        [
            new SearchableProduct("bare", ""),
            new SearchableProduct("lamp", "Lamp", Description: "<p>&nbsp;</p>", CategoryPath: [], Attributes: []),
            P("rug", "Wool Rug"),
        ]);

        var junk = await index.SearchAsync(new SearchRequest("!!! ???"));
        var lamp = await index.SearchAsync(new SearchRequest("lamp") { Facets = new FacetRequest() });

        Assert.True(junk.ZeroResults);
        Assert.Equal("lamp", lamp.Hits[0].Product.Id);
        Assert.Empty(index.Autocomplete("!!"));
        Assert.Equal(3, index.Count);
    }
}

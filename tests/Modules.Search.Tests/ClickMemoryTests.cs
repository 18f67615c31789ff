using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Learned;
using static RetailCommerce.Modules.Search.Tests.Catalogs;

namespace RetailCommerce.Modules.Search.Tests;

/// <summary>"Clicked for similar past searches": the click memory, its out-of-fold use in training, and its storage.</summary>
public class ClickMemoryTests
{
    private static int F(string name) => SearchRankingFeatures.IndexOf(name);

    private static readonly SearchRankerOptions Small = new() { Leaves = 4, Iterations = 40, MinExamplesPerLeaf = 5 };

    /// <summary>
    /// A hardware shop: shoppers who searched "deck screw" bought a box of fasteners whose title shares no word with
    /// the query. Filler products give the words realistic statistics.
    /// </summary>
    private static List<SearchableProduct> Shop()
    {
        var products = new List<SearchableProduct>
        {
            P("screw1", "Deck screw coated 2 inch"),
            P("screw2", "Deck screw stainless steel"),
            P("fastener", "Exterior fastener box 350 count"),
            P("hose1", "Garden hose 50 ft"),
            P("hose2", "Garden hose reel cart"),
        };
        string[] things = ["hammer", "ladder", "paint", "brush", "drill", "saw", "lamp", "tile", "rug", "shelf"];
        string[] kinds = ["heavy duty", "compact", "cordless", "classic", "premium"];
        foreach (var thing in things)
            foreach (var kind in kinds)
                products.Add(P($"{thing}-{kind.Replace(' ', '-')}", $"{kind} {thing}"));
        return products;
    }

    private static async Task<SearchRanker> TrainedRanker(ProductSearchIndex index, IReadOnlyList<PastSearch> clicks)
    {
        // A few judged searches so LambdaRank has something to fit; the click memory is what this test is about.
        var examples = new List<SearchRankingExample>();
        foreach (var (query, chosen) in new[] { ("garden hose", "hose1"), ("cordless drill", "drill-cordless"), ("premium paint", "paint-premium"), ("compact saw", "saw-compact") })
            foreach (var c in await index.RankingCandidatesAsync(new SearchRequest(query)))
                examples.Add(SearchRankerTraining.ToExample(query, c, c.ProductId == chosen ? 2 : 0));
        // The click weight is forced here (the store job chooses it by cross-validation from SearchRanker.ClickWeights):
        // the test checks the mechanism. With four training searches the trees push anything neither retrieval found far
        // down, so the weight has to be the largest of the grid for a memory-only product to reach the top.
        return SearchRanker.TrainWithAssociations(examples, Small, clicks).WithBlend(new SearchRankerBlend(1, 16, 0));
    }

    [Fact]
    public async Task A_past_searchs_click_lifts_its_product_for_a_near_duplicate_query_and_not_for_an_unrelated_one()
    {
        using var index = await ProductSearchIndex.BuildAsync(Shop());
        var clicks = new List<PastSearch>
        {
            new("deck screw", index.QueryTerms("deck screw"), [new PastClick("fastener", 2)]),
            new("garden hose", index.QueryTerms("garden hose"), [new PastClick("hose1", 1)]),
        };

        var without = await index.SearchAsync(new SearchRequest("screws for deck") { Limit = 10 });
        var rankWithout = without.Hits.ToList().FindIndex(h => h.Product.Id == "fastener");

        index.Ranker = await TrainedRanker(index, clicks);
        Assert.NotNull(index.Ranker.ClickMemory);
        // "screws for deck" is the same word set as "deck screw" once stemmed and without stop words.
        var with = await index.SearchAsync(new SearchRequest("screws for deck") { Limit = 10 });
        Assert.True(with.Hits[0].Product.Id == "fastener", string.Join(", ", with.Hits.Select(h => $"{h.Product.Id}:{h.Score:F3}")) + " terms " + string.Join('|', index.QueryTerms("screws for deck")));
        Assert.True(rankWithout is < 0 or > 0, $"without the memory the fastener box was at {rankWithout}");

        // An unrelated query: the memory has nothing to say, the fastener box is not brought in.
        var unrelated = await index.SearchAsync(new SearchRequest("cordless drill") { Limit = 10 });
        Assert.DoesNotContain(unrelated.Hits, h => h.Product.Id == "fastener");

        // The features behind it: a near-duplicate query gets the evidence, an unrelated one none.
        var memory = index.Ranker.ClickMemory!;
        var near = new float[SearchRankingFeatures.Count];
        var far = new float[SearchRankingFeatures.Count];
        memory.Look(index.QueryTerms("deck screws")).Fill("fastener", near);
        memory.Look(index.QueryTerms("cordless drill")).Fill("fastener", far);
        Assert.Equal(1f, near[F("click_best")], 3);          // similarity 1 × grade 2 / highest grade 2
        Assert.Equal(1f, near[F("click_nearest_similarity")], 3);
        Assert.Equal(0f, far[F("click_best")]);
        Assert.Equal(0f, far[F("click_nearest_similarity")]);
        Assert.True(far[F("click_prior")] > 0); // the prior is per product, whatever the query
        Assert.Contains("fastener", memory.Look(index.QueryTerms("deck screws")).Proposed);
        Assert.Empty(memory.Look(index.QueryTerms("cordless drill")).Proposed);
    }

    /// <summary>The text features added in the same round: head word in the title, where the title matches, character trigrams.</summary>
    [Fact]
    public async Task Head_word_position_and_trigram_features_describe_the_title()
    {
        var products = Shop();
        products.Add(P("stud", "Lumber 2 x 4 stud 8 ft"));
        using var index = await ProductSearchIndex.BuildAsync(products);
        var reel = (await index.RankingCandidatesAsync(new SearchRequest("hose reel"))).Single(c => c.ProductId == "hose2").Features;
        Assert.Equal(1f, reel[F("head_word_in_title")]);
        Assert.Equal(0.25f, reel[F("first_match_position")], 3); // "Garden hose reel cart": the match starts at word 2 of 4
        Assert.Equal(1f, reel[F("trigram_coverage")], 3);

        var stud = (await index.RankingCandidatesAsync(new SearchRequest("2x4 stud"))).Single(c => c.ProductId == "stud").Features;
        Assert.Equal(1f, stud[F("trigram_coverage")], 3); // "2x4" against "2 x 4"
        var drill = await index.RankingCandidatesAsync(new SearchRequest("cordless drill"));
        var hammer = drill.SingleOrDefault(c => c.ProductId == "hammer-cordless");
        if (hammer is not null) Assert.Equal(0f, hammer.Features[F("head_word_in_title")]); // "cordless hammer" lacks the head
    }

    [Fact]
    public void Similar_past_queries_count_by_closeness()
    {
        var memory = SearchClickMemory.Learn(
        [
            new("q1", ["deck", "screw"], [new PastClick("a", 2)]),
            new("q2", ["deck", "screw", "stainless"], [new PastClick("b", 2)]),
            new("q3", ["wood", "screw"], [new PastClick("c", 2)]),
            new("q4", ["garden", "hose"], [new PastClick("d", 2)]),
        ]);
        var lookup = memory.Look(["deck", "screw"]);
        float Best(string id) { var x = new float[SearchRankingFeatures.Count]; lookup.Fill(id, x); return x[F("click_best")]; }
        Assert.Equal(1f, Best("a"), 3);
        Assert.True(Best("b") is > 0.5f and < 1f, $"b {Best("b")}");
        Assert.True(Best("c") is > 0f and < 0.5f, $"c {Best("c")}");
        Assert.Equal(0f, Best("d"));
        Assert.Equal(["a", "b"], lookup.Proposed.Order()); // only the very similar past queries bring candidates in
        Assert.Equal(["a", "b"], memory.ProposalPool(["deck", "screw"], exclude: null).Order());
        Assert.Equal(["b"], memory.ProposalPool(["deck", "screw"], exclude: "q1"));
    }

    /// <summary>
    /// A training row must not see its own query's clicks: each query clicks a product only it chose, so the
    /// out-of-fold memory knows nothing of it (0), the memory returned for serving does; and a row only the memory brought
    /// in is kept only where the memory that fills it proposes it.
    /// </summary>
    [Fact]
    public void Training_rows_get_out_of_fold_click_features()
    {
        var examples = new List<SearchRankingExample>();
        var clicks = new List<PastSearch>();
        for (var i = 0; i < 20; i++)
        {
            var q = $"query{i}";
            string[] terms = [$"w{i}x", "shared"];
            clicks.Add(new PastSearch(q, terms, [new PastClick($"p{i}", 2)]));
            examples.Add(new SearchRankingExample(q, new float[SearchRankingFeatures.Count], 2) { QueryTerms = terms, ProductId = $"p{i}" });
            examples.Add(new SearchRankingExample(q, new float[SearchRankingFeatures.Count], 0) { QueryTerms = terms, ProductId = $"n{i}" });
        }
        // Query 0 also has a twin in the same data that chose the same product ("deck screw" / "deck screws").
        clicks.Add(new PastSearch("twin", ["w0x", "shared"], [new PastClick("p0", 2)]));
        // A row only the memory brought in (its product was chosen by another query).
        examples.Add(new SearchRankingExample("query1", new float[SearchRankingFeatures.Count], 0) { QueryTerms = ["w1x", "shared"], ProductId = "p2", MemoryOnly = true });

        var (train, _, _, memory) = LearnedRankingFeatures.Encode(examples, [], clicks);
        Assert.NotNull(memory);
        var own = train.Where(e => e.ProductId == $"p{e.Query[5..]}" && e.Query != "query0").ToList();
        Assert.Equal(19, own.Count);
        // Its own click is out of reach: only the weak "shared"-word neighbours remain.
        Assert.All(own, e => Assert.True(e.Features[F("click_best")] < 0.5f, $"{e.Query}: {e.Features[F("click_best")]}"));
        // The twin is a different search: query 0's row may learn from it (that is what a click log gives).
        Assert.Equal(1f, train.Single(e => e.Query == "query0" && e.ProductId == "p0").Features[F("click_best")], 3);
        // The memory-only row: p2's query is not similar enough to query1 to be proposed, so the row is dropped.
        Assert.DoesNotContain(train, e => e.MemoryOnly);

        var served = new float[SearchRankingFeatures.Count];
        memory!.Look(["w5x", "shared"]).Fill("p5", served);
        Assert.Equal(1f, served[F("click_best")], 3);
        Assert.All(examples, e => Assert.Equal(0f, e.Features[F("click_best")])); // inputs are not modified
    }

    [Fact]
    public async Task The_memory_and_its_weights_survive_save_and_load()
    {
        using var index = await ProductSearchIndex.BuildAsync(Shop());
        var clicks = new List<PastSearch>
        {
            new("deck screw", index.QueryTerms("deck screw"), [new PastClick("fastener", 2), new PastClick("screw2", 1)]),
            new("garden hose", index.QueryTerms("garden hose"), [new PastClick("hose1", 1)]),
        };
        var ranker = await TrainedRanker(index, clicks);
        var loaded = SearchRanker.Load(ranker.Save(), ranker.ModelId, ranker.TrainingQueries, ranker.TrainingExamples,
            ranker.Associations!.Save(), ranker.FusionBlend, ranker.ClickMemory!.Save(), ranker.ClickWeight, ranker.PriorWeight);
        Assert.Equal(ranker.Blend, loaded.Blend);
        Assert.Equal(2, loaded.ClickMemory!.SearchCount);

        index.Ranker = ranker;
        var before = await index.SearchAsync(new SearchRequest("deck screws") { Limit = 10 });
        index.Ranker = loaded;
        var after = await index.SearchAsync(new SearchRequest("deck screws") { Limit = 10 });
        Assert.Equal(before.Hits.Select(h => h.Product.Id), after.Hits.Select(h => h.Product.Id));
        for (var i = 0; i < before.Hits.Count; i++) Assert.Equal(before.Hits[i].Score, after.Hits[i].Score, 6);
        Assert.Contains(after.Hits, h => h.Product.Id == "fastener"); // brought in by the loaded memory
    }
}

using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Learned;
using RetailCommerce.Tracking;
using static RetailCommerce.Modules.Search.Tests.Catalogs;

namespace RetailCommerce.Modules.Search.Tests;

public class LearnedRankerTests
{
    // Made-up words (letters only, so the tokenizer keeps them whole), one per "product family".
    private static string Word(int i) => $"{(char)('b' + i % 20)}{(char)('b' + i / 20)}zorv";

    /// <summary>
    /// For every word two products: one names it in the title, one only in the description. Score fusion puts the
    /// title match first (title weight 3, description 0.5); shoppers here click the description match.
    /// </summary>
    private static List<SearchableProduct> Catalog() => Enumerable.Range(0, 40).SelectMany(i => new[]
    {
        P($"t{i}", $"{Word(i)} gadget", "plain finish"),
        P($"d{i}", "gadget deluxe", $"{Word(i)} finish"),
    }).ToList();

    private static async Task<List<SearchRankingExample>> Examples(ProductSearchIndex index, IEnumerable<int> words)
    {
        var examples = new List<SearchRankingExample>();
        foreach (var i in words)
        {
            foreach (var c in await index.RankingCandidatesAsync(new SearchRequest(Word(i))))
                examples.Add(new SearchRankingExample(Word(i), c.Features, c.ProductId == $"d{i}" ? 2 : 0));
        }
        return examples;
    }

    private static readonly SearchRankerOptions Small = new() { Leaves = 4, Iterations = 60, MinExamplesPerLeaf = 5 };

    [Fact]
    public async Task Learned_ranker_reorders_held_out_queries_and_can_be_turned_off()
    {
        using var index = await ProductSearchIndex.BuildAsync(Catalog());
        var ranker = SearchRanker.Train(await Examples(index, Enumerable.Range(0, 30)), Small);

        // Held-out words 30..39: without the ranker the title match leads; with it, the clicked kind leads.
        foreach (var i in Enumerable.Range(30, 10))
        {
            var fusion = await index.SearchAsync(new SearchRequest(Word(i)));
            Assert.Equal($"t{i}", fusion.Hits[0].Product.Id);
        }
        index.Ranker = ranker;
        foreach (var i in Enumerable.Range(30, 10))
        {
            var learned = await index.SearchAsync(new SearchRequest(Word(i)));
            Assert.Equal($"d{i}", learned.Hits[0].Product.Id);
            Assert.Contains(learned.Hits.Take(2), h => h.Product.Id == $"t{i}");
            Assert.All(learned.Hits, h => Assert.True(h.Score > 0)); // positive, so business and rule factors still multiply sensibly
            var off = await index.SearchAsync(new SearchRequest(Word(i)) { LearnedRanking = false });
            Assert.Equal($"t{i}", off.Hits[0].Product.Id);
        }
    }

    [Fact]
    public async Task Tree_walk_matches_mlnet_and_survives_save_and_load()
    {
        using var index = await ProductSearchIndex.BuildAsync(Catalog());
        var examples = await Examples(index, Enumerable.Range(0, 40));
        var ranker = SearchRanker.Train(examples, Small);
        var features = examples.Select(e => e.Features).Take(300).ToList();
        var reference = ranker.ScoreWithMlNet(features);
        for (var i = 0; i < features.Count; i++) Assert.Equal(reference[i], ranker.TreeScore(features[i]), 3);

        var loaded = SearchRanker.Load(ranker.Save(), ranker.ModelId, ranker.TrainingQueries, ranker.TrainingExamples);
        for (var i = 0; i < features.Count; i++) Assert.Equal(ranker.Score(features[i]), loaded.Score(features[i]), 6);
        Assert.Equal(40, ranker.TrainingQueries);
    }

    [Fact]
    public async Task Features_describe_the_candidate()
    {
        using var index = await ProductSearchIndex.BuildAsync(Catalog());
        var candidates = await index.RankingCandidatesAsync(new SearchRequest(Word(3) + " gadget"));
        var title = candidates.Single(c => c.ProductId == "t3").Features;
        var description = candidates.Single(c => c.ProductId == "d3").Features;
        int F(string name) => SearchRankingFeatures.IndexOf(name);
        Assert.Equal(SearchRankingFeatures.Count, title.Length);
        Assert.True(title[F("bm25_title")] > description[F("bm25_title")]);
        Assert.True(description[F("bm25_description")] > 0);
        Assert.Equal(0f, title[F("bm25_description")]);
        Assert.Equal(1f, title[F("title_coverage")]);
        Assert.Equal(0.5f, description[F("title_coverage")]);
        Assert.Equal(1f, title[F("exact_phrase")]);
        Assert.Equal(0f, description[F("exact_phrase")]);
        Assert.Equal(1f, description[F("matched_share")]);
        Assert.Equal(2f, title[F("query_words")]);

        // A misspelt word reaches the product only through typo tolerance.
        var typo = await index.RankingCandidatesAsync(new SearchRequest(Word(3).Replace("zorv", "zorw") + " gadget"));
        Assert.Equal(0.5f, typo.Single(c => c.ProductId == "t3").Features[F("typo_share")]);
    }

    [Fact]
    public async Task Selection_keeps_fusion_when_the_model_cannot_beat_it()
    {
        using var index = await ProductSearchIndex.BuildAsync(Catalog());
        // Clicks that agree with score fusion (the title match): nothing to learn, fusion is at least as good.
        var examples = new List<SearchRankingExample>();
        foreach (var i in Enumerable.Range(0, 30))
            foreach (var c in await index.RankingCandidatesAsync(new SearchRequest(Word(i))))
                examples.Add(new SearchRankingExample(Word(i), c.Features, c.ProductId == $"t{i}" ? 2 : 0));
        var selection = SearchRanker.TrainSelected(examples, [Small]);
        Assert.Null(selection.Ranker);
        Assert.Equal(1.0, selection.InnerFusionNdcg, 3);

        var learnable = await Examples(index, Enumerable.Range(0, 30));
        var chosen = SearchRanker.TrainSelected(learnable, [Small]);
        Assert.NotNull(chosen.Ranker);
        Assert.True(chosen.InnerNdcg > chosen.InnerFusionNdcg);
    }

    [Fact]
    public void Clicks_and_purchases_are_attributed_to_the_search_before_them()
    {
        var t0 = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var events = new ShopperEvent[]
        {
            new CatalogSearched { SessionId = "s1", Query = "Grey  Sofa", OccurredAt = t0 },
            new ProductClicked { SessionId = "s1", ProductId = "sofa-1", OccurredAt = t0.AddMinutes(1) },
            new ItemPurchased { SessionId = "s1", ProductId = "sofa-1", OccurredAt = t0.AddMinutes(5) },
            new ProductClicked { SessionId = "s1", ProductId = "lamp-1", OccurredAt = t0.AddHours(2) },          // too late: no search
            new ProductClicked { SessionId = "s2", ProductId = "lamp-2", Query = "lamp", OccurredAt = t0 },        // names its query
            new ItemPurchased { SessionId = "s2", ProductId = "chair-1", OccurredAt = t0.AddMinutes(1) },         // never clicked from a search
        };
        var judgments = SearchRankerTraining.Judgments(events).OrderBy(j => j.ProductId).ToList();
        Assert.Equal([new SearchJudgment("lamp", "lamp-2", 1), new SearchJudgment("grey sofa", "sofa-1", 2)], judgments);
    }
}

public class SizeAndBrandFeatureTests
{
    private static int F(string name) => SearchRankingFeatures.IndexOf(name);

    private static List<SearchableProduct> Catalog() =>
    [
        P("door36", "Masonite 36 in. x 80 in. Steel Entry Door"),
        P("door30", "Masonite 30 in. x 80 in. Steel Entry Door"),
        P("door-plain", "Pella Steel Entry Door"),
        P("jeld-door", "Jeld Wen 36 in. Steel Entry Door"),
        P("m1", "Masonite Interior Slab"), P("m2", "Masonite Prehung Door"), P("m3", "Masonite Patio Door"),
        P("p1", "Pella Window"), P("p2", "Pella Slider"), P("p3", "Pella Storm Door"),
    ];

    private static Task<IReadOnlyList<SearchRankingCandidate>> Candidates(ProductSearchIndex index, string query) =>
        index.RankingCandidatesAsync(new SearchRequest(query));

    [Fact]
    public async Task A_title_with_the_asked_size_matches_and_one_with_another_size_of_the_same_unit_conflicts()
    {
        using var index = await ProductSearchIndex.BuildAsync(Catalog());
        var byId = (await Candidates(index, "36 inch steel entry door")).ToDictionary(c => c.ProductId, c => c.Features);
        Assert.Equal(1f, byId["door36"][F("size_match")]);
        Assert.Equal(0f, byId["door36"][F("size_conflict")]);
        Assert.Equal(0f, byId["door30"][F("size_match")]);
        Assert.Equal(1f, byId["door30"][F("size_conflict")]); // 30 in. is another size
        Assert.Equal(0f, byId["door-plain"][F("size_conflict")]); // no size stated: not a conflict
    }

    [Fact]
    public async Task A_named_brand_missing_from_the_title_is_flagged_and_relative_features_are_measured_from_the_best()
    {
        using var index = await ProductSearchIndex.BuildAsync(Catalog());
        var candidates = await Candidates(index, "masonite entry door");
        var byId = candidates.ToDictionary(c => c.ProductId, c => c.Features);
        // "masonite" starts 5 titles and appears in no other: a brand word. Pella and Jeld Wen doors lack it.
        Assert.Equal(0f, byId["door36"][F("other_brand_named")]);
        Assert.Equal(1f, byId["door-plain"][F("other_brand_named")]);
        Assert.Equal(1f, byId["jeld-door"][F("other_brand_named")]);
        // "door" is not a brand word, so a query without a brand flags nothing.
        Assert.All(await Candidates(index, "steel door"), c => Assert.Equal(0f, c.Features[F("other_brand_named")]));

        // Each relative column is the candidate's value minus the best over the query's candidates: the best is 0, none above.
        foreach (var (name, source) in new[] { ("bm25_title_vs_best", "bm25_title"), ("trigram_vs_best", "trigram_coverage"), ("cosine_vs_best", "cosine") })
        {
            var best = candidates.Max(c => c.Features[F(source)]);
            Assert.All(candidates, c => Assert.Equal(c.Features[F(source)] - best, c.Features[F(name)], 5));
            Assert.Equal(0f, candidates.Max(c => c.Features[F(name)]), 5);
        }
    }
}

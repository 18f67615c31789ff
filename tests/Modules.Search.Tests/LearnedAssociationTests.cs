using RetailCommerce.Modules.Search.Ranking;
using RetailCommerce.Modules.Search.Ranking.Learned;
using RetailCommerce.Modules.Search.Text;
using static RetailCommerce.Modules.Search.Tests.Catalogs;

namespace RetailCommerce.Modules.Search.Tests;

public class LearnedAssociationTests
{
    private static int F(string name) => SearchRankingFeatures.IndexOf(name);

    private static SearchRankingExample Example(string query, string[] queryTerms, string[] title, int grade) =>
        new(query, new float[SearchRankingFeatures.Count], grade) { QueryTerms = queryTerms, ProductTerms = title };

    /// <summary>
    /// Shoppers searching "couch …" chose sofas, never lamps: a new query with "couch" gets a positive association
    /// for a sofa title and a negative one for a lamp title, and the stored table gives the same values.
    /// </summary>
    [Fact]
    public void Associations_carry_what_searches_chose_to_new_queries_and_survive_save_and_load()
    {
        var examples = new List<SearchRankingExample>();
        foreach (var colour in new[] { "red", "blue", "green", "black", "white", "brown" })
        {
            var q = $"{colour} couch";
            examples.Add(Example(q, [colour, "couch"], ["sofa", colour, "fabric"], 3));
            examples.Add(Example(q, [colour, "couch"], ["sofa", "leather"], 2));
            examples.Add(Example(q, [colour, "couch"], ["lamp", colour, "desk"], 0));
            examples.Add(Example(q, [colour, "couch"], ["lamp", "floor"], 0));
        }
        var table = SearchTermAssociations.Learn(examples);

        var sofa = new float[SearchRankingFeatures.Count];
        var lamp = new float[SearchRankingFeatures.Count];
        table.Fill(["grey", "couch"], ["sofa", "grey"], sofa);
        table.Fill(["grey", "couch"], ["lamp", "grey"], lamp);
        Assert.True(sofa[F("assoc_max_lift")] > 0.3f, $"sofa lift {sofa[F("assoc_max_lift")]}");
        Assert.True(lamp[F("assoc_max_lift")] <= 0f, $"lamp lift {lamp[F("assoc_max_lift")]}");
        Assert.True(sofa[F("assoc_mean")] > lamp[F("assoc_mean")]);
        Assert.Equal(0f, sofa[F("bm25_title")]); // only its own slots are written

        var loaded = SearchTermAssociations.Load(table.Save());
        var again = new float[SearchRankingFeatures.Count];
        loaded.Fill(["grey", "couch"], ["sofa", "grey"], again);
        Assert.Equal(sofa, again);
    }

    /// <summary>
    /// "settee" was never searched; with word vectors it borrows from "couch", the searched word nearest to it, so a sofa
    /// title gets the couch searches' lift. Without vectors, or for a word far from every searched one, the lift is 0.
    /// </summary>
    [Fact]
    public void An_unsearched_word_borrows_the_associations_of_its_nearest_searched_words()
    {
        var examples = new List<SearchRankingExample>();
        foreach (var colour in new[] { "red", "blue", "green", "black" })
        {
            examples.Add(Example($"{colour} couch", [colour, "couch"], ["sofa", colour], 3));
            examples.Add(Example($"{colour} couch", [colour, "couch"], ["lamp", colour], 0));
        }
        var table = SearchTermAssociations.Learn(examples);
        var vectors = WordVectors.From([new("couch", [1f, 0.1f, 0f]), new("settee", [0.9f, 0.2f, 0f]), new("hammer", [0f, 0f, 1f]),
            new("red", [0f, 1f, 0f]), new("blue", [0f, 1f, 0.1f])]);

        float Lift(string word, WordVectors? with)
        {
            var features = new float[SearchRankingFeatures.Count];
            table.Fill([word], ["sofa", "grey"], features, with);
            return features[F("assoc_max_lift")];
        }
        Assert.True(Lift("settee", vectors) > 0.3f, $"settee lift {Lift("settee", vectors)}");
        Assert.Equal(Lift("couch", null), Lift("couch", vectors)); // searched words keep their own values
        Assert.Equal(0f, Lift("settee", null));
        Assert.Equal(0f, Lift("hammer", vectors)); // no searched word is near
    }

    /// <summary>
    /// A training row must not see its own query's grades: a word only one query used is unknown to that row's
    /// out-of-fold table (lift 0), while the full table, used for new searches, knows it.
    /// </summary>
    [Fact]
    public void Training_rows_get_out_of_fold_values()
    {
        var examples = new List<SearchRankingExample>();
        for (var i = 0; i < 20; i++)
        {
            var word = $"w{i}x";
            examples.Add(Example(word, [word], [word, "thing"], 3));
            examples.Add(Example(word, [word], ["other", "thing"], 0));
        }
        var (train, _, table) = SearchTermAssociations.Encode(examples, []);

        Assert.All(train, e => Assert.Equal(0f, e.Features[F("assoc_max_lift")]));
        var full = table.Apply(examples[0]);
        Assert.True(full.Features[F("assoc_max_lift")] > 0f);
        Assert.All(examples, e => Assert.Equal(0f, e.Features[F("assoc_max_lift")])); // inputs are not modified
    }

    /// <summary>The soft match feature: a query word meets a related title word through the catalog-trained word vectors.</summary>
    [Fact]
    public async Task Soft_match_rates_a_related_title_word_between_an_exact_and_an_unrelated_one()
    {
        var products = new List<SearchableProduct>();
        for (var i = 0; i < 30; i++)
        {
            products.Add(P($"s{i}", i % 2 == 0 ? $"Sofa sectional cushions living room {i}" : $"Couch sectional cushions living room {i}"));
            products.Add(P($"l{i}", $"Lamp bulb shade light desk {i}"));
        }
        using var index = await ProductSearchIndex.BuildAsync(products);

        var candidates = await index.RankingCandidatesAsync(new SearchRequest("couch"));
        var soft = F("soft_match_mean");
        var exact = candidates.Single(c => c.ProductId == "s1").Features[soft];
        var related = candidates.Single(c => c.ProductId == "s0").Features[soft];
        Assert.Equal(1f, exact, 3);
        Assert.True(related is > 0.3f and < 0.999f, $"couch~sofa {related}");
        // Lamps come in only through the lexical side of a query that names them; their titles share nothing with "couch".
        var mixed = await index.RankingCandidatesAsync(new SearchRequest("couch bulb"));
        var lamps = mixed.Where(c => c.ProductId.StartsWith('l')).ToList();
        Assert.NotEmpty(lamps);
        foreach (var lamp in lamps)
            Assert.True(lamp.Features[F("soft_match_min")] < related - 0.15f, $"couch~lamp {lamp.Features[F("soft_match_min")]}");
        Assert.Equal(["couch"], candidates[0].QueryTerms);
        Assert.Contains("sofa", candidates.Single(c => c.ProductId == "s0").ProductTerms);
    }
}

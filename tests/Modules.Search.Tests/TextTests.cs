using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Tests;

public class TokenizerTests
{
    [Fact]
    public void Splits_shop_text_into_lowercase_words_keeping_measurements_whole()
    {
        var tokens = Tokenizer.Tokenize("Men's 16GB Café Pillows, 3/4 in. x 1.5 ft");

        Assert.Equal(["mens", "16", "gb", "cafe", "pillows", "3/4", "in", "x", "1.5", "ft"], tokens);
    }

    [Fact]
    public void Drops_html_markup_and_decodes_entities_from_merchant_feeds()
    {
        var tokens = Tokenizer.Tokenize("Briggs &amp; Stratton<br/>Engine <b>22 in.</b>");

        Assert.Equal(["briggs", "stratton", "engine", "22", "in"], tokens);
    }

    [Fact]
    public void Separates_letters_from_digits_so_model_numbers_meet_spaced_queries()
    {
        Assert.Equal(Tokenizer.Tokenize("16 gb"), Tokenizer.Tokenize("16GB"));
        Assert.Equal(["pro", "8200"], Tokenizer.Tokenize("Pro8200"));
    }
}

public class StemmerAndStopWordTests
{
    [Theory]
    [InlineData("pillows", "pillow")]
    [InlineData("running", "run")]
    [InlineData("batteries", "batteri")]
    [InlineData("battery", "batteri")]
    [InlineData("3/4", "3/4")]
    public void Snowball_stemmer_conflates_inflections(string word, string stem) =>
        Assert.Equal(stem, SnowballEnglishStemmer.Instance.Stem(word));

    [Fact]
    public void Analyzer_drops_stop_words_but_keeps_a_query_made_only_of_them()
    {
        var analyzer = TextAnalyzer.Default;

        Assert.Equal(["case", "iphon"], analyzer.Analyze("case for the iPhone").Select(t => t.Term));
        Assert.Equal(["the", "who"], analyzer.AnalyzeQuery("The Who").Select(t => t.Surface));
    }
}

public class TypoToleranceTests
{
    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    [InlineData(14, 2)]
    public void Edit_budget_scales_with_word_length(int length, int edits) =>
        Assert.Equal(edits, TypoTolerance.MaxEdits(length));

    [Fact]
    public void Damerau_levenshtein_counts_a_swap_as_one_edit()
    {
        Assert.Equal(1, TypoTolerance.Distance("recieve", "receive"));
        Assert.Equal(3, TypoTolerance.Distance("kitten", "sitting"));
        Assert.Equal(0, TypoTolerance.Distance("sofa", "sofa"));
    }

    [Fact]
    public void Bounded_distance_stops_early_past_the_budget()
    {
        Assert.Equal(2, TypoTolerance.Distance("refrigerator", "microwave", max: 1));
    }

    [Fact]
    public void Trie_fuzzy_lookup_respects_budget_and_prefers_closer_then_more_frequent_words()
    {
        var trie = new VocabularyTrie();
        trie.Add("lamp", 5);
        trie.Add("lamps", 2);
        trie.Add("damp", 9);
        trie.Add("clamp", 1);

        var matches = trie.Fuzzy("lamp", 1);

        Assert.Equal("lamp", matches[0].Word);
        Assert.Equal(0, matches[0].Edits);
        Assert.Equal("damp", matches[1].Word); // one edit, most frequent
        Assert.DoesNotContain(matches, m => m.Edits > 1);
        Assert.Equal(4, matches.Count);
    }

    [Fact]
    public void Trie_completes_prefixes_by_frequency_and_forgets_removed_words()
    {
        var trie = new VocabularyTrie();
        trie.Add("blue", 10);
        trie.Add("bluetooth", 3);
        trie.Add("blender", 7);
        trie.Add("bluetooth", -3);

        var completions = trie.Complete("bl", 10).Select(m => m.Word).ToList();

        Assert.Equal(["blue", "blender"], completions);
    }
}

public class SpellingCorrectorTests
{
    private static SpellingCorrector Corrector(params string[] catalogWords)
    {
        var trie = new VocabularyTrie();
        foreach (var w in catalogWords) trie.Add(w);
        var stems = catalogWords.Select(SnowballEnglishStemmer.Instance.Stem).ToHashSet();
        return new SpellingCorrector(trie, stems.Contains);
    }

    [Fact]
    public void Corrects_unknown_words_to_catalog_words()
    {
        var corrector = Corrector("refrigerator", "mini", "blue");

        var result = corrector.Correct("blue mini refrigirator");

        Assert.Equal("blue mini refrigerator", result.Text);
        Assert.Single(result.Corrections);
    }

    [Fact]
    public void Joins_split_words_and_splits_run_together_words()
    {
        var corrector = Corrector("bluetooth", "speaker", "harley", "davidson");

        Assert.Equal("bluetooth speaker", corrector.Correct("blue tooth speaker").Text);
        Assert.Equal("harley davidson", corrector.Correct("harleydavidson").Text);
    }

    [Fact]
    public void Leaves_known_words_stems_numbers_and_short_words_alone()
    {
        var corrector = Corrector("pillow", "ring");

        var result = corrector.Correct("pillows rign 500");

        Assert.False(result.Changed); // "pillows" stems to a catalog word; "rign" is too short to guess at
        Assert.Equal("pillows rign 500", result.Text);
    }
}

public class ProductTypeWordTests
{
    [Theory]
    [InlineData("Whirlpool 1.9 cu. ft. Over the Range Convection Microwave in Stainless Steel with Sensor Cooking", "microwave")]
    [InlineData("Valley View Industries Metal Stakes (4-Pack)", "stakes")]
    [InlineData("House of Fara 3/4 in. x 3 in. x 8 ft. MDF Fluted Casing", "casing")]
    [InlineData("Delta Vero 1-Handle Shower Only Faucet Trim Kit in Chrome (Valve Not Included)", "kit")]
    [InlineData("Simpson Strong-Tie 12-Gauge Angle", "angle")]
    [InlineData("Husky 52 in. 18-Drawer Tool Chest, Black", "chest")]
    public void Finds_the_kind_of_product_before_colour_accessory_and_pack_notes(string title, string expected) =>
        Assert.Equal(expected, ProductTypeWord.Of(title));

    [Theory]
    [InlineData("")]
    [InlineData("With Love 24")]
    [InlineData("3/4 in. 12")]
    public void Has_none_when_the_title_names_no_kind(string title) => Assert.Null(ProductTypeWord.Of(title));
}

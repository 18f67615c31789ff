namespace RetailCommerce.Modules.Search.Text;

/// <summary>One analyzed word: what the shopper or merchant wrote (lower-cased) and the index term (stem).</summary>
public readonly record struct AnalyzedToken(string Surface, string Term);

/// <summary>
/// The single text pipeline shared by indexing and querying (tokenize → drop stop words → stem),
/// so a product word and a query word always meet on the same term.
/// </summary>
public sealed class TextAnalyzer
{
    private readonly IStemmer _stemmer;

    /// <summary>Creates an analyzer; defaults to the Snowball English stemmer.</summary>
    public TextAnalyzer(IStemmer? stemmer = null) => _stemmer = stemmer ?? SnowballEnglishStemmer.Instance;

    /// <summary>Default analyzer instance.</summary>
    public static TextAnalyzer Default { get; } = new();

    /// <summary>Stems one lower-case word.</summary>
    public string Stem(string word) => _stemmer.Stem(word);

    /// <summary>Analyzes text, dropping stop words.</summary>
    public List<AnalyzedToken> Analyze(string? text)
    {
        var tokens = Tokenizer.Tokenize(text);
        var result = new List<AnalyzedToken>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i > 0 && MeasurementUnits.TryNormalize(tokens[i - 1], token, out var unit))
            {
                result.Add(new AnalyzedToken(token, unit));
                continue;
            }
            if (EnglishStopWords.Contains(token)) continue;
            result.Add(new AnalyzedToken(token, _stemmer.Stem(token)));
        }
        return result;
    }

    /// <summary>
    /// Analyzes a query. Stop words are dropped unless the query is made only of them
    /// (a shopper searching "the who" still wants something).
    /// </summary>
    public List<AnalyzedToken> AnalyzeQuery(string? query)
    {
        var tokens = Tokenizer.Tokenize(query);
        var result = Analyze(query);

        if (result.Count == 0)
        {
            foreach (var token in tokens) result.Add(new AnalyzedToken(token, _stemmer.Stem(token)));
        }
        return result;
    }
}

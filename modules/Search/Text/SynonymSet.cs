namespace RetailCommerce.Modules.Search.Text;

/// <summary>
/// Merchant-supplied synonyms. Two-way sets make every phrase find the others ("sofa", "couch", "settee");
/// one-way rules only widen the left side ("tv" also finds "television", but "television" does not find
/// every "tv" accessory). Phrases are stored analyzed (stemmed), so "couches" hits the "couch" rule.
/// </summary>
public sealed class SynonymSet
{
    private readonly TextAnalyzer _analyzer;
    private readonly Dictionary<string, List<string[]>> _expansions = new(StringComparer.Ordinal);

    /// <summary>Creates an empty synonym set.</summary>
    public SynonymSet(TextAnalyzer? analyzer = null) => _analyzer = analyzer ?? TextAnalyzer.Default;

    /// <summary>A new empty set, used when the merchant configured none (a fresh one, so nobody can fill a shared instance).</summary>
    public static SynonymSet Empty => new();

    /// <summary>Longest phrase (in words) on the left side of any rule; bounds the query scan.</summary>
    public int MaxPhraseLength { get; private set; }

    /// <summary>Number of phrases that have expansions.</summary>
    public int Count => _expansions.Count;

    /// <summary>Adds a two-way set: each phrase expands to all the others.</summary>
    public SynonymSet AddTwoWay(params string[] phrases)
    {
        var analyzed = phrases.Select(AnalyzePhrase).Where(p => p.Length > 0).ToArray();
        foreach (var from in analyzed)
        {
            foreach (var to in analyzed)
            {
                if (!ReferenceEquals(from, to)) AddExpansion(from, to);
            }
        }
        return this;
    }

    /// <summary>Adds a one-way rule: <paramref name="from"/> also matches each of <paramref name="to"/>.</summary>
    public SynonymSet AddOneWay(string from, params string[] to)
    {
        var source = AnalyzePhrase(from);
        if (source.Length == 0) return this;
        foreach (var target in to.Select(AnalyzePhrase).Where(p => p.Length > 0)) AddExpansion(source, target);
        return this;
    }

    /// <summary>Expansions for an analyzed phrase (stems joined by a space), or an empty list.</summary>
    public IReadOnlyList<string[]> Expand(IEnumerable<string> stems)
    {
        var key = string.Join(' ', stems);
        return _expansions.TryGetValue(key, out var list) ? list : [];
    }

    private void AddExpansion(string[] from, string[] to)
    {
        var key = string.Join(' ', from);
        if (!_expansions.TryGetValue(key, out var list)) _expansions[key] = list = [];
        if (!list.Any(existing => existing.SequenceEqual(to))) list.Add(to);
        MaxPhraseLength = Math.Max(MaxPhraseLength, from.Length);
    }

    private string[] AnalyzePhrase(string phrase) => _analyzer.AnalyzeQuery(phrase).Select(t => t.Term).ToArray();
}

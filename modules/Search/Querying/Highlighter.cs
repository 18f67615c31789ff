using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Querying;

/// <summary>A field of a result with the query's words marked by <c>&lt;em&gt;</c> (the rest HTML-encoded).</summary>
public sealed record SearchHighlight(string Field, string Snippet);

/// <summary>Marks the words of a result that match the query (by stem, so "sofas" marks "Sofa").</summary>
public static partial class Highlighter
{
    private const int DescriptionWindow = 12;

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")]
    private static partial Regex Word();

    /// <summary>Stems of the query (and its correction) to mark.</summary>
    public static HashSet<string> QueryStems(string query, string? corrected)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in TextAnalyzer.Default.AnalyzeQuery(query)) stems.Add(t.Term);
        if (corrected is not null) foreach (var t in TextAnalyzer.Default.AnalyzeQuery(corrected)) stems.Add(t.Term);
        return stems;
    }

    /// <summary>Highlights of title, brand and a description window; fields without a match are left out.</summary>
    public static IReadOnlyList<SearchHighlight> For(SearchableProduct product, HashSet<string> stems)
    {
        var result = new List<SearchHighlight>(3);
        if (Mark(product.Title, stems, int.MaxValue) is { } title) result.Add(new SearchHighlight("title", title));
        if (product.Brand is not null && Mark(product.Brand, stems, int.MaxValue) is { } brand) result.Add(new SearchHighlight("brand", brand));
        if (product.Description is { Length: > 0 } d && Mark(d.Length > 4_000 ? d[..4_000] : d, stems, DescriptionWindow) is { } description)
            result.Add(new SearchHighlight("description", description));
        return result;
    }

    /// <summary>The text with matching words in &lt;em&gt;; with a window, only that many words around the first match. Null when nothing matches.</summary>
    private static string? Mark(string text, HashSet<string> stems, int window)
    {
        var words = Word().Matches(text);
        var hits = new bool[words.Count];
        var first = -1;
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var t in TextAnalyzer.Default.Analyze(words[i].Value))
            {
                if (!stems.Contains(t.Term)) continue;
                hits[i] = true;
                if (first < 0) first = i;
                break;
            }
        }
        if (first < 0) return null;

        var from = window == int.MaxValue ? 0 : Math.Max(0, first - window / 3);
        var to = window == int.MaxValue ? words.Count - 1 : Math.Min(words.Count - 1, from + window - 1);
        var start = window == int.MaxValue ? 0 : words[from].Index;
        var end = window == int.MaxValue ? text.Length : words[to].Index + words[to].Length;
        var sb = new StringBuilder();
        if (start > 0) sb.Append('…');
        var position = start;
        for (var i = from; i <= to; i++)
        {
            var w = words[i];
            sb.Append(WebUtility.HtmlEncode(text[position..w.Index]));
            sb.Append(hits[i] ? $"<em>{WebUtility.HtmlEncode(w.Value)}</em>" : WebUtility.HtmlEncode(w.Value));
            position = w.Index + w.Length;
        }
        sb.Append(WebUtility.HtmlEncode(text[position..end]));
        if (end < text.Length) sb.Append('…');
        return sb.ToString();
    }
}

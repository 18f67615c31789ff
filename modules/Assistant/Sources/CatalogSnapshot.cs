using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Assistant.Sources;

/// <summary>
/// A store's catalog held in memory for the assistant: products with normalised words, plus the store's own
/// vocabulary (brands, colours, sizes, category names) that slot extraction and the grounding guard read.
/// </summary>
public sealed class CatalogSnapshot
{
    /// <summary>Attribute names that carry a size-like variant in the platform's catalogs.</summary>
    public static readonly string[] SizeAttributes = ["size", "capacity", "screen", "case size", "power", "weight", "volume", "age", "pieces"];

    public CatalogSnapshot(IEnumerable<Product> products)
    {
        Products = products.ToList();
        ById = Products.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        Entries = Products.Select(p => new CatalogEntry(p)).ToList();
        Brands = Distinct(Products.Select(p => p.Brand));
        Colours = Distinct(Products.Select(p => p.Attribute("colour")));
        Sizes = Distinct(Products.SelectMany(p => SizeAttributes.Select(a => p.Attribute(a))));
        Categories = Distinct(Products.SelectMany(p => p.CategoryPath));
        var df = new Dictionary<string, int>();
        foreach (var e in Entries)
            foreach (var w in e.AllWords) df[w] = df.GetValueOrDefault(w) + 1;
        _idf = df.ToDictionary(kv => kv.Key, kv => Math.Log(1 + (Entries.Count - kv.Value + 0.5) / (kv.Value + 0.5)));
    }

    private readonly Dictionary<string, double> _idf;

    /// <summary>All products.</summary>
    public IReadOnlyList<Product> Products { get; }
    /// <summary>Products by id (case-insensitive).</summary>
    public IReadOnlyDictionary<string, Product> ById { get; }
    /// <summary>Products with their normalised words.</summary>
    public IReadOnlyList<CatalogEntry> Entries { get; }
    /// <summary>Brands of the store.</summary>
    public IReadOnlyList<string> Brands { get; }
    /// <summary>Colours of the store (attribute <c>colour</c>).</summary>
    public IReadOnlyList<string> Colours { get; }
    /// <summary>Size-like variant values.</summary>
    public IReadOnlyList<string> Sizes { get; }
    /// <summary>Category path parts of the store.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Inverse document frequency of a normalised word (0 for unknown words).</summary>
    public double Idf(string word) => _idf.GetValueOrDefault(word);

    /// <summary>True when the word occurs in some product.</summary>
    public bool Knows(string word) => _idf.ContainsKey(word);

    private static IReadOnlyList<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(v => v, StringComparer.OrdinalIgnoreCase).ToList();
}

/// <summary>A product and the words it can be found by.</summary>
public sealed class CatalogEntry
{
    public CatalogEntry(Product product)
    {
        Product = product;
        TitleWords = Words.Of(product.Title + " " + product.Brand).ToHashSet();
        CategoryWords = Words.Of(string.Join(' ', product.CategoryPath)).ToHashSet();
        var all = new HashSet<string>(TitleWords);
        all.UnionWith(CategoryWords);
        all.UnionWith(Words.Of(product.Description ?? ""));
        foreach (var a in product.Attributes)
            if (a.Name is not ("cost" or "margin" or "launched")) all.UnionWith(Words.Of(a.Value));
        _all = all;
    }

    private readonly HashSet<string> _all;
    /// <summary>The product.</summary>
    public Product Product { get; }
    /// <summary>Words of title and brand.</summary>
    public IReadOnlySet<string> TitleWords { get; }
    /// <summary>Words of the category path.</summary>
    public IReadOnlySet<string> CategoryWords { get; }
    /// <summary>Every searchable word.</summary>
    public IReadOnlySet<string> AllWords => _all;
}

/// <summary>Word normalisation shared by the catalog, slots and knowledge search: lower case, no accents, simple singular.</summary>
public static class Words
{
    private static readonly ConcurrentDictionary<string, string> Cache = new();

    /// <summary>Normalised words of a text.</summary>
    public static IEnumerable<string> Of(string text)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
            else if (sb.Length > 0) { yield return Stem(sb.ToString()); sb.Clear(); }
        }
        if (sb.Length > 0) yield return Stem(sb.ToString());
    }

    /// <summary>A crude English singular ("shoes" → "shoe", "dresses" → "dress", "accessories" → "accessory").</summary>
    public static string Stem(string w) => Cache.GetOrAdd(w, static w =>
    {
        if (w.Length <= 3 || char.IsDigit(w[0])) return w;
        if (w.EndsWith("ies")) return w[..^3] + "y";
        if (w.EndsWith("sses") || w.EndsWith("shes") || w.EndsWith("ches") || w.EndsWith("xes")) return w[..^2];
        if (w.EndsWith("ss") || w.EndsWith("us") || w.EndsWith("is")) return w;
        return w.EndsWith('s') ? w[..^1] : w;
    });
}

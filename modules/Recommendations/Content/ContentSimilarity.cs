using System.Text;
using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Recommendations.Content;

/// <summary>
/// Product-to-product similarity from catalog text: TF-IDF over title, brand, category path and attribute
/// values, cosine between products. It knows a product the moment it is imported, so new products (no
/// interactions yet) can enter "similar" shelves and be found from the products people look at.
/// Tokens in more than <see cref="MaxDocumentShare"/> of the catalog are dropped (they say nothing and make
/// the inverted index quadratic).
/// </summary>
public sealed class ContentSimilarity
{
    /// <summary>Tokens shared by more than this share of products are ignored.</summary>
    public const double MaxDocumentShare = 0.2;

    private readonly Dictionary<string, int> _index;
    private readonly string[] _ids;
    private readonly (int Item, float Score)[][] _neighbours;

    private ContentSimilarity(string[] ids, (int, float)[][] neighbours)
    {
        _ids = ids;
        _neighbours = neighbours;
        _index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++) _index[ids[i]] = i;
    }

    /// <summary>Products known.</summary>
    public int Count => _ids.Length;

    /// <summary>Builds the top <paramref name="neighbours"/> similar products of every product.</summary>
    public static ContentSimilarity Build(IReadOnlyList<Product> products, int neighbours = 30)
    {
        var ids = products.Select(p => p.Id).ToArray();
        var docs = products.Select(Tokens).ToArray();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in docs) foreach (var t in d.Keys) df[t] = df.GetValueOrDefault(t) + 1;
        var maxDf = Math.Max(2, (int)(MaxDocumentShare * products.Count));
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (t, n) in df) if (n >= 2 && n <= maxDf) vocabulary[t] = vocabulary.Count;

        // Unit-length TF-IDF vectors and an inverted index (token → products).
        var vectors = new (int Token, float Weight)[docs.Length][];
        var postings = new List<(int Item, float Weight)>[vocabulary.Count];
        for (var t = 0; t < postings.Length; t++) postings[t] = [];
        for (var i = 0; i < docs.Length; i++)
        {
            var v = docs[i].Where(kv => vocabulary.ContainsKey(kv.Key))
                .Select(kv => (Token: vocabulary[kv.Key], Weight: (float)(kv.Value * Math.Log((double)products.Count / df[kv.Key])))).ToArray();
            var norm = Math.Sqrt(v.Sum(x => (double)x.Weight * x.Weight));
            if (norm > 0) for (var n = 0; n < v.Length; n++) v[n].Weight = (float)(v[n].Weight / norm);
            vectors[i] = v;
            foreach (var (t, w) in v) postings[t].Add((i, w));
        }

        var result = new (int, float)[docs.Length][];
        Parallel.For(0, docs.Length, () => new float[docs.Length], (i, _, row) =>
        {
            var touched = new List<int>();
            foreach (var (t, w) in vectors[i])
                foreach (var (j, wj) in postings[t])
                {
                    if (j == i) continue;
                    if (row[j] == 0) touched.Add(j);
                    row[j] += w * wj;
                }
            result[i] = [.. touched.Select(j => (j, row[j])).OrderByDescending(x => x.Item2).ThenBy(x => x.j).Take(neighbours)];
            foreach (var j in touched) row[j] = 0;
            return row;
        }, _ => { });
        return new ContentSimilarity(ids, result);
    }

    /// <summary>The products most similar to <paramref name="productId"/> by text, best first (cosine in [0, 1]).</summary>
    public IReadOnlyList<ScoredProduct> SimilarTo(string productId) =>
        _index.TryGetValue(productId, out var i) ? [.. _neighbours[i].Select(n => new ScoredProduct(_ids[n.Item], n.Score))] : [];

    /// <summary>Cosine similarity of two products' text (0 when unknown or unrelated).</summary>
    public double Similarity(string a, string b)
    {
        if (!_index.TryGetValue(a, out var i) || !_index.TryGetValue(b, out var j)) return 0;
        foreach (var (item, score) in _neighbours[i]) if (item == j) return score;
        return 0;
    }

    private static Dictionary<string, int> Tokens(Product p)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string? text, string prefix = "", int weight = 1)
        {
            if (string.IsNullOrWhiteSpace(text)) return;
            var sb = new StringBuilder();
            foreach (var ch in text.ToLowerInvariant() + " ")
            {
                if (char.IsLetterOrDigit(ch)) { sb.Append(ch); continue; }
                if (sb.Length >= 2) counts[prefix + sb] = counts.GetValueOrDefault(prefix + sb) + weight;
                sb.Clear();
            }
        }
        Add(p.Title, weight: 2);
        if (p.Brand is { Length: > 0 } brand) counts["brand:" + brand.ToLowerInvariant()] = 1;
        // The deepest category levels are the most telling; the root is shared by too many products anyway.
        for (var level = 0; level < p.CategoryPath.Count; level++)
            counts["cat:" + string.Join('>', p.CategoryPath.Take(level + 1)).ToLowerInvariant()] = 1 + level;
        foreach (var a in p.Attributes) Add(a.Value, a.Name.ToLowerInvariant() + ":");
        return counts;
    }
}

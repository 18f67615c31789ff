using System.Numerics.Tensors;
using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Ranking.Semantic;

/// <summary>
/// Trains a <see cref="CatalogEmbeddingModel"/> from nothing but the store's own product texts: no network,
/// no downloaded weights, a few seconds for tens of thousands of products. The idea is that a catalog is its
/// own corpus: words used on the same products mean related things in this shop.
/// </summary>
public static class CatalogEmbeddingTrainer
{
    /// <summary>Trains a model on <paramref name="products"/>.</summary>
    public static CatalogEmbeddingModel Train(IEnumerable<SearchableProduct> products, CatalogEmbeddingOptions? options = null, TextAnalyzer? analyzer = null)
    {
        options ??= new CatalogEmbeddingOptions();
        analyzer ??= TextAnalyzer.Default;

        // Each product as (main words, description words), stemmed.
        var documents = new List<(string[] Main, string[] Description)>();
        foreach (var p in products)
        {
            var main = new List<string>();
            main.AddRange(analyzer.Analyze(p.Title).Select(t => t.Term));
            main.AddRange(analyzer.Analyze(p.Brand).Select(t => t.Term));
            if (p.CategoryPath is not null) main.AddRange(analyzer.Analyze(string.Join(" ", p.CategoryPath)).Select(t => t.Term));
            if (p.Attributes is not null) main.AddRange(analyzer.Analyze(string.Join(" ", p.Attributes.Select(a => a.Value))).Select(t => t.Term));
            var description = analyzer.Analyze(p.Description).Take(options.MaxDescriptionWords).Select(t => t.Term).ToArray();
            documents.Add((main.ToArray(), description));
        }

        // Vocabulary: words on at least MinProductCount products.
        var productCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (main, description) in documents)
        {
            foreach (var term in main.Concat(description).Distinct()) productCounts[term] = productCounts.GetValueOrDefault(term) + 1;
        }
        var kept = productCounts.Where(kv => kv.Value >= options.MinProductCount)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(options.MaxVocabulary).Select(kv => kv.Key).ToList();
        if (kept.Count < 2) kept = productCounts.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList(); // tiny catalogs: keep everything
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in kept) vocabulary[word] = vocabulary.Count;

        var n = Math.Max(1, documents.Count);
        var idf = new float[vocabulary.Count];
        foreach (var (word, id) in vocabulary) idf[id] = (float)Math.Log(1.0 + n / (double)productCounts[word]);

        var dims = Math.Max(1, Math.Min(options.Dimensions, vocabulary.Count - 1));
        float[] vectors;
        if (options.Method == EmbeddingTrainingMethod.Combined && dims >= 4)
        {
            var half = dims / 2;
            var ppmi = TrainPpmi(documents, vocabulary, half, options);
            var lsa = TrainLsa(documents, vocabulary, idf, dims - half, options);
            NormalizeRows(ppmi, vocabulary.Count, half);
            NormalizeRows(lsa, vocabulary.Count, dims - half);
            vectors = new float[vocabulary.Count * dims];
            for (var i = 0; i < vocabulary.Count; i++)
            {
                ppmi.AsSpan(i * half, half).CopyTo(vectors.AsSpan(i * dims, half));
                lsa.AsSpan(i * (dims - half), dims - half).CopyTo(vectors.AsSpan(i * dims + half, dims - half));
            }
        }
        else
        {
            vectors = options.Method == EmbeddingTrainingMethod.Lsa
                ? TrainLsa(documents, vocabulary, idf, dims, options)
                : TrainPpmi(documents, vocabulary, dims, options);
        }

        // Unit rows: every word contributes by its IDF weight only, not by how "loud" its vector happens to be.
        for (var i = 0; i < vocabulary.Count; i++)
        {
            var row = vectors.AsSpan(i * dims, dims);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
        }

        var method = options.Method switch
        {
            EmbeddingTrainingMethod.Lsa => "lsa-svd",
            EmbeddingTrainingMethod.Combined => "ppmi+lsa-svd",
            _ => "ppmi-svd",
        };
        return new CatalogEmbeddingModel(vocabulary, vectors, idf, dims, analyzer, method, options.CharNGramBuckets, options.KnownWordNGramShare);
    }

    private static float[] TrainPpmi(List<(string[] Main, string[] Description)> documents, Dictionary<string, int> vocabulary, int dims, CatalogEmbeddingOptions options)
    {
        // long.GetHashCode folds the halves with XOR, which sends every (a, b) with equal a^b to one bucket; mix instead.
        var counts = new Dictionary<long, float>(PairKeyComparer.Instance);
        void Add(int a, int b, float w)
        {
            if (a == b) return;
            var key = ((long)a << 32) | (uint)b;
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += w;
        }

        foreach (var (main, description) in documents)
        {
            var mainIds = main.Select(t => vocabulary.GetValueOrDefault(t, -1)).Where(i => i >= 0).Distinct().Take(48).ToArray();
            var descIds = description.Select(t => vocabulary.GetValueOrDefault(t, -1)).ToArray();

            // Title/brand/category words describe the same thing: every pair co-occurs.
            for (var i = 0; i < mainIds.Length; i++)
            {
                for (var j = 0; j < mainIds.Length; j++) Add(mainIds[i], mainIds[j], 1f);
            }

            // Description words relate to the title more loosely, and to each other only nearby.
            var distinctDesc = descIds.Where(i => i >= 0).Distinct().Take(40).ToArray();
            foreach (var m in mainIds)
            {
                foreach (var d in distinctDesc) { Add(m, d, 0.3f); Add(d, m, 0.3f); }
            }
            for (var i = 0; i < descIds.Length; i++)
            {
                if (descIds[i] < 0) continue;
                for (var j = Math.Max(0, i - 4); j < Math.Min(descIds.Length, i + 5); j++)
                {
                    if (j != i && descIds[j] >= 0) Add(descIds[i], descIds[j], 0.2f);
                }
            }
        }

        var v = vocabulary.Count;
        var rowSums = new double[v];
        var colSums = new double[v];
        foreach (var (key, c) in counts)
        {
            rowSums[(int)(key >> 32)] += c;
            colSums[(int)(key & 0xffffffff)] += c;
        }
        var smoothedCols = colSums.Select(c => Math.Pow(c, options.ContextSmoothing)).ToArray();
        var smoothedTotal = smoothedCols.Sum();

        var triples = new List<(int, int, float)>(counts.Count / 2);
        foreach (var (key, c) in counts)
        {
            var a = (int)(key >> 32);
            var b = (int)(key & 0xffffffff);
            var pmi = Math.Log(c * smoothedTotal / (rowSums[a] * smoothedCols[b]));
            if (pmi > 0) triples.Add((a, b, (float)pmi));
        }

        var matrix = SparseMatrix.FromTriples(v, v, triples);
        var (u, s) = RandomizedSvd.Compute(matrix, dims, seed: options.Seed);
        ScaleColumns(u, v, dims, s, options.SingularValuePower);
        return u;
    }

    private static float[] TrainLsa(List<(string[] Main, string[] Description)> documents, Dictionary<string, int> vocabulary, float[] idf, int dims, CatalogEmbeddingOptions options)
    {
        // Term × product matrix (terms as rows, so the left singular vectors are word vectors).
        var triples = new List<(int, int, float)>();
        for (var d = 0; d < documents.Count; d++)
        {
            var tf = new Dictionary<int, float>();
            foreach (var t in documents[d].Main) if (vocabulary.TryGetValue(t, out var id)) tf[id] = tf.GetValueOrDefault(id) + 1f;
            foreach (var t in documents[d].Description) if (vocabulary.TryGetValue(t, out var id)) tf[id] = tf.GetValueOrDefault(id) + 0.3f;
            var weights = tf.Select(kv => (kv.Key, W: (float)(1 + Math.Log(1 + kv.Value)) * idf[kv.Key])).ToList();
            var norm = MathF.Sqrt(weights.Sum(w => w.W * w.W));
            foreach (var (id, w) in weights) triples.Add((id, d, w / norm));
        }

        var matrix = SparseMatrix.FromTriples(vocabulary.Count, documents.Count, triples);
        var (u, s) = RandomizedSvd.Compute(matrix, dims, seed: options.Seed);
        var rank = s.Length;
        ScaleColumns(u, vocabulary.Count, rank, s, options.SingularValuePower);
        if (rank == dims) return u;
        // Fewer products than dimensions (a catalog of a handful): the SVD has only that many columns; the rest stay 0.
        var padded = new float[vocabulary.Count * dims];
        for (var r = 0; r < vocabulary.Count; r++) u.AsSpan(r * rank, rank).CopyTo(padded.AsSpan(r * dims, rank));
        return padded;
    }

    private static void NormalizeRows(float[] m, int rows, int dims)
    {
        for (var i = 0; i < rows; i++)
        {
            var row = m.AsSpan(i * dims, dims);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
        }
    }

    private static void ScaleColumns(float[] u, int rows, int dims, double[] s, double power)
    {
        var scale = s.Select(x => (float)Math.Pow(x, power)).ToArray();
        for (var r = 0; r < rows; r++) TensorPrimitives.Multiply(u.AsSpan(r * dims, dims), scale.AsSpan(0, dims), u.AsSpan(r * dims, dims));
    }

    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15)) >> 32);
    }
}

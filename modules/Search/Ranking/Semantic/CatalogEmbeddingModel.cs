using System.Numerics.Tensors;
using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Ranking.Semantic;

/// <summary>How the store-trained word vectors are learned.</summary>
public enum EmbeddingTrainingMethod
{
    /// <summary>
    /// Positive pointwise mutual information of words that appear on the same product, factorised by SVD
    /// (Levy &amp; Goldberg 2014). Words get close when they keep the same company ("sofa" and "couch" both sit next to "sectional").
    /// </summary>
    CooccurrencePpmi,

    /// <summary>Latent semantic analysis: SVD of the product × word TF-IDF matrix.</summary>
    Lsa,

    /// <summary>Both, half the dimensions each, concatenated: co-occurrence and product-topic views of each word.</summary>
    Combined,
}

/// <summary>Settings for training the offline embedding model on a store's catalog.</summary>
public sealed record CatalogEmbeddingOptions
{
    /// <summary>Vector size. 256 keeps a 40k-product exact scan around a couple of milliseconds.</summary>
    public int Dimensions { get; init; } = 256;

    /// <summary>Words seen on fewer products are not given a vector (they are noise for co-occurrence statistics).</summary>
    public int MinProductCount { get; init; } = 2;

    /// <summary>Upper bound on the vocabulary, most frequent words kept.</summary>
    public int MaxVocabulary { get; init; } = 60_000;

    /// <summary>Training method.</summary>
    public EmbeddingTrainingMethod Method { get; init; } = EmbeddingTrainingMethod.Combined;

    /// <summary>Context-distribution smoothing exponent for PPMI (0.75 as in word2vec).</summary>
    public double ContextSmoothing { get; init; } = 0.75;

    /// <summary>Exponent applied to singular values when forming word vectors (0.5 = symmetric split).</summary>
    public double SingularValuePower { get; init; } = 0.5;

    /// <summary>Description words used per product; a long description adds noise, not meaning.</summary>
    public int MaxDescriptionWords { get; init; } = 80;

    /// <summary>Random seed so a store's model is reproducible.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>
    /// Hashed character trigram buckets. Each bucket's vector is the mean of the vectors of the catalog words that
    /// contain the trigram (fastText-style subwords, derived instead of trained), so misspelt, compound and unseen
    /// words ("screwgun", "deckboard") still land near their catalog relatives. 0 turns subwords off.
    /// </summary>
    public int CharNGramBuckets { get; init; } = 1 << 13;

    /// <summary>Share of a known word's vector that comes from its trigrams (unknown words use trigrams only).</summary>
    public float KnownWordNGramShare { get; init; } = 0.0f;
}

/// <summary>The learned parts of a <see cref="CatalogEmbeddingModel"/>: words in id order, their vectors (row-major) and IDF weights.</summary>
public sealed record CatalogEmbeddingModelState(string[] Words, float[] Vectors, float[] Idf, int Dimensions, string Method, int NGramBuckets, float KnownWordNGramShare);

/// <summary>
/// A store-trained text embedding: one learned vector per catalog word, texts embedded as the IDF-weighted
/// mean of their word vectors. Unknown words borrow the vector of the nearest catalog word within the typo
/// budget, so "assassinss" lands where "assassins" does. Immutable after training and safe to share.
/// </summary>
public sealed class CatalogEmbeddingModel
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly float[] _vectors;
    private readonly float[] _idf;
    private readonly VocabularyTrie _words = new();
    private readonly TextAnalyzer _analyzer;
    private readonly float _maxIdf;

    private readonly float[]? _ngramVectors;
    private readonly int _ngramBuckets;
    private readonly float _knownWordNGramShare;

    internal CatalogEmbeddingModel(Dictionary<string, int> vocabulary, float[] vectors, float[] idf, int dimensions, TextAnalyzer analyzer, string method,
        int ngramBuckets = 0, float knownWordNGramShare = 0f)
    {
        _vocabulary = vocabulary;
        _vectors = vectors;
        _idf = idf;
        Dimensions = dimensions;
        _analyzer = analyzer;
        Method = method;
        _ngramBuckets = ngramBuckets;
        _knownWordNGramShare = knownWordNGramShare;
        _maxIdf = idf.Length == 0 ? 1f : idf.Max();
        foreach (var (word, id) in vocabulary) _words.Add(word, Math.Max(1, (int)(1000 / Math.Max(idf[id], 0.01f))));

        if (ngramBuckets > 0)
        {
            // Subword vectors: each trigram bucket is the sum of the unit vectors of the words that contain it.
            _ngramVectors = new float[ngramBuckets * dimensions];
            foreach (var (word, id) in vocabulary)
            {
                foreach (var bucket in Trigrams(word, ngramBuckets))
                {
                    var target = _ngramVectors.AsSpan(bucket * dimensions, dimensions);
                    TensorPrimitives.Add(target, _vectors.AsSpan(id * dimensions, dimensions), target);
                }
            }
            for (var b = 0; b < ngramBuckets; b++)
            {
                var row = _ngramVectors.AsSpan(b * dimensions, dimensions);
                var norm = TensorPrimitives.Norm(row);
                if (norm > 0) TensorPrimitives.Divide(row, norm, row);
            }
        }
    }

    /// <summary>Everything needed to rebuild this model elsewhere (stored in the database so restarts skip training).</summary>
    public CatalogEmbeddingModelState Export()
    {
        var words = new string[_vocabulary.Count];
        foreach (var (word, id) in _vocabulary) words[id] = word;
        return new CatalogEmbeddingModelState(words, _vectors, _idf, Dimensions, Method, _ngramBuckets, _knownWordNGramShare);
    }

    /// <summary>Rebuilds a model from <see cref="Export"/>'s output.</summary>
    public static CatalogEmbeddingModel Import(CatalogEmbeddingModelState state, TextAnalyzer? analyzer = null)
    {
        var vocabulary = new Dictionary<string, int>(state.Words.Length, StringComparer.Ordinal);
        for (var i = 0; i < state.Words.Length; i++) vocabulary[state.Words[i]] = i;
        return new CatalogEmbeddingModel(vocabulary, state.Vectors, state.Idf, state.Dimensions, analyzer ?? TextAnalyzer.Default, state.Method,
            state.NGramBuckets, state.KnownWordNGramShare);
    }

    /// <summary>Hashed trigrams of "&lt;word&gt;" (FNV-1a), the subword units.</summary>
    internal static IEnumerable<int> Trigrams(string word, int buckets)
    {
        var padded = "<" + word + ">";
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            var hash = 2166136261u;
            for (var k = i; k < i + 3; k++) hash = (hash ^ padded[k]) * 16777619u;
            yield return (int)(hash % (uint)buckets);
        }
    }

    /// <summary>Adds the mean trigram vector of <paramref name="term"/> times <paramref name="weight"/>; false when none is known.</summary>
    private bool AddSubwords(string term, float weight, Span<float> output)
    {
        if (_ngramVectors is null) return false;
        Span<float> sum = stackalloc float[Dimensions];
        sum.Clear();
        foreach (var bucket in Trigrams(term, _ngramBuckets))
        {
            TensorPrimitives.Add(sum, _ngramVectors.AsSpan(bucket * Dimensions, Dimensions), sum);
        }
        var norm = TensorPrimitives.Norm(sum);
        if (norm == 0) return false;
        TensorPrimitives.MultiplyAdd(sum, weight / norm, output, output);
        return true;
    }

    /// <summary>Vector size.</summary>
    public int Dimensions { get; }

    /// <summary>Words that have a vector.</summary>
    public int VocabularySize => _vocabulary.Count;

    /// <summary>Short description of how the model was trained, e.g. "ppmi-svd".</summary>
    public string Method { get; }

    /// <summary>Unit-length vector of one catalog word (stemmed), or an empty span when the word is unknown.</summary>
    public ReadOnlySpan<float> WordVector(string stem) =>
        _vocabulary.TryGetValue(stem, out var id) ? _vectors.AsSpan(id * Dimensions, Dimensions) : default;

    /// <summary>Embeds <paramref name="text"/> into <paramref name="output"/> (unit length, or all zeros when no word is known).</summary>
    public void Embed(string text, Span<float> output)
    {
        output.Clear();
        foreach (var token in _analyzer.AnalyzeQuery(text))
        {
            if (_vocabulary.TryGetValue(token.Term, out var id))
            {
                var own = _idf[id] * (1f - _knownWordNGramShare);
                TensorPrimitives.MultiplyAdd(_vectors.AsSpan(id * Dimensions, Dimensions), own, output, output);
                if (_knownWordNGramShare > 0) AddSubwords(token.Term, _idf[id] * _knownWordNGramShare, output);
                continue;
            }

            // Unknown word: borrow the nearest known word's vector (a typo), else its trigrams (a compound or new word).
            var budget = TypoTolerance.MaxEdits(token.Term.Length);
            var matches = budget == 0 ? [] : _words.Fuzzy(token.Term, budget);
            if (matches.Count > 0)
            {
                id = _vocabulary[matches[0].Word];
                TensorPrimitives.MultiplyAdd(_vectors.AsSpan(id * Dimensions, Dimensions), 0.7f * _idf[id], output, output);
                continue;
            }
            AddSubwords(token.Term, 0.5f * _maxIdf, output);
        }

        var norm = TensorPrimitives.Norm(output);
        if (norm > 0) TensorPrimitives.Divide(output, norm, output);
    }
}

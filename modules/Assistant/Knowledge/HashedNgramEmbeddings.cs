using Microsoft.Extensions.AI;
using RetailCommerce.Modules.Assistant.Sources;

namespace RetailCommerce.Modules.Assistant.Knowledge;

/// <summary>
/// The offline embedding generator: hashed character 3–5-grams of each normalised word plus the words
/// themselves, in a 1,024-dimensional L2-normalised vector ("feature hashing"). No model download; tolerant of
/// misspellings and inflections ("refunds", "refnd"); no synonyms — the article's keywords carry those. An
/// OpenAI-compatible embedding model replaces it when <c>Retail:Ai:EmbeddingModel</c> is set.
/// </summary>
public sealed class HashedNgramEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Vector length.</summary>
    public const int Dimensions = 1024;

    private static readonly HashSet<string> StopWords = ["the", "a", "an", "is", "are", "do", "does", "you", "your", "i", "my", "me", "to", "of", "and", "or", "in", "on",
        "for", "it", "what", "how", "can", "with", "be", "we", "our", "there", "this", "that", "have", "if", "at", "any", "please"];

    private readonly EmbeddingGeneratorMetadata _metadata = new("hashed-char-ngrams", null, "hashed-ngrams-1024", Dimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));

    /// <summary>The vector of one text.</summary>
    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in Words.Of(text))
        {
            if (StopWords.Contains(word)) continue;
            Add(vector, "w:" + word, 2f);
            var padded = $"<{word}>";
            for (var n = 3; n <= 5; n++)
                for (var i = 0; i + n <= padded.Length; i++)
                    Add(vector, padded.Substring(i, n), 1f);
        }
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        if (norm > 0) for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }

    /// <summary>Cosine similarity of two L2-normalised vectors.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / MathF.Sqrt(na * nb);
    }

    private static void Add(float[] vector, string feature, float weight)
    {
        // FNV-1a: stable across processes and platforms (string.GetHashCode is randomised per process).
        var hash = 2166136261u;
        foreach (var ch in feature) { hash ^= ch; hash *= 16777619u; }
        // The hash's top bit picks the sign, so colliding features cancel out on average instead of piling up.
        vector[(int)(hash % Dimensions)] += (hash & 0x8000_0000) == 0 ? weight : -weight;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : null;

    public void Dispose() { }
}

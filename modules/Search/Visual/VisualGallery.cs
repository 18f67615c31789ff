using System.Numerics.Tensors;

namespace RetailCommerce.Modules.Search.Visual;

/// <summary>A visual match: product id and cosine similarity of the image descriptors.</summary>
public readonly record struct VisualMatch(string ProductId, float Similarity);

/// <summary>
/// One store's product image vectors, in memory. Searching is an exact dot-product scan with
/// <see cref="TensorPrimitives"/> over a contiguous snapshot (rebuilt after changes), which takes a few
/// milliseconds per 10,000 images at the descriptor's size; beyond ~100,000 images per store an ANN index should take over.
/// </summary>
public sealed class VisualGallery
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Url, float[]? Vector)> _entries = new(StringComparer.Ordinal);
    private (string[] Ids, float[] Matrix, int Dimensions)? _snapshot;

    /// <summary>Products whose image has a vector.</summary>
    public int Count { get { lock (_gate) return _entries.Values.Count(e => e.Vector is not null); } }

    /// <summary>Records a product's image vector (null when its image could not be used), replacing the previous one.</summary>
    public void Set(string productId, string url, float[]? vector)
    {
        lock (_gate) { _entries[productId] = (url, vector); _snapshot = null; }
    }

    /// <summary>Forgets a product (its image was removed).</summary>
    public bool Remove(string productId)
    {
        lock (_gate) { _snapshot = null; return _entries.Remove(productId); }
    }

    /// <summary>The image URL the product's entry was computed from (also for failed images), or null.</summary>
    public string? UrlOf(string productId) { lock (_gate) return _entries.TryGetValue(productId, out var e) ? e.Url : null; }

    /// <summary>The product's vector, or null.</summary>
    public float[]? VectorOf(string productId) { lock (_gate) return _entries.TryGetValue(productId, out var e) ? e.Vector : null; }

    /// <summary>The <paramref name="k"/> products whose images are most similar to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<VisualMatch> Nearest(ReadOnlySpan<float> query, int k, string? exclude = null)
    {
        var (ids, matrix, dims) = Snapshot();
        if (ids.Length == 0 || dims != query.Length) return [];
        var heap = new PriorityQueue<int, float>(k + 1);
        for (var i = 0; i < ids.Length; i++)
        {
            if (exclude is not null && ids[i] == exclude) continue;
            var score = TensorPrimitives.Dot(query, matrix.AsSpan(i * dims, dims));
            if (heap.Count < k) heap.Enqueue(i, score);
            else if (heap.TryPeek(out _, out var worst) && score > worst)
                heap.EnqueueDequeue(i, score);
        }
        var result = new List<VisualMatch>(heap.Count);
        while (heap.TryDequeue(out var i, out var score))
            result.Add(new VisualMatch(ids[i], score));
        result.Reverse();
        return result;
    }

    private (string[] Ids, float[] Matrix, int Dimensions) Snapshot()
    {
        lock (_gate)
        {
            if (_snapshot is { } s) return s;
            var rows = _entries.Where(e => e.Value.Vector is not null).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
            var dims = rows.Count == 0 ? 0 : rows[0].Value.Vector!.Length;
            var matrix = new float[rows.Count * dims];
            for (var i = 0; i < rows.Count; i++) rows[i].Value.Vector.AsSpan().CopyTo(matrix.AsSpan(i * dims));
            _snapshot = (rows.Select(r => r.Key).ToArray(), matrix, dims);
            return _snapshot.Value;
        }
    }
}

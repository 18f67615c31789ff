using System.Numerics.Tensors;

namespace RetailCommerce.Modules.Search.Ranking.Semantic;

/// <summary>
/// Unit-length product vectors in one contiguous array, searched exactly: a store has tens of thousands of
/// products, so a SIMD dot product over all of them (TensorPrimitives) costs a few milliseconds and needs no
/// approximate index that could miss a product.
/// </summary>
internal sealed class VectorStore
{
    private float[] _data;
    private bool[] _present;

    public VectorStore(int dimensions, int capacity = 16)
    {
        Dimensions = dimensions;
        _data = new float[Math.Max(16, capacity) * dimensions];
        _present = new bool[Math.Max(16, capacity)];
    }

    public int Dimensions { get; }

    public void Set(int doc, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions) throw new ArgumentException($"Expected {Dimensions} dimensions, got {vector.Length}.");
        Ensure(doc + 1);
        var target = _data.AsSpan(doc * Dimensions, Dimensions);
        vector.CopyTo(target);
        var norm = TensorPrimitives.Norm(target);
        if (norm > 0) TensorPrimitives.Divide(target, norm, target);
        _present[doc] = norm > 0;
    }

    public void Clear(int doc)
    {
        if (doc < _present.Length) _present[doc] = false;
    }

    public ReadOnlySpan<float> Get(int doc) => _data.AsSpan(doc * Dimensions, Dimensions);

    /// <summary>The <paramref name="k"/> most similar documents with cosine ≥ <paramref name="minSimilarity"/>, best first.</summary>
    public List<(int Doc, float Similarity)> Search(ReadOnlySpan<float> query, int k, int capacity, Func<int, bool> accept, float minSimilarity)
    {
        var heap = new PriorityQueue<int, float>(k + 1);
        var limit = Math.Min(capacity, _present.Length);
        for (var doc = 0; doc < limit; doc++)
        {
            if (!_present[doc]) continue;
            var similarity = TensorPrimitives.Dot(query, _data.AsSpan(doc * Dimensions, Dimensions));
            if (similarity < minSimilarity) continue;
            if (heap.Count < k)
            {
                if (accept(doc)) heap.Enqueue(doc, similarity);
            }
            else if (heap.TryPeek(out _, out var lowest) && similarity > lowest && accept(doc))
            {
                heap.DequeueEnqueue(doc, similarity);
            }
        }

        var result = new List<(int, float)>(heap.Count);
        while (heap.TryDequeue(out var doc, out var similarity)) result.Add((doc, similarity));
        result.Reverse();
        return result;
    }

    /// <summary>Moves vectors to their new ordinals after the lexical index compacted.</summary>
    public void Compact(int[] remap)
    {
        var live = remap.Count(r => r >= 0);
        var data = new float[Math.Max(16, live) * Dimensions];
        var present = new bool[Math.Max(16, live)];
        for (var doc = 0; doc < remap.Length && doc < _present.Length; doc++)
        {
            var target = remap[doc];
            if (target < 0) continue;
            Get(doc).CopyTo(data.AsSpan(target * Dimensions, Dimensions));
            present[target] = _present[doc];
        }
        _data = data;
        _present = present;
    }

    private void Ensure(int size)
    {
        if (size <= _present.Length) return;
        var newSize = Math.Max(size, _present.Length * 2);
        Array.Resize(ref _present, newSize);
        Array.Resize(ref _data, newSize * Dimensions);
    }
}

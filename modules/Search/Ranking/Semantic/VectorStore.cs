using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RetailCommerce.Modules.Search.Ranking.Semantic;

/// <summary>
/// Unit-length product vectors in one contiguous array, searched exactly: a store has tens of thousands of
/// products, so a SIMD dot product over all of them (TensorPrimitives) costs a few milliseconds and needs no
/// approximate index that could miss a product.
/// The scan reads an int8 copy of every vector (a quarter of the memory traffic of float32, which is what bounds a
/// scan of 40,000 × 256 floats when 20 searches run at once), keeps a few times more candidates than asked, and
/// re-scores those with the float32 vectors, so the similarities returned are exact and only an item at the very
/// edge of the candidate list could differ from a float32 scan.
/// </summary>
internal sealed class VectorStore
{
    private float[] _data;
    private bool[] _present;
    private sbyte[] _codes;
    private float[] _scales;

    /// <summary>Scan the int8 copy (default); false scans the float32 vectors (the bench compares the two).</summary>
    public static bool QuantizedScan { get; set; } = true;

    /// <summary>Candidates kept by the int8 scan per result asked for, before exact re-scoring.</summary>
    public const int OverFetch = 3;

    public VectorStore(int dimensions, int capacity = 16)
    {
        Dimensions = dimensions;
        _data = new float[Math.Max(16, capacity) * dimensions];
        _present = new bool[Math.Max(16, capacity)];
        _codes = new sbyte[Math.Max(16, capacity) * dimensions];
        _scales = new float[Math.Max(16, capacity)];
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
        _scales[doc] = Quantize(target, _codes.AsSpan(doc * Dimensions, Dimensions));
    }

    /// <summary>Symmetric int8 quantization with one scale per vector; returns the scale (value = code × scale).</summary>
    private static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var max = MathF.Abs(TensorPrimitives.MaxMagnitude(vector)); // MaxMagnitude keeps the sign
        if (max <= 0) { codes.Clear(); return 0; }
        var scale = max / 127f;
        for (var i = 0; i < vector.Length; i++) codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        return scale;
    }

    /// <summary>Integer dot product of two int8 vectors (AVX2 pmaddwd when available).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotInt8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && a.Length >= 32)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            var acc = Vector256<int>.Zero;
            for (; i <= a.Length - 32; i += 32)
            {
                var va = Vector256.LoadUnsafe(ref ra, (nuint)i);
                var vb = Vector256.LoadUnsafe(ref rb, (nuint)i);
                var (alo, ahi) = Vector256.Widen(va);
                var (blo, bhi) = Vector256.Widen(vb);
                acc = Avx2.Add(acc, Avx2.Add(Avx2.MultiplyAddAdjacent(alo, blo), Avx2.MultiplyAddAdjacent(ahi, bhi)));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public void Clear(int doc)
    {
        if (doc < _present.Length) _present[doc] = false;
    }

    public ReadOnlySpan<float> Get(int doc) => _data.AsSpan(doc * Dimensions, Dimensions);

    /// <summary>The <paramref name="k"/> most similar documents with cosine ≥ <paramref name="minSimilarity"/>, best first.</summary>
    public List<(int Doc, float Similarity)> Search(ReadOnlySpan<float> query, int k, int capacity, Func<int, bool> accept, float minSimilarity)
    {
        if (k <= 0) return [];
        if (!QuantizedScan) return ExactSearch(query, k, capacity, accept, minSimilarity);
        var dims = Dimensions;
        Span<sbyte> queryCodes = dims <= 2048 ? stackalloc sbyte[dims] : new sbyte[dims];
        var queryScale = Quantize(query, queryCodes);
        if (queryScale <= 0) return [];
        // Approximate cosines are within a small error of the exact ones; the threshold is loosened by that much here and applied exactly below.
        var approximateMin = (minSimilarity - 0.02f) / queryScale;
        var keep = k * OverFetch;
        var heap = new PriorityQueue<int, float>(keep + 1);
        var limit = Math.Min(capacity, _present.Length);
        var codes = _codes;
        var scales = _scales;
        for (var doc = 0; doc < limit; doc++)
        {
            if (!_present[doc]) continue;
            var approximate = DotInt8(queryCodes, codes.AsSpan(doc * dims, dims)) * scales[doc]; // × queryScale = cosine
            if (approximate < approximateMin) continue;
            if (heap.Count < keep)
            {
                if (accept(doc)) heap.Enqueue(doc, approximate);
            }
            else if (heap.TryPeek(out _, out var lowest) && approximate > lowest && accept(doc))
            {
                heap.DequeueEnqueue(doc, approximate);
            }
        }

        var result = new List<(int Doc, float Similarity)>(heap.Count);
        while (heap.TryDequeue(out var doc, out _))
        {
            var exact = TensorPrimitives.Dot(query, _data.AsSpan(doc * dims, dims));
            if (exact >= minSimilarity) result.Add((doc, exact));
        }
        result.Sort((a, b) => b.Similarity.CompareTo(a.Similarity));
        if (result.Count > k) result.RemoveRange(k, result.Count - k);
        return result;
    }

    private List<(int Doc, float Similarity)> ExactSearch(ReadOnlySpan<float> query, int k, int capacity, Func<int, bool> accept, float minSimilarity)
    {
        var heap = new PriorityQueue<int, float>(k + 1);
        var limit = Math.Min(capacity, _present.Length);
        for (var doc = 0; doc < limit; doc++)
        {
            if (!_present[doc]) continue;
            var similarity = TensorPrimitives.Dot(query, _data.AsSpan(doc * Dimensions, Dimensions));
            if (similarity < minSimilarity) continue;
            if (heap.Count < k) { if (accept(doc)) heap.Enqueue(doc, similarity); }
            else if (heap.TryPeek(out _, out var lowest) && similarity > lowest && accept(doc)) heap.DequeueEnqueue(doc, similarity);
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
        var codes = new sbyte[Math.Max(16, live) * Dimensions];
        var scales = new float[Math.Max(16, live)];
        for (var doc = 0; doc < remap.Length && doc < _present.Length; doc++)
        {
            var target = remap[doc];
            if (target < 0) continue;
            Get(doc).CopyTo(data.AsSpan(target * Dimensions, Dimensions));
            _codes.AsSpan(doc * Dimensions, Dimensions).CopyTo(codes.AsSpan(target * Dimensions, Dimensions));
            present[target] = _present[doc];
            scales[target] = _scales[doc];
        }
        _data = data;
        _present = present;
        _codes = codes;
        _scales = scales;
    }

    private void Ensure(int size)
    {
        if (size <= _present.Length) return;
        var newSize = Math.Max(size, _present.Length * 2);
        Array.Resize(ref _present, newSize);
        Array.Resize(ref _data, newSize * Dimensions);
        Array.Resize(ref _codes, newSize * Dimensions);
        Array.Resize(ref _scales, newSize);
    }
}

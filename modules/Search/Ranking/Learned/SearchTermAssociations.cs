using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Ranking.Learned;

/// <summary>
/// What the store's own searches taught about words: for a query word <c>q</c> and a title word <c>t</c>, how good
/// (mean grade) the candidates with <c>t</c> in their title were for searches containing <c>q</c> — a click "translation
/// model" ("drill" → "impact", "couch" → "sofa", but also "screw" → "anchor" being a poor answer). BM25 and catalog
/// embeddings only see the catalog; this sees what shoppers chose, and carries over to new queries sharing words.
/// Estimates are shrunk towards the query word's own mean (and that towards the store's mean) with
/// <see cref="Smoothing"/> pseudo-candidates, so a pair seen twice says little.
/// </summary>
/// <remarks>
/// Learned from the ranker's training examples only. The training rows get out-of-fold values (<see cref="Encode"/>):
/// a row's feature never counts its own query, otherwise the ranker would learn to trust a feature that is
/// only that good on queries it has seen.
/// </remarks>
public sealed class SearchTermAssociations
{
    /// <summary>Pseudo-candidates of prior weight (fixed before measuring).</summary>
    public const float Smoothing = 10f;

    /// <summary>Folds for the out-of-fold values of training rows.</summary>
    public const int OutOfFoldFolds = 5;

    /// <summary>Feature names this adds to the ranking features (see <see cref="SearchRankingFeatures.Names"/>).</summary>
    public static readonly string[] FeatureNames = ["assoc_mean_lift", "assoc_min_lift", "assoc_max_lift", "assoc_mean"];

    private readonly Dictionary<string, int> _words;
    private readonly Dictionary<long, (float Sum, int Count)> _pairs;
    private readonly float[] _wordMean; // shrunk mean grade of candidates of queries containing the word
    private readonly float _globalMean;

    private SearchTermAssociations(Dictionary<string, int> words, Dictionary<long, (float, int)> pairs, float[] wordMean, float globalMean)
    {
        _words = words;
        _pairs = pairs;
        _wordMean = wordMean;
        _globalMean = globalMean;
        _searchedIds = pairs.Keys.Select(key => (int)(key >> 32)).ToHashSet();
    }

    // Words some training search used (with pairs kept for them); title-only words and pruned ones are not among them.
    private readonly HashSet<int> _searchedIds;

    /// <summary>Distinct (query word, title word) pairs kept.</summary>
    public int PairCount => _pairs.Count;

    /// <summary>Counts grades per (query word, title word) over the examples' queries and candidates.</summary>
    public static SearchTermAssociations Learn(IEnumerable<SearchRankingExample> examples)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var pairs = new Dictionary<long, (float Sum, int Count)>(PairKeyComparer.Instance);
        var wordSum = new List<double>();
        var wordCount = new List<int>();
        double total = 0;
        long n = 0;
        int Id(string w)
        {
            if (!words.TryGetValue(w, out var id))
            {
                words[w] = id = words.Count;
                wordSum.Add(0);
                wordCount.Add(0);
            }
            return id;
        }

        foreach (var e in examples)
        {
            if (e.QueryTerms.Length == 0) continue;
            total += e.Grade;
            n++;
            foreach (var q in e.QueryTerms)
            {
                var qi = Id(q);
                wordSum[qi] += e.Grade;
                wordCount[qi]++;
                foreach (var t in e.ProductTerms)
                {
                    var key = ((long)qi << 32) | (uint)Id(t);
                    var (s, c) = pairs.GetValueOrDefault(key);
                    pairs[key] = (s + e.Grade, c + 1);
                }
            }
        }

        var global = n == 0 ? 0f : (float)(total / n);
        var wordMean = new float[words.Count];
        for (var i = 0; i < wordMean.Length; i++) wordMean[i] = (float)((wordSum[i] + Smoothing * global) / (wordCount[i] + Smoothing));
        // A pair seen on fewer than 3 candidates with no positive grade carries almost nothing but memory.
        foreach (var key in pairs.Where(kv => kv.Value.Count < 3 && kv.Value.Sum <= 0).Select(kv => kv.Key).ToList()) pairs.Remove(key);
        return new SearchTermAssociations(words, pairs, wordMean, global);
    }

    /// <summary>
    /// Writes the association features of one candidate into <paramref name="features"/> at
    /// <see cref="SearchRankingFeatures.AssociationStart"/>: mean, min and max over query words of (best title word's
    /// shrunk mean grade − the query word's mean), and the mean of the best title word's shrunk grade itself.
    /// </summary>
    public void Fill(string[] queryTerms, string[] productTerms, Span<float> features, WordVectors? vectors = null)
    {
        var start = SearchRankingFeatures.AssociationStart;
        if (queryTerms.Length == 0) { features.Slice(start, FeatureNames.Length).Clear(); return; }
        Span<int> title = productTerms.Length <= 128 ? stackalloc int[productTerms.Length] : new int[productTerms.Length];
        for (var i = 0; i < productTerms.Length; i++) title[i] = _words.TryGetValue(productTerms[i], out var id) ? id : -1;

        float sumLift = 0, minLift = float.MaxValue, maxLift = float.MinValue, sumRate = 0;
        foreach (var q in queryTerms)
        {
            float prior, best;
            var known = _words.TryGetValue(q, out var qi);
            if (known && _searchedIds.Contains(qi)) (prior, best) = Best(qi, title);
            else if (vectors is not null && Neighbours(q, vectors) is { Length: > 0 } neighbours)
            {
                // A word no training search used borrows from the searched words nearest to it in the pretrained space.
                float weights = 0;
                (prior, best) = (0, 0);
                foreach (var (id, weight) in neighbours)
                {
                    var (p, b) = Best(id, title);
                    prior += weight * p;
                    best += weight * b;
                    weights += weight;
                }
                (prior, best) = (prior / weights, best / weights);
            }
            else (prior, best) = known ? (_wordMean[qi], _wordMean[qi]) : (_globalMean, _globalMean);
            var lift = best - prior;
            sumLift += lift;
            minLift = Math.Min(minLift, lift);
            maxLift = Math.Max(maxLift, lift);
            sumRate += best;
        }
        features[start] = sumLift / queryTerms.Length;
        features[start + 1] = minLift;
        features[start + 2] = maxLift;
        features[start + 3] = sumRate / queryTerms.Length;
    }

    /// <summary>The query word's shrunk mean grade and its best title word's shrunk grade (the prior when no title word is known).</summary>
    private (float Prior, float Best) Best(int qi, ReadOnlySpan<int> title)
    {
        var prior = _wordMean[qi];
        var best = prior;
        var any = false;
        foreach (var t in title)
        {
            if (t < 0) continue;
            var rate = _pairs.TryGetValue(((long)qi << 32) | (uint)t, out var p) ? (p.Sum + Smoothing * prior) / (p.Count + Smoothing) : prior;
            best = any ? Math.Max(best, rate) : rate;
            any = true;
        }
        return (prior, best);
    }

    /// <summary>Searched words this close (cosine) to an unsearched one stand in for it, at most <see cref="NeighbourCount"/> of them.</summary>
    public const float NeighbourSimilarity = 0.5f;

    /// <summary>Most searched words that stand in for one unsearched word.</summary>
    public const int NeighbourCount = 3;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Id, float Weight)[]> _neighbours = new(StringComparer.Ordinal);
    private (WordVectors Vectors, (int Id, int Row)[] Words)? _searched;

    /// <summary>The searched words nearest to <paramref name="word"/> (cached per word; empty when it has no vector).</summary>
    private (int Id, float Weight)[] Neighbours(string word, WordVectors vectors)
    {
        if (_neighbours.TryGetValue(word, out var cached)) return cached;
        var query = vectors.Vector(word);
        if (query.IsEmpty) return _neighbours[word] = [];
        var searched = _searched is { } s && ReferenceEquals(s.Vectors, vectors) ? s.Words : (_searched = (vectors, SearchedRows(vectors))).Value.Words;
        var best = new List<(int Id, float Weight)>();
        foreach (var (id, row) in searched)
        {
            var similarity = System.Numerics.Tensors.TensorPrimitives.Dot(query, vectors.Row(row));
            if (similarity >= NeighbourSimilarity) best.Add((id, similarity));
        }
        return _neighbours[word] = [.. best.OrderByDescending(b => b.Weight).Take(NeighbourCount)];
    }

    /// <summary>The searched words the pretrained space knows, with their rows in it.</summary>
    private (int Id, int Row)[] SearchedRows(WordVectors vectors) =>
        [.. _words.Where(w => _searchedIds.Contains(w.Value) && vectors.IndexOf(w.Key) >= 0).Select(w => (w.Value, vectors.IndexOf(w.Key)))];

    /// <summary>
    /// Copies of <paramref name="train"/> with out-of-fold association features (each query's rows use a table learned
    /// without that query's fold) and of <paramref name="test"/> with features from a table learned on all of
    /// <paramref name="train"/>, which is returned (the one to serve with).
    /// </summary>
    public static (List<SearchRankingExample> Train, List<SearchRankingExample> Test, SearchTermAssociations Table) Encode(
        IReadOnlyList<SearchRankingExample> train, IReadOnlyList<SearchRankingExample> test)
    {
        var queries = train.Select(e => e.Query).Distinct().OrderBy(q => q, StringComparer.Ordinal).ToList();
        var fold = queries.Select((q, i) => (q, i % OutOfFoldFolds)).ToDictionary(x => x.q, x => x.Item2, StringComparer.Ordinal);
        var encodedTrain = new SearchRankingExample[train.Count];
        for (var f = 0; f < OutOfFoldFolds; f++)
        {
            var table = Learn(train.Where(e => fold[e.Query] != f));
            for (var i = 0; i < train.Count; i++)
            {
                if (fold[train[i].Query] == f) encodedTrain[i] = table.Apply(train[i]);
            }
        }
        var full = Learn(train);
        return (encodedTrain.ToList(), test.Select(full.Apply).ToList(), full);
    }

    /// <summary>A copy of the example with this table's features.</summary>
    public SearchRankingExample Apply(SearchRankingExample example)
    {
        var features = (float[])example.Features.Clone();
        Fill(example.QueryTerms, example.ProductTerms, features);
        return example with { Features = features };
    }

    /// <summary>Compact bytes to store beside the model.</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(1); // format version
            w.Write(_globalMean);
            var byId = new string[_words.Count];
            foreach (var (word, id) in _words) byId[id] = word;
            w.Write(byId.Length);
            for (var i = 0; i < byId.Length; i++) { w.Write(byId[i]); w.Write(_wordMean[i]); }
            w.Write(_pairs.Count);
            foreach (var (key, (sum, count)) in _pairs) { w.Write(key); w.Write(sum); w.Write(count); }
        }
        return stream.ToArray();
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public static SearchTermAssociations Load(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        if (r.ReadInt32() != 1) throw new InvalidDataException("Unknown term-association format.");
        var global = r.ReadSingle();
        var count = r.ReadInt32();
        var words = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var means = new float[count];
        for (var i = 0; i < count; i++) { words[r.ReadString()] = i; means[i] = r.ReadSingle(); }
        var pairCount = r.ReadInt32();
        var pairs = new Dictionary<long, (float, int)>(pairCount, PairKeyComparer.Instance);
        for (var i = 0; i < pairCount; i++) pairs[r.ReadInt64()] = (r.ReadSingle(), r.ReadInt32());
        return new SearchTermAssociations(words, pairs, means, global);
    }

    /// <summary>
    /// long's own hash is high ^ low, which for (query word, title word) ids below 2^16 collapses millions of pairs onto
    /// a few thousand buckets; a multiplicative mix spreads them.
    /// </summary>
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();
        public bool Equals(long x, long y) => x == y;
        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
}

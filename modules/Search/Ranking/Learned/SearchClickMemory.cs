namespace RetailCommerce.Modules.Search.Ranking.Learned;

/// <summary>One product a shopper chose after a past search: grade 1 for a click, 2 for a purchase (the judges' grade in the bench).</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Grade">Its grade (above 0).</param>
public readonly record struct PastClick(string ProductId, int Grade);

/// <summary>A past search with what shoppers chose from it: the unit the click memory learns from.</summary>
/// <param name="Query">The query's key in the training data (the same key the ranking examples carry).</param>
/// <param name="Terms">The query's analysed words (stems, as <see cref="ProductSearchIndex.QueryTerms"/> gives them).</param>
/// <param name="Clicks">Products clicked or bought after it (grade above 0).</param>
public sealed record PastSearch(string Query, string[] Terms, IReadOnlyList<PastClick> Clicks);

/// <summary>
/// "Clicked for similar past searches" (what Algolia calls dynamic re-ranking): the store's past searches and the
/// products shoppers chose from them, indexed by word. For a new query it finds the nearest past queries
/// (IDF-weighted Jaccard over stemmed word sets, so "deck screws" meets "deck screw" and "screws for deck") and gives each
/// candidate what those neighbours chose, weighted by how close they are; it also proposes those products as extra
/// candidates, since shoppers often chose a product whose title shares no word with what they typed.
/// </summary>
/// <remarks>
/// Learned from the ranker's training searches only, and stored with the model. Training rows get values from a memory
/// built without their own query's fold (<see cref="LearnedRankingFeatures.Encode"/>), otherwise the trees would trust a
/// feature that is only that good on queries already seen. Lookup cost: one pass over the past queries sharing a word
/// with the query (an inverted index from word to past queries), then a dictionary per chosen product.
/// </remarks>
public sealed class SearchClickMemory
{
    /// <summary>Nearest past queries whose choices count (fixed before measuring).</summary>
    public const int Neighbours = 10;

    /// <summary>Below this similarity a past query is not a neighbour.</summary>
    public const float MinSimilarity = 0.1f;

    /// <summary>A product chosen for a past query at least this similar joins the candidates.</summary>
    public const float ProposeSimilarity = 0.5f;

    /// <summary>At most this many products join the candidates from the memory.</summary>
    public const int MaxProposed = 30;

    /// <summary>Feature names this adds to the ranking features (see <see cref="SearchRankingFeatures.Names"/>).</summary>
    public static readonly string[] FeatureNames =
        ["click_best", "click_sum", "click_best_similarity", "click_share", "click_prior", "click_nearest_similarity"];

    private readonly string[] _queryKeys;
    private readonly int[][] _queryTerms;
    private readonly float[] _queryWeight;          // Σ IDF of the past query's words
    private readonly (int Product, byte Grade)[][] _clicks;
    private readonly Dictionary<string, int> _terms; // word → id
    private readonly float[] _termIdf;
    private readonly int[][] _termQueries;          // word id → past queries containing it
    private readonly string[] _products;
    private readonly Dictionary<string, int> _productIndex;
    private readonly float[] _productPrior;         // log(1 + Σ grades over all past searches)
    private readonly float _unknownIdf;

    private SearchClickMemory(string[] queryKeys, int[][] queryTerms, (int, byte)[][] clicks, string[] terms, string[] products)
    {
        _queryKeys = queryKeys;
        _queryTerms = queryTerms;
        _clicks = clicks;
        _products = products;
        _productIndex = new Dictionary<string, int>(products.Length, StringComparer.Ordinal);
        for (var i = 0; i < products.Length; i++) _productIndex[products[i]] = i;
        _terms = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++) _terms[terms[i]] = i;

        var df = new int[terms.Length];
        foreach (var q in queryTerms) foreach (var t in q) df[t]++;
        var n = Math.Max(1, queryTerms.Length);
        _termIdf = df.Select(d => (float)Math.Log(1 + n / (double)Math.Max(1, d))).ToArray();
        _unknownIdf = (float)Math.Log(1 + n);
        var postings = df.Select(d => new List<int>(d)).ToArray();
        for (var q = 0; q < queryTerms.Length; q++) foreach (var t in queryTerms[q]) postings[t].Add(q);
        _termQueries = postings.Select(p => p.ToArray()).ToArray();
        _queryWeight = queryTerms.Select(q => q.Sum(t => _termIdf[t])).ToArray();

        _productPrior = new float[products.Length];
        foreach (var q in clicks) foreach (var (p, g) in q) _productPrior[p] += g;
        for (var i = 0; i < _productPrior.Length; i++) _productPrior[i] = MathF.Log(1 + _productPrior[i]);
        // Scales so the features read 0..1 whatever the grades are (clicks/purchases 1..2 in a store, 1..4 in the bench).
        MaxGrade = Math.Max(1, clicks.SelectMany(c => c).Select(c => (int)c.Item2).DefaultIfEmpty(1).Max());
        _maxPrior = Math.Max(1e-6f, _productPrior.DefaultIfEmpty(0).Max());
    }

    /// <summary>Highest grade remembered (the click evidence is scaled by it).</summary>
    public int MaxGrade { get; }

    private readonly float _maxPrior;

    /// <summary>Past searches it remembers.</summary>
    public int SearchCount => _queryKeys.Length;

    /// <summary>Distinct products chosen in them.</summary>
    public int ProductCount => _products.Length;

    /// <summary>Builds the memory from past searches (searches without a word or a positive click are skipped).</summary>
    public static SearchClickMemory Learn(IEnumerable<PastSearch> searches)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var products = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        var queryTerms = new List<int[]>();
        var clicks = new List<(int, byte)[]>();
        foreach (var s in searches)
        {
            var chosen = s.Clicks.Where(c => c.Grade > 0).GroupBy(c => c.ProductId, StringComparer.Ordinal)
                .Select(g => (Id(products, g.Key), (byte)Math.Clamp(g.Max(c => c.Grade), 1, 255))).ToArray();
            var words = s.Terms.Distinct(StringComparer.Ordinal).Select(t => Id(terms, t)).ToArray();
            if (chosen.Length == 0 || words.Length == 0) continue;
            keys.Add(s.Query);
            queryTerms.Add(words);
            clicks.Add(chosen);
        }
        return new SearchClickMemory(keys.ToArray(), queryTerms.ToArray(), clicks.ToArray(), ById(terms), ById(products));

        static int Id(Dictionary<string, int> ids, string key)
        {
            if (!ids.TryGetValue(key, out var id)) ids[key] = id = ids.Count;
            return id;
        }
        static string[] ById(Dictionary<string, int> ids)
        {
            var result = new string[ids.Count];
            foreach (var (key, id) in ids) result[id] = key;
            return result;
        }
    }

    /// <summary>
    /// Every past query at least <paramref name="minSimilarity"/> similar to the words, most similar first
    /// (a past search with the key <paramref name="exclude"/> is skipped).
    /// </summary>
    private List<(int Query, float Similarity)> Similar(string[] terms, float minSimilarity, string? exclude)
    {
        var result = new List<(int, float)>();
        if (terms.Length == 0 || _queryKeys.Length == 0) return result;
        // Intersection weights accumulated over the past queries that share a word with the new one.
        var shared = new Dictionary<int, float>();
        float weight = 0;
        foreach (var word in terms.Distinct(StringComparer.Ordinal))
        {
            if (!_terms.TryGetValue(word, out var t)) { weight += _unknownIdf; continue; }
            var idf = _termIdf[t];
            weight += idf;
            foreach (var q in _termQueries[t]) shared[q] = shared.GetValueOrDefault(q) + idf;
        }
        foreach (var (q, inter) in shared)
        {
            var similarity = inter / (weight + _queryWeight[q] - inter);
            if (similarity < minSimilarity || (exclude is not null && _queryKeys[q] == exclude)) continue;
            result.Add((q, similarity));
        }
        result.Sort((a, b) => b.Item2 != a.Item2 ? b.Item2.CompareTo(a.Item2) : a.Item1.CompareTo(b.Item1));
        return result;
    }

    /// <summary>What the nearest past queries chose, for one new query (compute once per search, then fill each candidate).</summary>
    public ClickMemoryLookup Look(string[] terms)
    {
        var neighbours = Similar(terms, MinSimilarity, null);
        if (neighbours.Count > Neighbours) neighbours.RemoveRange(Neighbours, neighbours.Count - Neighbours);
        var perProduct = new Dictionary<int, ClickEvidence>();
        float total = 0;
        foreach (var (q, similarity) in neighbours)
        {
            total += similarity;
            foreach (var (p, grade) in _clicks[q])
            {
                var e = perProduct.GetValueOrDefault(p);
                perProduct[p] = new ClickEvidence(Math.Max(e.Best, similarity * grade), e.Sum + similarity * grade,
                    Math.Max(e.BestSimilarity, similarity), e.Share + similarity);
            }
        }
        var proposed = perProduct.Where(kv => kv.Value.BestSimilarity >= ProposeSimilarity)
            .OrderByDescending(kv => kv.Value.Sum).ThenBy(kv => kv.Key).Take(MaxProposed)
            .Select(kv => _products[kv.Key]).ToArray();
        return new ClickMemoryLookup(this, perProduct, total, neighbours.Count > 0 ? neighbours[0].Similarity : 0, proposed);
    }

    /// <summary>
    /// Every product chosen for a past query at least <see cref="ProposeSimilarity"/> similar (skipping the past search
    /// <paramref name="exclude"/>): a superset of what <see cref="Look"/> proposes with this memory or any part of it,
    /// so training can collect the candidates any out-of-fold memory might add.
    /// </summary>
    public IEnumerable<string> ProposalPool(string[] terms, string? exclude) =>
        Similar(terms, ProposeSimilarity, exclude).SelectMany(n => _clicks[n.Query]).Select(c => _products[c.Product]).Distinct(StringComparer.Ordinal);

    /// <summary>The product's search-click prior: log(1 + Σ grades it got over all remembered searches), scaled to 0..1 by the highest.</summary>
    public float Prior(string productId) => _productIndex.TryGetValue(productId, out var p) ? _productPrior[p] / _maxPrior : 0f;

    internal bool TryProduct(string productId, out int index) => _productIndex.TryGetValue(productId, out index);

    /// <summary>Compact bytes to store beside the model.</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(1); // format version
            var terms = new string[_terms.Count];
            foreach (var (word, id) in _terms) terms[id] = word;
            w.Write(terms.Length);
            foreach (var t in terms) w.Write(t);
            w.Write(_products.Length);
            foreach (var p in _products) w.Write(p);
            w.Write(_queryKeys.Length);
            for (var q = 0; q < _queryKeys.Length; q++)
            {
                w.Write(_queryKeys[q]);
                w.Write(_queryTerms[q].Length);
                foreach (var t in _queryTerms[q]) w.Write(t);
                w.Write(_clicks[q].Length);
                foreach (var (p, g) in _clicks[q]) { w.Write(p); w.Write(g); }
            }
        }
        return stream.ToArray();
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public static SearchClickMemory Load(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        if (r.ReadInt32() != 1) throw new InvalidDataException("Unknown click-memory format.");
        var terms = new string[r.ReadInt32()];
        for (var i = 0; i < terms.Length; i++) terms[i] = r.ReadString();
        var products = new string[r.ReadInt32()];
        for (var i = 0; i < products.Length; i++) products[i] = r.ReadString();
        var count = r.ReadInt32();
        var keys = new string[count];
        var queryTerms = new int[count][];
        var clicks = new (int, byte)[count][];
        for (var q = 0; q < count; q++)
        {
            keys[q] = r.ReadString();
            queryTerms[q] = new int[r.ReadInt32()];
            for (var i = 0; i < queryTerms[q].Length; i++) queryTerms[q][i] = r.ReadInt32();
            clicks[q] = new (int, byte)[r.ReadInt32()];
            for (var i = 0; i < clicks[q].Length; i++) clicks[q][i] = (r.ReadInt32(), r.ReadByte());
        }
        return new SearchClickMemory(keys, queryTerms, clicks, terms, products);
    }
}

/// <summary>What the nearest past queries said about one product: best sim × grade, Σ sim × grade, best similarity, Σ similarity.</summary>
internal readonly record struct ClickEvidence(float Best, float Sum, float BestSimilarity, float Share);

/// <summary>The click memory's answer for one query: per-product evidence and the products it proposes as candidates.</summary>
public sealed class ClickMemoryLookup
{
    private readonly SearchClickMemory _memory;
    private readonly Dictionary<int, ClickEvidence> _evidence;
    private readonly float _totalSimilarity;
    private readonly HashSet<string> _proposedSet;

    internal ClickMemoryLookup(SearchClickMemory memory, Dictionary<int, ClickEvidence> evidence, float totalSimilarity, float nearest, string[] proposed)
    {
        _memory = memory;
        _evidence = evidence;
        _totalSimilarity = totalSimilarity;
        NearestSimilarity = nearest;
        Proposed = proposed;
        _proposedSet = new HashSet<string>(proposed, StringComparer.Ordinal);
    }

    /// <summary>Similarity of the nearest past query (0 when none shares a word).</summary>
    public float NearestSimilarity { get; }

    /// <summary>Products chosen for very similar past queries, to join the candidates (best evidence first).</summary>
    public IReadOnlyList<string> Proposed { get; }

    /// <summary>Whether the memory proposes this product as a candidate.</summary>
    public bool Proposes(string productId) => _proposedSet.Contains(productId);

    /// <summary>
    /// Writes the click features of one candidate at <see cref="SearchRankingFeatures.ClickStart"/>: best and summed
    /// similarity × grade over the nearest past queries that chose it (scaled by the highest grade), the best similarity
    /// of such a query, its share of the neighbours' similarity, its search-click prior, and the nearest past query's similarity.
    /// </summary>
    public void Fill(string productId, Span<float> features)
    {
        var start = SearchRankingFeatures.ClickStart;
        var e = _memory.TryProduct(productId, out var p) ? _evidence.GetValueOrDefault(p) : default;
        features[start] = e.Best / _memory.MaxGrade;
        features[start + 1] = e.Sum / _memory.MaxGrade;
        features[start + 2] = e.BestSimilarity;
        features[start + 3] = _totalSimilarity > 0 ? e.Share / _totalSimilarity : 0;
        features[start + 4] = _memory.Prior(productId);
        features[start + 5] = NearestSimilarity;
    }
}

using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Ranking;

/// <summary>One document's term frequencies per field for one term.</summary>
internal struct Posting
{
    public int Doc;
    public byte Title, Brand, Category, Attributes, Description;

    public readonly byte this[int field] => field switch
    {
        0 => Title, 1 => Brand, 2 => Category, 3 => Attributes, _ => Description,
    };
}

/// <summary>Postings for one term: a growable array plus how many entries point at removed products.</summary>
internal sealed class PostingList
{
    public Posting[] Items = new Posting[2];
    public int Count;
    public int DocumentFrequency; // live documents only
    public int Dead;

    public void Add(in Posting posting)
    {
        if (Count == Items.Length) Array.Resize(ref Items, Items.Length * 2);
        Items[Count++] = posting;
    }
}

/// <summary>A product analyzed into per-field term frequencies, ready to be added to the index.</summary>
internal sealed class AnalyzedProduct
{
    public required Dictionary<string, byte[]> TermFieldFrequencies { get; init; }
    public required float[] FieldLengths { get; init; }
    public required List<AnalyzedToken> TitleTokens { get; init; }
    public required List<AnalyzedToken> AllTokens { get; init; }

    /// <summary>Index term for two adjacent title words; the separator cannot come out of the tokenizer.</summary>
    public static string PhraseTerm(string first, string second) => first + "\u0001" + second;

    public static AnalyzedProduct From(SearchableProduct product, TextAnalyzer analyzer, Bm25Options options)
    {
        var fields = new List<AnalyzedToken>[Bm25Options.FieldCount];
        fields[(int)ProductField.Title] = analyzer.Analyze(product.Title);
        fields[(int)ProductField.Brand] = analyzer.Analyze(product.Brand);
        fields[(int)ProductField.Category] = analyzer.Analyze(product.CategoryPath is null ? null : string.Join(" ", product.CategoryPath));
        fields[(int)ProductField.Attributes] = analyzer.Analyze(product.Attributes is null ? null : string.Join(" ", product.Attributes.Select(a => a.Value)));
        var description = analyzer.Analyze(product.Description);
        if (description.Count > options.MaxDescriptionWords) description.RemoveRange(options.MaxDescriptionWords, description.Count - options.MaxDescriptionWords);
        fields[(int)ProductField.Description] = description;

        var tf = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var lengths = new float[Bm25Options.FieldCount];

        // Adjacent title words are also indexed as one "phrase" term, so "coffee cup" can outrank "Mr. Coffee 12-Cup".
        var title = fields[(int)ProductField.Title];
        for (var i = 0; i + 1 < title.Count; i++)
        {
            var bigram = PhraseTerm(title[i].Term, title[i + 1].Term);
            if (!tf.TryGetValue(bigram, out var counts)) tf[bigram] = counts = new byte[Bm25Options.FieldCount];
            if (counts[0] < byte.MaxValue) counts[0]++;
        }
        var all = new List<AnalyzedToken>();
        for (var f = 0; f < Bm25Options.FieldCount; f++)
        {
            lengths[f] = fields[f].Count;
            foreach (var token in fields[f])
            {
                if (!tf.TryGetValue(token.Term, out var counts)) tf[token.Term] = counts = new byte[Bm25Options.FieldCount];
                if (counts[f] < byte.MaxValue) counts[f]++;
                all.Add(token);
            }
        }

        return new AnalyzedProduct { TermFieldFrequencies = tf, FieldLengths = lengths, TitleTokens = fields[0], AllTokens = all };
    }
}

/// <summary>
/// Term → postings index with BM25F statistics, kept current under upserts and removals.
/// Removal only marks the document dead and fixes the statistics; dead postings are skipped while
/// scoring and squeezed out by <see cref="Compact"/> once they pile up, so a catalog re-import stays cheap.
/// Writers must be serialized by the caller (the owning <see cref="ProductSearchIndex"/> holds a lock).
/// </summary>
internal sealed class InvertedIndex
{
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];
    private readonly List<PostingList> _postings = [];
    private readonly double[] _fieldLengthSums = new double[Bm25Options.FieldCount];

    private float[] _fieldLengths = new float[Bm25Options.FieldCount * 16];
    private bool[] _live = new bool[16];
    private int[][] _docTerms = new int[16][];
    private int[][] _titleTerms = new int[16][];

    public InvertedIndex(Bm25Options options) => Options = options;

    public Bm25Options Options { get; }

    /// <summary>Ordinals handed out so far (live and dead); scoring buffers are sized to this.</summary>
    public int Capacity { get; private set; }

    public int LiveCount { get; private set; }

    public int TermCount => _terms.Count;

    public bool IsLive(int doc) => doc < Capacity && _live[doc];

    public int[] TitleTerms(int doc) => _titleTerms[doc];

    public string Term(int termId) => _terms[termId];

    public bool TryGetTermId(string term, out int termId) => _termIds.TryGetValue(term, out termId);

    public bool HasLiveTerm(string term) => _termIds.TryGetValue(term, out var id) && _postings[id].DocumentFrequency > 0;

    public PostingList Postings(int termId) => _postings[termId];

    public int DocumentFrequency(int termId) => _postings[termId].DocumentFrequency;

    /// <summary>Robertson-Sparck Jones IDF with the +1 that keeps very common words non-negative.</summary>
    public float Idf(int termId)
    {
        var df = _postings[termId].DocumentFrequency;
        return (float)Math.Log(1.0 + (LiveCount - df + 0.5) / (df + 0.5));
    }

    public float AverageFieldLength(int field) => LiveCount == 0 ? 1f : (float)Math.Max(_fieldLengthSums[field] / LiveCount, 1e-3);

    public ReadOnlySpan<float> FieldLengths(int doc) => _fieldLengths.AsSpan(doc * Bm25Options.FieldCount, Bm25Options.FieldCount);

    /// <summary>Adds a product under a fresh ordinal and returns it.</summary>
    public int Add(AnalyzedProduct product)
    {
        var doc = Capacity;
        EnsureCapacity(doc + 1);
        Capacity++;
        LiveCount++;
        _live[doc] = true;

        product.FieldLengths.CopyTo(_fieldLengths.AsSpan(doc * Bm25Options.FieldCount));
        for (var f = 0; f < Bm25Options.FieldCount; f++) _fieldLengthSums[f] += product.FieldLengths[f];

        var termIds = new int[product.TermFieldFrequencies.Count];
        var i = 0;
        foreach (var (term, counts) in product.TermFieldFrequencies)
        {
            if (!_termIds.TryGetValue(term, out var termId))
            {
                termId = _terms.Count;
                _termIds[term] = termId;
                _terms.Add(term);
                _postings.Add(new PostingList());
            }

            var list = _postings[termId];
            list.Add(new Posting { Doc = doc, Title = counts[0], Brand = counts[1], Category = counts[2], Attributes = counts[3], Description = counts[4] });
            list.DocumentFrequency++;
            termIds[i++] = termId;
        }

        _docTerms[doc] = termIds;
        _titleTerms[doc] = product.TitleTokens.Select(t => _termIds[t.Term]).Distinct().ToArray();
        return doc;
    }

    /// <summary>Marks a product dead and takes it out of the statistics.</summary>
    public void Remove(int doc)
    {
        if (!IsLive(doc)) return;
        _live[doc] = false;
        LiveCount--;
        var lengths = FieldLengths(doc);
        for (var f = 0; f < Bm25Options.FieldCount; f++) _fieldLengthSums[f] -= lengths[f];
        foreach (var termId in _docTerms[doc])
        {
            var list = _postings[termId];
            list.DocumentFrequency--;
            list.Dead++;
        }
    }

    /// <summary>Share of ordinals that belong to removed products.</summary>
    public double DeadRatio => Capacity == 0 ? 0 : 1.0 - (double)LiveCount / Capacity;

    /// <summary>
    /// Renumbers live documents densely (old ordinal → <paramref name="remap"/>[old], -1 when dead)
    /// and drops dead postings. Returns the remap so the caller can move its own per-document data.
    /// </summary>
    public int[] Compact()
    {
        var remap = new int[Capacity];
        var next = 0;
        for (var doc = 0; doc < Capacity; doc++) remap[doc] = _live[doc] ? next++ : -1;

        foreach (var list in _postings)
        {
            var write = 0;
            for (var read = 0; read < list.Count; read++)
            {
                var p = list.Items[read];
                var target = remap[p.Doc];
                if (target < 0) continue;
                p.Doc = target;
                list.Items[write++] = p;
            }
            list.Count = write;
            list.Dead = 0;
        }

        var lengths = new float[Math.Max(16, next) * Bm25Options.FieldCount];
        var live = new bool[Math.Max(16, next)];
        var docTerms = new int[Math.Max(16, next)][];
        var titleTerms = new int[Math.Max(16, next)][];
        for (var doc = 0; doc < Capacity; doc++)
        {
            var target = remap[doc];
            if (target < 0) continue;
            FieldLengths(doc).CopyTo(lengths.AsSpan(target * Bm25Options.FieldCount));
            live[target] = true;
            docTerms[target] = _docTerms[doc];
            titleTerms[target] = _titleTerms[doc];
        }

        _fieldLengths = lengths;
        _live = live;
        _docTerms = docTerms;
        _titleTerms = titleTerms;
        Capacity = next;
        return remap;
    }

    private void EnsureCapacity(int size)
    {
        if (size <= _live.Length) return;
        var newSize = Math.Max(size, _live.Length * 2);
        Array.Resize(ref _live, newSize);
        Array.Resize(ref _docTerms, newSize);
        Array.Resize(ref _titleTerms, newSize);
        Array.Resize(ref _fieldLengths, newSize * Bm25Options.FieldCount);
    }
}

using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using RetailCommerce.Modules.Search.Ranking.Learned;
using RetailCommerce.Modules.Search.Ranking.Semantic;
using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Ranking;

/// <summary>
/// One store's search index: lexical (BM25F postings), semantic (exact cosine over product embeddings),
/// hybrid fusion, the relaxation chain, facets and autocomplete. Build it from the catalog once, then keep it
/// current with <see cref="UpsertAsync"/> and <see cref="Remove"/>. Searches run concurrently; writes are
/// serialized behind a reader/writer lock and never wait for an embedding call while holding it.
/// </summary>
public sealed class ProductSearchIndex : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SearchIndexOptions _options;
    private readonly TextAnalyzer _analyzer;
    private readonly InvertedIndex _index;
    private readonly LexicalScorer _scorer = new();
    private readonly VocabularyTrie _surfaceWords = new();
    private readonly Dictionary<int, int> _titleLeads = []; // title-leading term → titles it starts (brand words)
    private int[] _titleType = []; // doc → term of the title's product-type word (ProductTypeWord), −1 if none
    private string?[] _titleTypeWord = []; // doc → the product-type word as written
    // With word vectors: doc → the title's content words, and the unit mean of their vectors (computed once, not per search).
    private string[][] _titleWords = [];
    private int[][] _titleWordRows = []; // their rows in the word vectors (−1: unknown word)
    private VectorStore? _titleWordMeans;
    private readonly Dictionary<int, int> _typeTitles = []; // term → titles whose product-type word it is
    private readonly SpellingCorrector _corrector;
    private readonly Dictionary<string, int> _ordinalById = new(StringComparer.Ordinal);
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddings;
    private SearchableProduct?[] _products = new SearchableProduct?[16];
    private string[][] _surfaceByDoc = new string[16][];
    private VectorStore? _vectors;
    private double _maxPopularity;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _attributeNames = new(StringComparer.OrdinalIgnoreCase);
    private float[]? _center;

    private ProductSearchIndex(SearchIndexOptions options, IEmbeddingGenerator<string, Embedding<float>>? embeddings)
    {
        _options = options;
        _analyzer = options.Analyzer;
        _index = new InvertedIndex(options.Bm25);
        _corrector = new SpellingCorrector(_surfaceWords, _index.HasLiveTerm, _analyzer);
        _embeddings = embeddings;
        Synonyms = options.Synonyms;
    }

    /// <summary>Live products.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _index.LiveCount; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>The embedding generator in use (the trained offline one unless the store configured another), or null when semantic search is off.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator => _embeddings;

    /// <summary>Attribute names carried by live products, with how many products carry each.</summary>
    public IReadOnlyDictionary<string, int> AttributeNames => _attributeNames.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>Distinct category paths of live products (every level), with product counts.</summary>
    public IReadOnlyList<(IReadOnlyList<string> Path, int Count)> CategoryPaths()
    {
        _lock.EnterReadLock();
        try
        {
            var counts = new Dictionary<string, (IReadOnlyList<string> Path, int Count)>(StringComparer.OrdinalIgnoreCase);
            for (var doc = 0; doc < _index.Capacity; doc++)
            {
                if (!_index.IsLive(doc) || _products[doc]?.CategoryPath is not { Count: > 0 } path) continue;
                for (var level = 1; level <= path.Count; level++)
                {
                    var key = string.Join(" > ", path.Take(level));
                    counts[key] = counts.TryGetValue(key, out var c) ? (c.Path, c.Count + 1) : (path.Take(level).ToArray(), 1);
                }
            }
            return counts.Values.ToList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Stored product vectors the index reuses and adds to (null when vectors are not kept).</summary>
    public ProductVectorCache? VectorCache => _options.VectorCache;

    /// <summary>The pretrained word vectors the index was built with (null without them); ranker training uses the same.</summary>
    public WordVectors? WordVectors => _options.WordVectors;

    /// <summary>Merchant synonyms; can be replaced at any time (takes effect on the next search).</summary>
    public SynonymSet Synonyms { get; set; }

    /// <summary>Builds an index for one store from its catalog.</summary>
    public static async Task<ProductSearchIndex> BuildAsync(IEnumerable<SearchableProduct> products, SearchIndexOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SearchIndexOptions();
        var list = products as IReadOnlyList<SearchableProduct> ?? products.ToList();

        IEmbeddingGenerator<string, Embedding<float>>? generator = null;
        if (!options.DisableSemantic)
        {
            generator = options.EmbeddingGenerator
                ?? new CatalogEmbeddingGenerator(CatalogEmbeddingTrainer.Train(list, options.EmbeddingTraining, options.Analyzer));
        }

        var index = new ProductSearchIndex(options, generator);
        var analyzed = new AnalyzedProduct[list.Count];
        Parallel.For(0, list.Count, i => analyzed[i] = AnalyzedProduct.From(list[i], options.Analyzer, options.Bm25));

        float[][]? vectors = null;
        if (generator is not null)
        {
            vectors = await index.EmbedProductsAsync(list, cancellationToken).ConfigureAwait(false);
            if (options.CenterEmbeddings) index._center = MeanDirection(vectors);
        }

        index._lock.EnterWriteLock();
        try
        {
            for (var i = 0; i < list.Count; i++) index.AddUnlocked(list[i], analyzed[i], vectors?[i]);
        }
        finally
        {
            index._lock.ExitWriteLock();
        }
        return index;
    }

    /// <summary>Adds a product or replaces the product with the same id.</summary>
    public async Task UpsertAsync(SearchableProduct product, CancellationToken cancellationToken = default)
    {
        var analyzed = AnalyzedProduct.From(product, _analyzer, _options.Bm25);
        var vector = _embeddings is null ? null : (await EmbedProductsAsync([product], cancellationToken).ConfigureAwait(false))[0];

        _lock.EnterWriteLock();
        try
        {
            if (_ordinalById.TryGetValue(product.Id, out var existing)) RemoveUnlocked(existing);
            AddUnlocked(product, analyzed, vector);
            CompactIfNeeded();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes a product; returns false when the id is not indexed.</summary>
    public bool Remove(string productId)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_ordinalById.TryGetValue(productId, out var doc)) return false;
            RemoveUnlocked(doc);
            CompactIfNeeded();
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Returns the indexed product with this id, or null.</summary>
    public SearchableProduct? Get(string productId)
    {
        _lock.EnterReadLock();
        try { return _ordinalById.TryGetValue(productId, out var doc) ? _products[doc] : null; }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// The store's learned ranker (LightGBM LambdaRank trained on its searches' clicks and purchases). When set, hybrid
    /// searches order the union of lexical and semantic candidates by it; when null (too little data) they use
    /// the score fusion of <see cref="HybridOptions"/>.
    /// </summary>
    public SearchRanker? Ranker { get; set; }

    /// <summary>Runs a storefront search.</summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var query = request.Query?.Trim() ?? "";
        var queryVector = await QueryVectorAsync(request, query, cancellationToken).ConfigureAwait(false);
        _lock.EnterReadLock();
        try
        {
            return SearchUnlocked(request, query, queryVector, null, null);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The hybrid candidates of a query (union of the lexical and semantic lists the storefront search would fuse)
    /// with their ranking features: what the ranker is trained on and scores.
    /// </summary>
    /// <param name="request">The search.</param>
    /// <param name="extraCandidates">
    /// Given the query's analysed words, product ids that join the candidates (marked <see cref="SearchRankingCandidate.MemoryOnly"/>
    /// when neither retrieval found them): training passes the click memory's proposal pool here.
    /// </param>
    /// <param name="cancellationToken">Cancels the query embedding.</param>
    public async Task<IReadOnlyList<SearchRankingCandidate>> RankingCandidatesAsync(SearchRequest request, Func<string[], IEnumerable<string>>? extraCandidates,
        CancellationToken cancellationToken = default)
    {
        request = request with { Mode = SearchMode.Hybrid };
        var query = request.Query?.Trim() ?? "";
        var queryVector = await QueryVectorAsync(request, query, cancellationToken).ConfigureAwait(false);
        var collected = new List<SearchRankingCandidate>();
        _lock.EnterReadLock();
        try
        {
            if (query.Length > 0) SearchUnlocked(request, query, queryVector, collected, extraCandidates ?? NoExtraCandidates);
            return collected;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The hybrid candidates of a query with their ranking features (see the overload with extra candidates).</summary>
    public Task<IReadOnlyList<SearchRankingCandidate>> RankingCandidatesAsync(SearchRequest request, CancellationToken cancellationToken = default) =>
        RankingCandidatesAsync(request, null, cancellationToken);

    private static readonly Func<string[], IEnumerable<string>> NoExtraCandidates = _ => [];

    /// <summary>A query's analysed words (distinct stems), as the learned features and the click memory see it.</summary>
    public string[] QueryTerms(string query) => _analyzer.AnalyzeQuery(query ?? "").Select(t => t.Term).Distinct().ToArray();

    private async Task<float[]?> QueryVectorAsync(SearchRequest request, string query, CancellationToken cancellationToken)
    {
        float[]? queryVector = null;
        if (request.Mode != SearchMode.Lexical && _embeddings is not null && query.Length > 0)
        {
            var generated = await _embeddings.GenerateAsync([query], cancellationToken: cancellationToken).ConfigureAwait(false);
            queryVector = generated[0].Vector.ToArray();
            if (TensorPrimitives.Norm(queryVector) > 0) Center(queryVector);
            var norm = TensorPrimitives.Norm(queryVector);
            if (norm > 0) TensorPrimitives.Divide(queryVector, norm, queryVector);
            else queryVector = null; // no known word: a zero vector would rank products at random
        }
        return queryVector;
    }

    /// <summary>
    /// Product titles for what the shopper has typed so far: earlier words must appear in the title
    /// (typos in them are forgiven), the last word may be unfinished. Popular, in-stock, short titles first.
    /// </summary>
    public IReadOnlyList<AutocompleteSuggestion> Autocomplete(string prefix, int limit = 8)
    {
        var tokens = Tokenizer.Tokenize(prefix);
        if (tokens.Count == 0 || limit <= 0) return [];
        var lastComplete = prefix.Length > 0 && char.IsWhiteSpace(prefix[^1]);

        _lock.EnterReadLock();
        try
        {
            // Whole words: resolve to index terms (through the typo budget when unknown); stop words carry nothing.
            var required = new List<int>();
            var wholeWords = lastComplete ? tokens : tokens.Take(tokens.Count - 1).ToList();
            for (var w = 0; w < wholeWords.Count; w++)
            {
                var word = wholeWords[w];
                if (w > 0 && MeasurementUnits.TryNormalize(wholeWords[w - 1], word, out var unit))
                {
                    if (_index.TryGetTermId(unit, out var unitId)) required.Add(unitId);
                    continue;
                }
                if (EnglishStopWords.Contains(word) || !word.Any(char.IsLetterOrDigit)) continue;
                var termId = ResolveWord(word);
                if (termId < 0) return [];
                required.Add(termId);
            }

            List<(int TermId, bool Exact)> lastTerms;
            if (lastComplete)
            {
                if (required.Count == 0) return [];
                lastTerms = [(required[^1], true)];
                required.RemoveAt(required.Count - 1);
            }
            else
            {
                var last = tokens[^1];
                lastTerms = [];
                foreach (var completion in _surfaceWords.Complete(last, 12))
                {
                    if (_index.TryGetTermId(_analyzer.Stem(completion.Word), out var id) && !lastTerms.Any(t => t.TermId == id))
                    {
                        lastTerms.Add((id, completion.Word == last));
                    }
                }
                if (lastTerms.Count == 0) return [];
            }

            var best = new PriorityQueue<int, double>(limit + 1);
            var seenTitles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var seenDocs = new HashSet<int>();
            foreach (var (termId, exact) in lastTerms)
            {
                var postings = _index.Postings(termId);
                for (var p = 0; p < postings.Count; p++)
                {
                    ref readonly var posting = ref postings.Items[p];
                    if (posting.Title == 0 || !_index.IsLive(posting.Doc) || !seenDocs.Add(posting.Doc)) continue;
                    var titleTerms = _index.TitleTerms(posting.Doc);
                    var ok = true;
                    foreach (var r in required)
                    {
                        if (Array.IndexOf(titleTerms, r) < 0) { ok = false; break; }
                    }
                    if (!ok) continue;

                    var product = _products[posting.Doc]!;
                    var score = _options.Signals.Factor(product, _maxPopularity) + (exact ? 0.3 : 0) + 1.0 / (1 + titleTerms.Length);
                    if (best.Count < limit) best.Enqueue(posting.Doc, score);
                    else if (best.TryPeek(out _, out var lowest) && score > lowest) best.DequeueEnqueue(posting.Doc, score);
                }
            }

            var result = new List<AutocompleteSuggestion>(best.Count);
            while (best.TryDequeue(out var doc, out _))
            {
                var product = _products[doc]!;
                if (seenTitles.Add(product.Title)) result.Add(new AutocompleteSuggestion(product.Id, product.Title));
            }
            result.Reverse();
            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Spelling correction of a query against this store's vocabulary ("did you mean").</summary>
    public CorrectedQuery CorrectSpelling(string query)
    {
        _lock.EnterReadLock();
        try { return _corrector.Correct(query); }
        finally { _lock.ExitReadLock(); }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    private SearchResult SearchUnlocked(SearchRequest request, string query, float[]? queryVector, List<SearchRankingCandidate>? collect,
        Func<string[], IEnumerable<string>>? extraCandidates)
    {
        var filters = request.Filters;
        Func<int, bool> accept = filters is null ? static _ => true : doc => filters.Matches(_products[doc]!);

        if (query.Length == 0) return Browse(request, accept);

        var matching = request.Matching ?? _options.Matching;
        var lastComplete = !request.AsYouType || char.IsWhiteSpace(request.Query[^1]);
        var hybrid = request.Hybrid ?? _options.Hybrid;
        var fallback = SearchFallback.None;
        var dropped = new List<string>();

        // Lexical-only pages and facet counts need every match; fusion needs only the head of the list; a learned
        // ranker (and its training) may look deeper, since it can lift what the fusion would leave below the page.
        var learnedPath = request.Mode == SearchMode.Hybrid && (collect is not null || (request.LearnedRanking && Ranker is not null));
        var lexicalK = request.Mode == SearchMode.Lexical
            ? (request.Facets is not null ? int.MaxValue : Math.Max(hybrid.LexicalCandidates, request.Offset + request.Limit))
            : learnedPath ? Math.Max(hybrid.LexicalCandidates, hybrid.LearnedLexicalCandidates) : hybrid.LexicalCandidates;

        var corrected = _corrector.Correct(query);
        var clauses = request.Mode == SearchMode.Semantic
            ? []
            : QueryPlanner.Plan(_analyzer.AnalyzeQuery(query), lastComplete, _index, _surfaceWords, Synonyms, matching, _analyzer);
        var lexical = _scorer.Score(_index, clauses, accept, request.LexicalRanking, lexicalK, RequiredMask(clauses));

        if (request.Relax && lexical.FullMatches == 0 && clauses.Count > 0)
        {
            // No dead ends, step 1: the corrected query ("assasins creed" → "assassins creed", "blue tooth" → "bluetooth").
            if (corrected.Changed)
            {
                var correctedClauses = QueryPlanner.Plan(_analyzer.AnalyzeQuery(corrected.Text), lastComplete, _index, _surfaceWords, Synonyms, matching, _analyzer);
                var correctedHits = _scorer.Score(_index, correctedClauses, accept, request.LexicalRanking, lexicalK, RequiredMask(correctedClauses));
                if (correctedHits.FullMatches > 0 || correctedHits.AnyMatches > lexical.AnyMatches)
                {
                    clauses = correctedClauses;
                    lexical = correctedHits;
                    fallback |= SearchFallback.SpellingCorrected;
                }
            }

            // Step 2: stop requiring the least informative word (lowest IDF) until some product has all the rest.
            // Dropped words still add to the score where they do occur, so the ranking keeps their evidence.
            var required = RequiredMask(clauses);
            var remaining = Enumerable.Range(0, clauses.Count).Where(i => !clauses[i].Optional).ToList();
            while (lexical.FullMatches == 0 && remaining.Count > 1)
            {
                var weakest = remaining.OrderBy(i => clauses[i].Idf).First();
                remaining.Remove(weakest);
                required &= ~(1 << weakest);
                dropped.Add(clauses[weakest].Text);
                fallback |= SearchFallback.DroppedWords;
                lexical = _scorer.Score(_index, clauses, accept, request.LexicalRanking, lexicalK, required);
            }
        }

        // Step 3 (hybrid/semantic): when no word matched at all, semantic neighbours are the answer.
        var lexicalDocs = request.Mode == SearchMode.Semantic ? [] : lexical.Ranked.Select(h => h.Doc).ToList();
        List<int> semanticDocs = [];
        var plainVector = queryVector;
        if (request.Mode != SearchMode.Lexical && queryVector is not null && _vectors is not null)
        {
            if (request.Mode == SearchMode.Hybrid && hybrid.FeedbackProducts > 0 && lexicalDocs.Count > 0)
            {
                queryVector = WithFeedback(queryVector, lexicalDocs, hybrid);
            }
            var semanticK = request.Mode == SearchMode.Semantic ? Math.Max(hybrid.SemanticCandidates, request.Offset + request.Limit)
                : learnedPath ? Math.Max(hybrid.SemanticCandidates, hybrid.LearnedSemanticCandidates) : hybrid.SemanticCandidates;
            semanticDocs = _vectors.Search(queryVector, semanticK, _index.Capacity, doc => _index.IsLive(doc) && accept(doc), hybrid.MinSemanticSimilarity)
                .Select(r => r.Doc).ToList();
        }

        if (request.Mode == SearchMode.Hybrid && lexicalDocs.Count == 0 && semanticDocs.Count > 0) fallback |= SearchFallback.SemanticOnly;

        // Learned ranking: LambdaRank over the union of both candidate lists. Scores go through exp() so they are
        // positive and the multiplicative business signals and merchandising factors keep their meaning.
        List<(int Doc, double Score)>? learned = null;
        var ranker = request.LearnedRanking ? Ranker : null;
        if (request.Mode == SearchMode.Hybrid && (ranker is not null || collect is not null) && lexicalDocs.Count + semanticDocs.Count > 0)
        {
            var featureQuery = fallback.HasFlag(SearchFallback.SpellingCorrected) ? corrected.Text : query;
            var associations = ranker?.Associations;
            var memory = collect is null ? ranker?.ClickMemory : null;
            string[] queryTerms = collect is not null || associations is not null || memory is not null ? QueryTerms(featureQuery) : [];
            // Clicked for similar past searches: what shoppers chose after near-identical queries joins the candidates
            // even when neither the words nor the embedding reach it (training passes the memory's pool instead).
            var lookup = memory?.Look(queryTerms);
            var extraIds = collect is not null ? extraCandidates?.Invoke(queryTerms) : lookup?.Proposed;
            var extraDocs = new List<int>();
            if (extraIds is not null)
            {
                foreach (var id in extraIds)
                {
                    if (_ordinalById.TryGetValue(id, out var doc) && _index.IsLive(doc) && accept(doc)) extraDocs.Add(doc);
                }
            }
            var retrieved = extraDocs.Count == 0 ? null : lexicalDocs.Concat(semanticDocs).ToHashSet();
            var features = CandidateFeatures(featureQuery, corrected, clauses, lexical, lexicalDocs, semanticDocs, queryVector, plainVector, extraDocs);
            string[] TitleWords(int doc) => _index.TitleTerms(doc).Select(_index.Term).ToArray();
            collect?.AddRange(features.Select(f => new SearchRankingCandidate(_products[f.Doc]!.Id, f.Features)
                { QueryTerms = queryTerms, ProductTerms = TitleWords(f.Doc), MemoryOnly = retrieved is not null && !retrieved.Contains(f.Doc) }));
            if (ranker is not null)
            {
                learned = features.Select(f =>
                {
                    // What the store's searches taught about these words goes in just before scoring.
                    if (associations is not null) associations.Fill(queryTerms, TitleWords(f.Doc), f.Features, _options.WordVectors);
                    lookup?.Fill(_products[f.Doc]!.Id, f.Features);
                    return (f.Doc, Math.Exp(Math.Clamp(ranker.Score(f.Features), -30, 30)));
                }).ToList();
            }
        }

        List<(int Doc, double Score)> ranked;
        if (learned is not null)
        {
            ranked = learned;
        }
        else if (request.Mode == SearchMode.Lexical)
        {
            ranked = lexical.Ranked.Select(h => (h.Doc, (double)h.Score)).ToList();
        }
        else if (hybrid.Fusion == FusionMethod.Weighted && queryVector is not null && _vectors is not null)
        {
            ranked = WeightedFusion(lexical, lexicalDocs, semanticDocs, queryVector, hybrid);
        }
        else
        {
            var lists = new List<RankedList<int>>();
            if (lexicalDocs.Count > 0) lists.Add(new RankedList<int>(lexicalDocs, hybrid.LexicalWeight));
            if (semanticDocs.Count > 0) lists.Add(new RankedList<int>(semanticDocs, hybrid.SemanticWeight));
            ranked = RankFusion.Reciprocal(lists, hybrid.RrfK).Select(r => (r.Item, r.Score)).ToList();
        }

        if (request.Mode != SearchMode.Lexical)
        {
            ranked = ranked.Select(r => (r.Doc, r.Score * _options.Signals.Factor(_products[r.Doc]!, _maxPopularity)))
                .OrderByDescending(r => r.Item2).ToList();
        }

        if (request.CollapseDuplicates) ranked = CollapseDuplicates(ranked);

        var lexicalRank = new Dictionary<int, int>();
        for (var i = 0; i < lexicalDocs.Count; i++) lexicalRank[lexicalDocs[i]] = i + 1;
        var semanticRank = new Dictionary<int, int>();
        for (var i = 0; i < semanticDocs.Count; i++) semanticRank[semanticDocs[i]] = i + 1;

        var page = ranked.Skip(Math.Max(0, request.Offset)).Take(Math.Max(0, request.Limit))
            .Select(r => new SearchHit(_products[r.Doc]!, r.Score,
                lexicalRank.TryGetValue(r.Doc, out var lr) ? lr : null,
                semanticRank.TryGetValue(r.Doc, out var sr) ? sr : null))
            .ToList();

        return new SearchResult
        {
            Hits = page,
            TotalCount = request.Mode == SearchMode.Lexical && !request.CollapseDuplicates ? Math.Max(ranked.Count, lexical.AnyMatches) : ranked.Count,
            Query = request.Query ?? "",
            CorrectedQuery = corrected.Changed ? corrected.Text : null,
            Fallback = fallback,
            DroppedWords = dropped,
            Facets = request.Facets is null ? null : FacetCounter.Count(ranked.Select(r => _products[r.Doc]!), request.Facets),
        };
    }

    private static int RequiredMask(List<QueryClause> clauses)
    {
        var mask = 0;
        for (var i = 0; i < clauses.Count && i < 32; i++)
        {
            if (!clauses[i].Optional) mask |= 1 << i;
        }
        return mask;
    }

    /// <summary>
    /// Marketplace feeds list the same item more than once (same title, slightly different description); a shopper
    /// gains nothing from seeing it twice, so only the best-ranked listing of a title is kept.
    /// </summary>
    private List<(int Doc, double Score)> CollapseDuplicates(List<(int Doc, double Score)> ranked)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(int Doc, double Score)>(ranked.Count);
        foreach (var item in ranked)
        {
            var key = string.Join(' ', Tokenizer.Tokenize(_products[item.Doc]!.Title));
            if (seen.Add(key)) result.Add(item);
        }
        return result;
    }

    /// <summary>
    /// Ranking features of every candidate (see <see cref="SearchRankingFeatures.Names"/>): BM25F split per field over the
    /// required clauses, the engine's lexical score relative to the best, cosine with and without feedback, both ranks
    /// (log scale; absent = rank 1000), popularity, stock, title coverage, matched share, exact phrase in the title,
    /// share of words matched only through a typo, query and title length, the hand-made fusion score, title precision,
    /// IDF-weighted coverage, adjacent query pairs adjacent in the title, numeric words and their match share, description length,
    /// the soft term match in the catalog word space, and (third revision) the head word in the title, the first match's
    /// position and the query's character-trigram coverage. The learned-association and click-memory slots stay 0 here:
    /// the ranker fills them. <paramref name="extraDocs"/> (the click memory's proposals) join the candidates.
    /// </summary>
    private List<(int Doc, float[] Features)> CandidateFeatures(string query, CorrectedQuery corrected, List<QueryClause> clauses, LexicalHits lexical,
        List<int> lexicalDocs, List<int> semanticDocs, float[]? vector, float[]? plainVector, List<int> extraDocs)
    {
        // What retrieval found comes first; the click memory's additions follow (and never set the query-relative reference).
        var retrieved = lexicalDocs.Concat(semanticDocs).Distinct().ToList();
        var candidates = extraDocs.Count == 0 ? retrieved : retrieved.Concat(extraDocs).Distinct().ToList();
        var lexicalScore = new Dictionary<int, float>(lexical.Ranked.Count);
        var best = 0f;
        foreach (var hit in lexical.Ranked) { lexicalScore[hit.Doc] = hit.Score; best = Math.Max(best, hit.Score); }
        var lexicalRank = new Dictionary<int, int>(lexicalDocs.Count);
        for (var i = 0; i < lexicalDocs.Count; i++) lexicalRank[lexicalDocs[i]] = i + 1;
        var semanticRank = new Dictionary<int, int>(semanticDocs.Count);
        for (var i = 0; i < semanticDocs.Count; i++) semanticRank[semanticDocs[i]] = i + 1;

        var required = clauses.Where(c => !c.Optional).ToList();
        var queryTokens = Tokenizer.Tokenize(query);
        var queryText = " " + string.Join(' ', queryTokens) + " ";
        // Sizes the shopper asked for ("36 in", "5 gal"): a title with the same unit but other numbers is another size.
        var querySizes = MeasurementUnits.Find(queryTokens);
        // Words that start many titles and rarely appear elsewhere are brands ("ryobi drill"): a title without the
        // named brand is another brand's product, however well the rest matches.
        var brandClauses = required.Where(c => c.Alternatives.Any(a => a.Kind == MatchKind.Exact && a.TermIds.Length == 1 && IsBrandWord(a.TermIds[0]))).ToHashSet();
        var options = _index.Options;
        var k1 = options.K1;
        var absent = MathF.Log2(1 + 1000);
        Span<float> average = stackalloc float[Bm25Options.FieldCount];
        for (var f = 0; f < Bm25Options.FieldCount; f++) average[f] = _index.AverageFieldLength(f);
        Span<float> clauseField = stackalloc float[Bm25Options.FieldCount];

        // Soft term match: each query word's best cosine to a title word in the catalog-trained word space, so
        // "couch" meets a "sofa" title without a synonym list (only with the offline model, which has word vectors).
        var wordModel = (_embeddings as CatalogEmbeddingGenerator)?.Model;
        var queryWords = wordModel is null ? [] : _analyzer.AnalyzeQuery(query).Select(t => t.Term).Distinct()
            .Select(t => wordModel.WordVector(t).ToArray()).Where(v => v.Length > 0).ToList();
        var titleWordSimilarity = new Dictionary<int, float[]>();
        var bestSimilarity = new float[queryWords.Count];

        // The head word: in product queries the thing sought is usually the last word ("cordless drill", "deck screw"),
        // the words before it qualify it; a title that names the head is about the right kind of product.
        var head = required.LastOrDefault(c => c.Text.Length > 0 && !char.IsDigit(c.Text[0])) ?? required.LastOrDefault();
        // How often the head word is what a title is (a kind of product) rather than a qualifier of it.
        var headTypeShare = 0f;
        if (head?.Alternatives.Where(a => a.TermIds.Length == 1).Select(a => (int?)a.TermIds[0]).FirstOrDefault() is { } headTerm && _index.DocumentFrequency(headTerm) > 0)
            headTypeShare = _typeTitles.GetValueOrDefault(headTerm) / (float)_index.DocumentFrequency(headTerm);
        // Pretrained word vectors (when configured) compare surface words: what a general-language corpus says is alike.
        var wordVectors = _options.WordVectors;
        // They compare what the shopper meant: a misspelt word has no vector, its correction does ("skilet" → "skillet").
        var meant = wordVectors is not null && corrected.Changed ? Tokenizer.Tokenize(corrected.Text) : queryTokens;
        var queryContent = wordVectors is null ? [] : meant.Where(t => !EnglishStopWords.Contains(t)).Distinct().ToList();
        var headWord = queryContent.LastOrDefault(w => !char.IsDigit(w[0])) ?? queryContent.LastOrDefault();
        var queryMean = new float[wordVectors?.Dimensions ?? 0];
        wordVectors?.AddTo(queryContent, queryMean);
        if (TensorPrimitives.Norm(queryMean) is > 0 and var queryNorm) TensorPrimitives.Divide(queryMean, queryNorm, queryMean);
        var queryRows = queryContent.Select(w => wordVectors!.IndexOf(w)).ToArray();
        // Character trigrams of the query without spaces and punctuation: "2x4" meets "2 x 4", "16d" meets "16-d".
        var queryTrigrams = Trigrams(query);

        var result = new List<(int Doc, float[] Features)>(candidates.Count);
        foreach (var doc in candidates)
        {
            var x = new float[SearchRankingFeatures.Count];
            var lengths = _index.FieldLengths(doc);
            int inTitle = 0, matched = 0, typoOnly = 0, numeric = 0, numericMatched = 0, titleHits = 0;
            var otherBrand = false;
            float idfMatched = 0, idfTotal = 0;
            foreach (var clause in required)
            {
                clauseField.Clear();
                bool any = false, title = false, direct = false;
                var titleTf = 0;
                foreach (var alt in clause.Alternatives)
                {
                    var all = true;
                    var allInTitle = true;
                    foreach (var term in alt.TermIds)
                    {
                        var posting = FindPosting(term, doc);
                        if (posting is not { } p) { all = false; break; }
                        if (p.Title == 0) allInTitle = false;
                        else titleTf = Math.Max(titleTf, (int)p.Title);
                        if (alt.TermIds.Length != 1) continue;
                        var idf = _index.Idf(term);
                        for (var f = 0; f < Bm25Options.FieldCount; f++)
                        {
                            if (p[f] == 0) continue;
                            var tf = p[f] / (1 - options.FieldB[f] + options.FieldB[f] * lengths[f] / average[f]);
                            clauseField[f] = Math.Max(clauseField[f], alt.Weight * idf * tf * (k1 + 1) / (k1 + tf));
                        }
                    }
                    if (!all) continue;
                    any = true;
                    title |= allInTitle;
                    direct |= alt.Kind != MatchKind.Typo;
                }
                for (var f = 0; f < Bm25Options.FieldCount; f++) x[f] += clauseField[f];
                if (any) matched++;
                if (title) inTitle++;
                if (any && !direct) typoOnly++;
                if (!any && brandClauses.Contains(clause)) otherBrand = true;
                titleHits += titleTf;
                idfTotal += clause.Idf;
                if (any) idfMatched += clause.Idf;
                if (clause.Text.Length > 0 && char.IsDigit(clause.Text[0]))
                {
                    numeric++;
                    if (any) numericMatched++;
                }
            }
            // Adjacent query words found adjacent in the title (the optional phrase clauses).
            int bigrams = 0, bigramsFound = 0;
            foreach (var clause in clauses)
            {
                if (!clause.Optional) continue;
                bigrams++;
                if (clause.Alternatives.Any(a => a.TermIds.All(t => FindPosting(t, doc) is { Title: > 0 }))) bigramsFound++;
            }
            var product = _products[doc]!;
            var titleTokens = Tokenizer.Tokenize(product.Title);
            var n = Math.Max(1, required.Count);
            x[5] = best > 0 ? lexicalScore.GetValueOrDefault(doc) / best : 0;
            x[6] = vector is not null && _vectors is not null ? TensorPrimitives.Dot(vector, _vectors.Get(doc)) : 0;
            x[7] = plainVector is not null && _vectors is not null ? TensorPrimitives.Dot(plainVector, _vectors.Get(doc)) : 0;
            x[8] = lexicalRank.TryGetValue(doc, out var lr) ? MathF.Log2(1 + lr) : absent;
            x[9] = semanticRank.TryGetValue(doc, out var sr) ? MathF.Log2(1 + sr) : absent;
            x[10] = (float)Math.Log(1 + Math.Max(0, product.Popularity));
            x[11] = product.InStock ? 1 : 0;
            x[12] = inTitle / (float)n;
            x[13] = matched / (float)n;
            x[14] = queryText.Length > 2 && (" " + string.Join(' ', titleTokens) + " ").Contains(queryText, StringComparison.Ordinal) ? 1 : 0;
            x[15] = typoOnly / (float)n;
            x[16] = required.Count;
            x[17] = lengths[(int)ProductField.Title];
            x[SearchRankingFeatures.FusionScore] = 0.5f * x[5] + 0.5f * x[6];
            x[19] = Math.Min(1f, titleHits / Math.Max(1f, lengths[(int)ProductField.Title]));
            x[20] = idfTotal > 0 ? idfMatched / idfTotal : 0;
            x[21] = bigrams > 0 ? bigramsFound / (float)bigrams : 0;
            x[22] = numeric;
            x[23] = numeric > 0 ? numericMatched / (float)numeric : 0;
            x[24] = lengths[(int)ProductField.Description];
            if (queryWords.Count > 0)
            {
                Array.Fill(bestSimilarity, 0f);
                foreach (var term in _index.TitleTerms(doc))
                {
                    if (!titleWordSimilarity.TryGetValue(term, out var similarity))
                    {
                        var titleWord = wordModel!.WordVector(_index.Term(term));
                        similarity = new float[queryWords.Count];
                        for (var i = 0; i < queryWords.Count && !titleWord.IsEmpty; i++) similarity[i] = TensorPrimitives.Dot(queryWords[i], titleWord);
                        titleWordSimilarity[term] = similarity;
                    }
                    for (var i = 0; i < similarity.Length; i++) bestSimilarity[i] = Math.Max(bestSimilarity[i], similarity[i]);
                }
                x[SoftMatchStart] = TensorPrimitives.Sum(bestSimilarity) / queryWords.Count;
                x[SoftMatchStart + 1] = TensorPrimitives.Min(bestSimilarity);
            }
            // Where the title starts talking about the query (0 = first word, 1 = not at all) and whether it names the head.
            var titleTerms = _index.TitleTerms(doc);
            var first = titleTerms.Length;
            var headInTitle = false;
            var titleType = _titleType[doc];
            bool typeNamed = false, headIsType = false;
            foreach (var clause in required)
            {
                foreach (var alt in clause.Alternatives)
                {
                    if (alt.TermIds.Length == 0) continue;
                    if (alt.TermIds.Length == 1 && alt.TermIds[0] == titleType)
                    {
                        typeNamed = true;
                        if (ReferenceEquals(clause, head)) headIsType = true;
                    }
                    var at = Array.IndexOf(titleTerms, alt.TermIds[0]);
                    if (at < 0) continue;
                    first = Math.Min(first, at);
                    if (ReferenceEquals(clause, head)) headInTitle = true;
                }
            }
            x[TextStart] = headInTitle ? 1 : 0;
            x[TextStart + 1] = titleTerms.Length == 0 ? 1 : first / (float)titleTerms.Length;
            x[TextStart + 2] = TrigramCoverage(queryTrigrams, product.Title);
            if (querySizes.Count > 0)
            {
                var titleSizes = MeasurementUnits.Find(titleTokens);
                int same = 0, conflicting = 0;
                foreach (var size in querySizes)
                {
                    if (titleSizes.Contains(size)) same++;
                    else if (titleSizes.Exists(t => t.Unit == size.Unit)) conflicting++;
                }
                x[TextStart + 3] = same / (float)querySizes.Count;
                x[TextStart + 4] = conflicting / (float)querySizes.Count;
            }
            x[TextStart + 5] = otherBrand ? 1 : 0;
            x[TypeStart] = typeNamed ? 1 : 0;
            x[TypeStart + 1] = headIsType ? 1 : 0;
            x[TypeStart + 3] = headTypeShare;
            if (queryContent.Count > 0)
                WordVectorFeatures(x, wordVectors!, queryContent, queryRows, headWord!, queryMean, _titleWords[doc], _titleWordRows[doc], _titleWordMeans!.Get(doc), _titleTypeWord[doc]);
            result.Add((doc, x));
        }
        QueryRelativeFeatures.Fill(result.Select(r => r.Features).ToList(), retrieved.Count);
        // Both consensus columns read the same top candidates by the hand-made fusion score: sorted once.
        var top = result.OrderByDescending(c => c.Features[SearchRankingFeatures.FusionScore]).Take(ConsensusDepth).Select(c => c.Doc).ToList();
        FillTypeConsensus(result, top);
        if (queryContent.Count > 0) FillWordVectorConsensus(result, top);
        return result;
    }

    /// <summary>
    /// A brand word: it starts at least 3 titles and at least half of the products that contain it (numbers are sizes,
    /// not brands). Catalogs whose products carry a brand field also have the brand BM25 feature.
    /// </summary>
    private bool IsBrandWord(int term) =>
        _titleLeads.TryGetValue(term, out var leads) && leads >= 3 && 2 * leads >= _index.DocumentFrequency(term)
        && !char.IsAsciiDigit(_index.Term(term)[0]);

    private static readonly int SoftMatchStart = SearchRankingFeatures.IndexOf("soft_match_mean");
    private static readonly int TextStart = SearchRankingFeatures.IndexOf("head_word_in_title");
    private static readonly int TypeStart = SearchRankingFeatures.IndexOf("query_names_product_type");

    private static readonly int WordVectorStart = SearchRankingFeatures.IndexOf("word_vector_soft_mean");

    /// <summary>
    /// The word-vector features of one candidate: each query word's best cosine to a title word (mean and min; the same
    /// word counts 1), the cosine of the query's and the title's mean word vectors, the head word's best cosine to a title
    /// word, and how close the title's kind of product (<see cref="ProductTypeWord"/>) is to the head word and to the
    /// closest query word.
    /// </summary>
    private static void WordVectorFeatures(float[] x, WordVectors vectors, List<string> query, int[] queryRows, string head, float[] queryMean,
        string[] titleWords, int[] titleRows, ReadOnlySpan<float> titleMean, string? typeWord)
    {
        if (titleWords.Length == 0) return;
        Span<float> best = stackalloc float[query.Count];
        for (var t = 0; t < titleWords.Length; t++)
        {
            for (var i = 0; i < query.Count; i++)
            {
                // The same word counts 1 even when the vectors do not know it; rows are precomputed, so no lookups here.
                var similarity = query[i] == titleWords[t] ? 1f
                    : queryRows[i] >= 0 && titleRows[t] >= 0 ? TensorPrimitives.Dot(vectors.Row(queryRows[i]), vectors.Row(titleRows[t])) : 0f;
                best[i] = Math.Max(best[i], similarity);
            }
        }
        x[WordVectorStart] = TensorPrimitives.Sum(best) / query.Count;
        x[WordVectorStart + 1] = TensorPrimitives.Min(best);
        x[WordVectorStart + 2] = TensorPrimitives.Dot(queryMean, titleMean); // both unit length, or zero
        x[WordVectorStart + 3] = best[query.IndexOf(head)];
        if (typeWord is null) return;
        x[WordVectorStart + 4] = vectors.Similarity(head, typeWord);
        var closest = 0f;
        foreach (var word in query) closest = Math.Max(closest, vectors.Similarity(word, typeWord));
        x[WordVectorStart + 5] = closest;
    }

    /// <summary>
    /// Cosine of each candidate's mean title word vector with the mean of the query's <paramref name="top"/> candidates'
    /// (by the hand-made fusion score): how typical the candidate is of what the query found, in meaning rather than in
    /// kind-of-product words.
    /// </summary>
    private void FillWordVectorConsensus(List<(int Doc, float[] Features)> candidates, List<int> top)
    {
        var means = _titleWordMeans!;
        var consensus = new float[means.Dimensions];
        foreach (var doc in top) TensorPrimitives.Add(consensus, means.Get(doc), consensus);
        var norm = TensorPrimitives.Norm(consensus);
        if (norm == 0) return;
        TensorPrimitives.Divide(consensus, norm, consensus);
        foreach (var (doc, features) in candidates) features[WordVectorConsensus] = TensorPrimitives.Dot(consensus, means.Get(doc));
    }

    private static readonly int WordVectorConsensus = SearchRankingFeatures.IndexOf("word_vector_consensus");

    /// <summary>How many of the query's best candidates by fusion score the consensus columns (kind of product, meaning) read.</summary>
    private const int ConsensusDepth = 20;

    /// <summary>
    /// The share of the query's <paramref name="top"/> candidates (by the hand-made fusion score) whose product-type word
    /// the candidate shares: what kind of product the query is about, read from what it found (a feedback signal on kinds,
    /// not words).
    /// </summary>
    private void FillTypeConsensus(List<(int Doc, float[] Features)> candidates, List<int> top)
    {
        if (top.Count == 0) return;
        var kinds = new Dictionary<int, int>();
        foreach (var doc in top)
            if (_titleType[doc] >= 0) kinds[_titleType[doc]] = kinds.GetValueOrDefault(_titleType[doc]) + 1;
        foreach (var (doc, features) in candidates)
            features[TypeStart + 2] = _titleType[doc] >= 0 ? kinds.GetValueOrDefault(_titleType[doc]) / (float)top.Count : 0;
    }

    /// <summary>Distinct character trigrams of the lower-cased letters and digits of a text (packed in an int, at most 64).</summary>
    private static int[] Trigrams(string text)
    {
        var set = new List<int>();
        int a = 0, b = 0, filled = 0;
        foreach (var raw in text)
        {
            if (!char.IsLetterOrDigit(raw)) continue;
            var c = char.ToLowerInvariant(raw);
            var gram = (a << 20) ^ (b << 10) ^ c;
            (a, b) = (b, c);
            if (++filled >= 3 && !set.Contains(gram) && set.Count < 64) set.Add(gram);
        }
        return set.ToArray();
    }

    /// <summary>
    /// Share of the query's character trigrams found in the title (0 when the query has none). Runs per candidate on every
    /// learned search, so it scans the title in place and marks found query trigrams in a bit mask: no allocation.
    /// </summary>
    private static float TrigramCoverage(int[] query, string title)
    {
        if (query.Length == 0) return 0;
        ulong found = 0;
        int a = 0, b = 0, filled = 0;
        foreach (var raw in title)
        {
            if (!char.IsLetterOrDigit(raw)) continue;
            var c = char.ToLowerInvariant(raw);
            var gram = (a << 20) ^ (b << 10) ^ c;
            (a, b) = (b, c);
            if (++filled < 3) continue;
            var at = Array.IndexOf(query, gram);
            if (at >= 0) found |= 1UL << at;
        }
        return System.Numerics.BitOperations.PopCount(found) / (float)query.Length;
    }

    /// <summary>The product's posting for a term (postings are in ordinal order, so a binary search).</summary>
    private Posting? FindPosting(int termId, int doc)
    {
        var list = _index.Postings(termId);
        int lo = 0, hi = list.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var d = list.Items[mid].Doc;
            if (d == doc) return list.Items[mid];
            if (d < doc) lo = mid + 1; else hi = mid - 1;
        }
        return null;
    }

    /// <summary>Rocchio feedback in embedding space: lean the query towards what the words already found.</summary>
    private float[] WithFeedback(float[] queryVector, List<int> lexicalDocs, HybridOptions hybrid)
    {
        var centroid = new float[queryVector.Length];
        var used = 0;
        foreach (var doc in lexicalDocs.Take(hybrid.FeedbackProducts))
        {
            TensorPrimitives.Add(centroid, _vectors!.Get(doc), centroid);
            used++;
        }
        var norm = TensorPrimitives.Norm(centroid);
        if (used == 0 || norm == 0) return queryVector;
        var moved = new float[queryVector.Length];
        TensorPrimitives.MultiplyAdd(centroid, hybrid.FeedbackWeight / norm, queryVector, moved);
        TensorPrimitives.Divide(moved, TensorPrimitives.Norm(moved), moved);
        return moved;
    }

    private List<(int Doc, double Score)> WeightedFusion(LexicalHits lexical, List<int> lexicalDocs, List<int> semanticDocs, float[] queryVector, HybridOptions hybrid)
    {
        var best = lexical.Ranked.Count > 0 ? lexical.Ranked.Max(h => h.Score) : 0f;
        var lexicalScore = new Dictionary<int, double>();
        foreach (var hit in lexical.Ranked) lexicalScore[hit.Doc] = best > 0 ? hit.Score / best : 0;

        var candidates = lexicalDocs.Concat(semanticDocs).Distinct().ToList();
        var share = lexicalDocs.Count == 0 ? 0 : hybrid.LexicalShare;
        return candidates
            .Select(doc => (doc, share * lexicalScore.GetValueOrDefault(doc) + (1 - share) * TensorPrimitives.Dot(queryVector, _vectors!.Get(doc))))
            .ToList();
    }

    /// <summary>Empty query: the category page experience, best sellers first.</summary>
    private SearchResult Browse(SearchRequest request, Func<int, bool> accept)
    {
        var docs = new List<(int Doc, double Score)>();
        for (var doc = 0; doc < _index.Capacity; doc++)
        {
            if (_index.IsLive(doc) && accept(doc)) docs.Add((doc, _options.Signals.Factor(_products[doc]!, _maxPopularity)));
        }
        docs.Sort((a, b) => b.Score.CompareTo(a.Score));
        return new SearchResult
        {
            Hits = docs.Skip(request.Offset).Take(request.Limit).Select(d => new SearchHit(_products[d.Doc]!, d.Score, null, null)).ToList(),
            TotalCount = docs.Count,
            Query = request.Query ?? "",
            Facets = request.Facets is null ? null : FacetCounter.Count(docs.Select(d => _products[d.Doc]!), request.Facets),
        };
    }

    private int ResolveWord(string word)
    {
        if (_index.TryGetTermId(_analyzer.Stem(word), out var id) && _index.DocumentFrequency(id) > 0) return id;
        var replacement = _corrector.BestReplacement(word);
        return replacement is not null && _index.TryGetTermId(_analyzer.Stem(replacement), out id) ? id : -1;
    }

    /// <summary>The three texts a product vector is composed from: title, context (brand, category, attributes), description head.</summary>
    internal static string[] EmbeddingTexts(SearchableProduct p) =>
    [
        p.Title,
        string.Join(" ", new[] { p.Brand ?? "" }.Concat(p.CategoryPath ?? []).Concat(p.Attributes?.Select(a => a.Value) ?? [])),
        FirstWords(p.Description, 60),
    ];

    private async Task<float[][]> EmbedProductsAsync(IReadOnlyList<SearchableProduct> products, CancellationToken cancellationToken)
    {
        // A product vector is a weighted blend of field embeddings: the title says what it is, brand/category/
        // attributes add context, the description only a little (it wanders). Works with any generator.
        // Vectors whose texts are unchanged come from the cache (stored with the product), so only edits cost a call.
        var (wTitle, wContext, wDescription) = _options.EmbeddingFieldWeights;
        var cache = _options.VectorCache;
        var result = new float[products.Count][];
        var missing = new List<(int Index, string Hash, string[] Texts)>();
        for (var i = 0; i < products.Count; i++)
        {
            var texts = EmbeddingTexts(products[i]);
            var hash = cache is null ? "" : ProductVectorCache.Hash(texts);
            if (cache is not null && cache.TryGet(products[i].Id, hash, out var known)) result[i] = (float[])known.Clone();
            else missing.Add((i, hash, texts));
        }

        const int batch = 512;
        for (var start = 0; start < missing.Count; start += batch)
        {
            var slice = missing.Skip(start).Take(batch).ToList();
            var embeddings = await _embeddings!.GenerateAsync(slice.SelectMany(m => m.Texts), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < slice.Count; i++)
            {
                var title = embeddings[i * 3].Vector.Span;
                var vector = new float[title.Length];
                TensorPrimitives.MultiplyAdd(title, wTitle, vector, vector);
                TensorPrimitives.MultiplyAdd(embeddings[i * 3 + 1].Vector.Span, wContext, vector, vector);
                TensorPrimitives.MultiplyAdd(embeddings[i * 3 + 2].Vector.Span, wDescription, vector, vector);
                result[slice[i].Index] = vector;
                cache?.Put(products[slice[i].Index].Id, slice[i].Hash, (float[])vector.Clone());
            }
        }
        return result;
    }

    /// <summary>
    /// Averaged word vectors share one dominant direction (every product "looks like a product"), which squeezes all
    /// cosines together. Subtracting the catalog's mean vector, fixed at build time, spreads them out again.
    /// </summary>
    private static float[]? MeanDirection(float[][] vectors)
    {
        if (vectors.Length == 0) return null;
        var mean = new float[vectors[0].Length];
        foreach (var v in vectors)
        {
            var norm = TensorPrimitives.Norm(v);
            if (norm > 0) TensorPrimitives.MultiplyAdd(v, 1f / norm, mean, mean);
        }
        TensorPrimitives.Divide(mean, vectors.Length, mean);
        return mean;
    }

    private void Center(float[] vector)
    {
        if (_center is null || _center.Length != vector.Length) return;
        var norm = TensorPrimitives.Norm(vector);
        if (norm == 0) return;
        TensorPrimitives.Divide(vector, norm, vector);
        TensorPrimitives.Subtract(vector, _center, vector);
    }

    private static string FirstWords(string? text, int words)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var parts = text.Split((char[]?)null, words + 1, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', parts.Take(words));
    }

    private void AddUnlocked(SearchableProduct product, AnalyzedProduct analyzed, float[]? vector)
    {
        if (_ordinalById.TryGetValue(product.Id, out var existing)) RemoveUnlocked(existing);

        var doc = _index.Add(analyzed);
        if (_index.TitleTerms(doc) is [var lead, ..]) _titleLeads[lead] = _titleLeads.GetValueOrDefault(lead) + 1;
        if (doc >= _products.Length)
        {
            Array.Resize(ref _products, Math.Max(doc + 1, _products.Length * 2));
            Array.Resize(ref _surfaceByDoc, _products.Length);
        }
        if (doc >= _titleType.Length)
        {
            Array.Resize(ref _titleType, _products.Length);
            Array.Resize(ref _titleTypeWord, _products.Length);
            Array.Resize(ref _titleWords, _products.Length);
            Array.Resize(ref _titleWordRows, _products.Length);
        }
        _titleTypeWord[doc] = ProductTypeWord.Of(product.Title);
        if (_options.WordVectors is { } wordVectors)
        {
            _titleWords[doc] = [.. Tokenizer.Tokenize(product.Title).Where(t => !EnglishStopWords.Contains(t))];
            _titleWordRows[doc] = [.. _titleWords[doc].Select(wordVectors.IndexOf)];
            var mean = new float[wordVectors.Dimensions];
            wordVectors.AddTo(_titleWords[doc], mean);
            _titleWordMeans ??= new VectorStore(wordVectors.Dimensions, _products.Length);
            _titleWordMeans.Set(doc, mean); // normalised; an all-zero mean stays absent
        }
        _titleType[doc] = _titleTypeWord[doc] is { } type && _index.TryGetTermId(_analyzer.Stem(type), out var typeTerm) ? typeTerm : -1;
        if (_titleType[doc] >= 0) _typeTitles[_titleType[doc]] = _typeTitles.GetValueOrDefault(_titleType[doc]) + 1;
        _products[doc] = product;
        _ordinalById[product.Id] = doc;

        var surface = analyzed.AllTokens.Select(t => t.Surface).Distinct().ToArray();
        foreach (var word in surface) _surfaceWords.Add(word);
        _surfaceByDoc[doc] = surface;

        if (vector is not null)
        {
            _vectors ??= new VectorStore(vector.Length, _products.Length);
            Center(vector);
            _vectors.Set(doc, vector);
        }
        _maxPopularity = Math.Max(_maxPopularity, product.Popularity);
        if (product.Attributes is not null)
        {
            foreach (var name in product.Attributes.Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase))
                _attributeNames.AddOrUpdate(name, 1, (_, n) => n + 1);
        }
    }

    private void RemoveUnlocked(int doc)
    {
        var product = _products[doc]!;
        if (_index.TitleTerms(doc) is [var lead, ..]) _titleLeads[lead]--;
        if (_titleType[doc] >= 0) _typeTitles[_titleType[doc]]--;
        _index.Remove(doc);
        _ordinalById.Remove(product.Id);
        foreach (var word in _surfaceByDoc[doc]) _surfaceWords.Add(word, -1);
        _vectors?.Clear(doc);
        _titleWordMeans?.Clear(doc);
        if (product.Attributes is not null)
        {
            foreach (var name in product.Attributes.Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase))
                _attributeNames.AddOrUpdate(name, 0, (_, n) => n - 1);
        }
        _products[doc] = null;
    }

    private void CompactIfNeeded()
    {
        // Dead postings slow every query a little; squeeze them out once a quarter of the ordinals are dead.
        if (_index.Capacity < 1024 || _index.DeadRatio < 0.25) return;
        var remap = _index.Compact();
        var length = Math.Max(16, _index.Capacity);
        for (var old = 0; old < remap.Length; old++)
            if (remap[old] >= 0) _ordinalById[_products[old]!.Id] = remap[old];
        _products = Remapped(_products, remap, length);
        _surfaceByDoc = Remapped(_surfaceByDoc, remap, length);
        _titleType = Remapped(_titleType, remap, length);
        _titleTypeWord = Remapped(_titleTypeWord, remap, length);
        _titleWords = Remapped(_titleWords, remap, length);
        _titleWordRows = Remapped(_titleWordRows, remap, length);
        _vectors?.Compact(remap);
        _titleWordMeans?.Compact(remap);
    }

    /// <summary>A per-ordinal array moved to the ordinals the lexical index compacted to (dropped ordinals map to −1).</summary>
    private static T[] Remapped<T>(T[] source, int[] remap, int length)
    {
        var result = new T[length];
        for (var old = 0; old < remap.Length && old < source.Length; old++)
            if (remap[old] >= 0) result[remap[old]] = source[old];
        return result;
    }
}

using Microsoft.Extensions.AI;
using RetailCommerce.Modules.Search.Ranking.Semantic;
using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Ranking;

/// <summary>Which retrievers answer a search.</summary>
public enum SearchMode
{
    /// <summary>Words only (BM25F with typo tolerance, synonyms, prefix and the relaxation chain).</summary>
    Lexical,
    /// <summary>Embeddings only.</summary>
    Semantic,
    /// <summary>Both, fused by reciprocal rank, then business signals: the storefront default.</summary>
    Hybrid,
}

/// <summary>What the engine had to loosen to avoid an empty page. Several can apply.</summary>
[Flags]
public enum SearchFallback
{
    /// <summary>The query matched as typed.</summary>
    None = 0,
    /// <summary>Results are for the spelling-corrected query.</summary>
    SpellingCorrected = 1,
    /// <summary>Some query words were ignored (see <see cref="SearchResult.DroppedWords"/>).</summary>
    DroppedWords = 2,
    /// <summary>No word-based match at all; results are semantic neighbours only.</summary>
    SemanticOnly = 4,
}

/// <summary>A storefront search.</summary>
public sealed record SearchRequest(string Query)
{
    /// <summary>Page size.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>Products to skip (paging).</summary>
    public int Offset { get; init; }

    /// <summary>Retrievers to use.</summary>
    public SearchMode Mode { get; init; } = SearchMode.Hybrid;

    /// <summary>Facet selections.</summary>
    public SearchFilters? Filters { get; init; }

    /// <summary>Facets to count over the result set; null skips counting.</summary>
    public FacetRequest? Facets { get; init; }

    /// <summary>Query word expansion; null uses the index default.</summary>
    public LexicalMatching? Matching { get; init; }

    /// <summary>Show only the best-ranked of several listings with the same title.</summary>
    public bool CollapseDuplicates { get; init; }

    /// <summary>Fusion settings for this request only (A/B tests, tuning); null uses the index default.</summary>
    public HybridOptions? Hybrid { get; init; }

    /// <summary>Lexical ordering; the plain <see cref="LexicalRanking.Bm25"/> exists for baselines.</summary>
    public LexicalRanking LexicalRanking { get; init; } = LexicalRanking.Bm25;

    /// <summary>Run the relaxation chain when no product matches every word.</summary>
    public bool Relax { get; init; } = true;

    /// <summary>
    /// The shopper is still typing (instant search): the last word may be unfinished and is also matched as a prefix.
    /// A submitted search leaves this off, because "lock" should not find "locket".
    /// </summary>
    public bool AsYouType { get; init; }

    /// <summary>Use the store's learned ranker when it has one (hybrid mode); false forces the score fusion (baselines, A/B).</summary>
    public bool LearnedRanking { get; init; } = true;
}

/// <summary>A hybrid candidate of a query with its ranking features (training data for the learned ranker).</summary>
public sealed record SearchRankingCandidate(string ProductId, float[] Features)
{
    /// <summary>The query's analysed words (stems), for the ranker's learned term associations.</summary>
    public string[] QueryTerms { get; init; } = [];

    /// <summary>The candidate's title words (stems), for the ranker's learned term associations.</summary>
    public string[] ProductTerms { get; init; } = [];

    /// <summary>True when only the extra candidates (the click memory) brought it in: neither lexical nor semantic retrieval found it.</summary>
    public bool MemoryOnly { get; init; }
}

/// <summary>One product on the result page with the evidence behind its place.</summary>
public sealed record SearchHit(SearchableProduct Product, double Score, int? LexicalRank, int? SemanticRank);

/// <summary>A search answer.</summary>
public sealed record SearchResult
{
    /// <summary>The requested page of products.</summary>
    public required IReadOnlyList<SearchHit> Hits { get; init; }

    /// <summary>Size of the whole result set (all pages).</summary>
    public required int TotalCount { get; init; }

    /// <summary>The query as received.</summary>
    public required string Query { get; init; }

    /// <summary>"Showing results for …" text when a word was not in the catalog and a correction exists; null otherwise.</summary>
    public string? CorrectedQuery { get; init; }

    /// <summary>What was relaxed to avoid a dead end.</summary>
    public SearchFallback Fallback { get; init; }

    /// <summary>Query words ignored by the relaxation chain, in the order they were dropped.</summary>
    public IReadOnlyList<string> DroppedWords { get; init; } = [];

    /// <summary>True when nothing at all was found.</summary>
    public bool ZeroResults => TotalCount == 0;

    /// <summary>Facet counts over the whole result set, when requested.</summary>
    public FacetResult? Facets { get; init; }
}

/// <summary>A product title offered while the shopper types.</summary>
public sealed record AutocompleteSuggestion(string ProductId, string Title);

/// <summary>Candidate list sizes and weights for the hybrid fusion.</summary>
public sealed record HybridOptions
{
    /// <summary>Lexical candidates fused.</summary>
    public int LexicalCandidates { get; init; } = 200;

    /// <summary>Semantic candidates fused.</summary>
    public int SemanticCandidates { get; init; } = 100;

    /// <summary>Lexical candidates a learned ranker scores (and is trained on); at least <see cref="LexicalCandidates"/>.</summary>
    public int LearnedLexicalCandidates { get; init; } = 200;

    /// <summary>Semantic candidates a learned ranker scores (and is trained on); at least <see cref="SemanticCandidates"/>.</summary>
    public int LearnedSemanticCandidates { get; init; } = 100;

    /// <summary>RRF constant.</summary>
    public int RrfK { get; init; } = RankFusion.DefaultK;

    /// <summary>Trust in the lexical list.</summary>
    public double LexicalWeight { get; init; } = 1.0;

    /// <summary>Trust in the semantic list.</summary>
    public double SemanticWeight { get; init; } = 1.0;

    /// <summary>Semantic neighbours below this cosine are not candidates (keeps nonsense out of facets).</summary>
    public float MinSemanticSimilarity { get; init; } = 0.05f;

    /// <summary>How the two lists are combined.</summary>
    public FusionMethod Fusion { get; init; } = FusionMethod.Weighted;

    /// <summary>Share of the lexical score in <see cref="FusionMethod.Weighted"/> fusion (the rest is cosine).</summary>
    public double LexicalShare { get; init; } = 0.5;

    /// <summary>
    /// Pseudo-relevance feedback: the query vector is moved towards the mean vector of this many top lexical
    /// products before the semantic search (Rocchio). 0 turns it off.
    /// </summary>
    public int FeedbackProducts { get; init; } = 10;

    /// <summary>Weight of the feedback centroid relative to the query's own vector.</summary>
    public float FeedbackWeight { get; init; } = 1.0f;
}

/// <summary>How lexical and semantic candidates are combined.</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion: scale-free, robust default.</summary>
    ReciprocalRank,

    /// <summary>
    /// Weighted sum of the lexical score (divided by the best lexical score) and the cosine similarity, both computed
    /// for every candidate of either list, so the embedding also re-orders the lexical candidates.
    /// </summary>
    Weighted,
}

/// <summary>Everything that shapes one store's index. Defaults are what the storefront uses.</summary>
public sealed record SearchIndexOptions
{
    /// <summary>BM25F parameters and field weights.</summary>
    public Bm25Options Bm25 { get; init; } = new();

    /// <summary>Default query word expansion.</summary>
    public LexicalMatching Matching { get; init; } = new();

    /// <summary>Fusion settings.</summary>
    public HybridOptions Hybrid { get; init; } = new();

    /// <summary>Business signals.</summary>
    public BusinessSignalOptions Signals { get; init; } = new();

    /// <summary>Merchant synonyms.</summary>
    public SynonymSet Synonyms { get; init; } = SynonymSet.Empty;

    /// <summary>
    /// Embedding generator for products and queries. Null trains the offline <see cref="CatalogEmbeddingGenerator"/>
    /// on the catalog at build time.
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; init; }

    /// <summary>Vectors already computed by <see cref="EmbeddingGenerator"/> (stored with the products); null computes every vector.</summary>
    public ProductVectorCache? VectorCache { get; init; }

    /// <summary>Training settings for the offline generator (used only when <see cref="EmbeddingGenerator"/> is null).</summary>
    public CatalogEmbeddingOptions EmbeddingTraining { get; init; } = new();

    /// <summary>Skip embeddings entirely (lexical-only stores, tests).</summary>
    public bool DisableSemantic { get; init; }

    /// <summary>Weights of title, context (brand, category, attributes) and description when a product vector is composed from per-field embeddings.</summary>
    public (float Title, float Context, float Description) EmbeddingFieldWeights { get; init; } = (1.0f, 0.5f, 0.3f);

    /// <summary>Subtract the catalog's mean product vector from product and query vectors (sharpens cosine for averaged embeddings).</summary>
    public bool CenterEmbeddings { get; init; }

    /// <summary>Text analysis pipeline.</summary>
    public TextAnalyzer Analyzer { get; init; } = TextAnalyzer.Default;

    /// <summary>Pretrained word vectors for the word-vector ranking features (null: those features are 0).</summary>
    public WordVectors? WordVectors { get; init; }
}

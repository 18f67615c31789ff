using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Ranking.Learned;

/// <summary>The features of one (query, candidate product) pair, in <see cref="SearchRankingFeatures.Names"/> order.</summary>
public static class SearchRankingFeatures
{
    /// <summary>Feature names, in vector order (also shown by "why this rank").</summary>
    public static readonly string[] Names =
    [
        "bm25_title", "bm25_brand", "bm25_category", "bm25_attributes", "bm25_description",
        "lexical_score", "cosine", "cosine_plain", "lexical_rank", "semantic_rank",
        "popularity", "in_stock", "title_coverage", "matched_share", "exact_phrase", "typo_share",
        "query_words", "title_words", "fusion_score",
        "title_precision", "idf_coverage", "title_bigrams", "numeric_words", "numeric_matched", "description_words",
        .. SearchTermAssociations.FeatureNames,
        "soft_match_mean", "soft_match_min",
        .. SearchClickMemory.FeatureNames,
        "head_word_in_title", "first_match_position", "trigram_coverage",
        "size_match", "size_conflict", "other_brand_named",
        .. QueryRelativeFeatures.Names,
        "query_names_product_type", "head_word_is_product_type", "product_type_consensus", "head_word_type_share",
        "word_vector_soft_mean", "word_vector_soft_min", "word_vector_cosine",
        "word_vector_head", "word_vector_type_head", "word_vector_type_best", "word_vector_consensus",
    ];

    /// <summary>First of the features learned from the store's searches (<see cref="SearchTermAssociations"/>); 0 until a ranker fills them.</summary>
    public const int AssociationStart = 25;

    /// <summary>Index of the hand-made fusion score (0.5 · lexical/best + 0.5 · cosine): the ranking used without a model.</summary>
    public const int FusionScore = 18;

    /// <summary>First of the "clicked for similar past searches" features (<see cref="SearchClickMemory"/>); 0 until a ranker with a memory fills them.</summary>
    public const int ClickStart = 31;

    /// <summary>Vector length (a constant for ML.NET's vector column).</summary>
    public const int Total = 61;

    /// <summary>Vector length.</summary>
    public static int Count => Names.Length;

    /// <summary>Position of a feature in the vector; an unknown name is a programming error, so it throws.</summary>
    public static int IndexOf(string name)
    {
        var index = Array.IndexOf(Names, name);
        return index >= 0 ? index : throw new ArgumentException($"Unknown ranking feature '{name}'.", nameof(name));
    }
}

/// <summary>One judged candidate of one query: the training unit of the ranker.</summary>
/// <param name="Query">The query (examples of one query must be adjacent).</param>
/// <param name="Features">The candidate's features.</param>
/// <param name="Grade">Relevance grade, an integer 0..<see cref="SearchRanker.MaxGrade"/> (clicks 1, purchases 2 in production; the judges' grade in the bench).</param>
public sealed record SearchRankingExample(string Query, float[] Features, int Grade)
{
    /// <summary>The query's analysed words (stems), for the learned term associations.</summary>
    public string[] QueryTerms { get; init; } = [];

    /// <summary>The candidate's title words (stems), for the learned term associations.</summary>
    public string[] ProductTerms { get; init; } = [];

    /// <summary>The candidate product (for the click memory).</summary>
    public string ProductId { get; init; } = "";

    /// <summary>
    /// True when only the click memory brought the candidate in (neither lexical nor semantic retrieval found it): such a
    /// row is kept only where the memory that fills its features proposes it, as serving would.
    /// </summary>
    public bool MemoryOnly { get; init; }
}

/// <summary>Training knobs (the defaults were set before measuring and not tuned on reported queries).</summary>
public sealed record SearchRankerOptions
{
    /// <summary>Boosting rounds.</summary>
    public int Iterations { get; init; } = 200;

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; init; } = 15;

    /// <summary>
    /// Learning rate. 0.1 since the sixth revision: with the same trees it beat 0.05 on Home Depot's 2-fold split with every
    /// feature set tried (48 features +0.0015, with word vectors +0.0024..0.0027); 0.2 and 400 rounds were no better.
    /// </summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Minimum examples per leaf (keeps a small store's trees from memorising a few queries).</summary>
    public int MinExamplesPerLeaf { get; init; } = 20;

    /// <summary>Seed (training is deterministic for a given seed and data).</summary>
    public int Seed { get; init; } = 7;

    /// <summary>
    /// LambdaRank's sigmoid parameter. 1, LightGBM's own default, since the sixth revision (ML.NET sets 0.5): it beat 0.5 in
    /// both Home Depot folds with the 48-column and the 61-column feature sets (+0.0013, +0.0016).
    /// </summary>
    public double Sigmoid { get; init; } = 1;

    /// <summary>L2 regularization of the leaf values (ML.NET's default 0.01).</summary>
    public double L2Regularization { get; init; } = 0.01;

    /// <summary>Share of the features each tree may split on (1 = all).</summary>
    public double FeatureFraction { get; init; } = 1;

    /// <summary>Label gain 2^grade − 1 instead of the grade itself.</summary>
    public bool ExponentialGains { get; init; }
}

/// <summary>
/// A learned hybrid ranker: LightGBM LambdaRank (ML.NET <c>Ranking.Trainers.LightGbm</c>) over per-field BM25F,
/// cosine, ranks, popularity, coverage, phrase and typo features of the union of lexical and semantic candidates.
/// Scoring walks the trained trees directly (a few microseconds per candidate, thread-safe, no ML.NET pipeline per
/// search); <see cref="ScoreWithMlNet"/> is the reference path, and a test checks that both agree.
/// </summary>
public sealed class SearchRanker
{
    /// <summary>Highest grade LightGBM's label gain is set up for.</summary>
    public const int MaxGrade = 4;

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly Tree[] _trees;
    private readonly double _bias;

    private sealed record Tree(int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaf, double Weight);

    private SearchRanker(MLContext ml, ITransformer model, string modelId, int queries, int examples, SearchTermAssociations? associations = null, SearchClickMemory? clickMemory = null)
    {
        Associations = associations;
        ClickMemory = clickMemory;
        _ml = ml;
        _model = model;
        ModelId = modelId;
        TrainingQueries = queries;
        TrainingExamples = examples;
        var parameters = ((RankingPredictionTransformer<LightGbmRankingModelParameters>)model).Model;
        var ensemble = parameters.TrainedTreeEnsemble;
        _bias = ensemble.Bias;
        _trees = ensemble.Trees.Select((t, i) => new Tree(
            t.LeftChild.ToArray(), t.RightChild.ToArray(), t.NumericalSplitFeatureIndexes.ToArray(),
            t.NumericalSplitThresholds.ToArray(), t.LeafValues.ToArray(), ensemble.TreeWeights[i])).ToArray();
    }

    /// <summary>Identifies the trained model (shown in explanations and job outcomes).</summary>
    public string ModelId { get; }

    /// <summary>
    /// Word associations learned from the same searches (null for a model trained without them); the index fills the
    /// association features with it before scoring.
    /// </summary>
    public SearchTermAssociations? Associations { get; }

    /// <summary>
    /// What shoppers chose after the searches it was trained on (null for a model trained without it); the index asks it
    /// for extra candidates and fills the click features with it before scoring.
    /// </summary>
    public SearchClickMemory? ClickMemory { get; }

    /// <summary>Queries it was trained on.</summary>
    public int TrainingQueries { get; }

    /// <summary>(query, product) pairs it was trained on.</summary>
    public int TrainingExamples { get; }

    private sealed class Row
    {
        public float Label { get; set; }

        [KeyType(int.MaxValue)]
        public uint GroupId { get; set; }

        [VectorType(SearchRankingFeatures.Total)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }

    /// <summary>Trains LambdaRank on grouped examples (at least two queries with some grade above 0).</summary>
    public static SearchRanker Train(IReadOnlyList<SearchRankingExample> examples, SearchRankerOptions? options = null) => Train(examples, options, null);

    /// <summary>
    /// Learns the term associations from the examples (out-of-fold values for the training rows) and trains on them;
    /// the returned ranker carries the table learned on all examples.
    /// </summary>
    public static SearchRanker TrainWithAssociations(IReadOnlyList<SearchRankingExample> examples, SearchRankerOptions? options = null, IReadOnlyList<PastSearch>? clicks = null,
        WordVectors? wordVectors = null)
    {
        var encoded = LearnedRankingFeatures.Encode(examples, [], clicks, wordVectors);
        return Train(encoded.Train, options, encoded.Associations, encoded.Memory);
    }

    private static SearchRanker Train(IReadOnlyList<SearchRankingExample> examples, SearchRankerOptions? options, SearchTermAssociations? associations, SearchClickMemory? memory = null)
    {
        options ??= new SearchRankerOptions();
        if (SearchRankingFeatures.Count != SearchRankingFeatures.Total) throw new InvalidOperationException("Row.Features VectorType must match the feature count.");
        var rows = new List<Row>(examples.Count);
        var groups = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var e in examples)
        {
            if (!groups.TryGetValue(e.Query, out var group)) groups[e.Query] = group = (uint)groups.Count + 1;
            // The click columns stay out of the trees (see ClickWeights): they only enter the score through the blend.
            var features = e.Features;
            if (features.AsSpan(SearchRankingFeatures.ClickStart, SearchClickMemory.FeatureNames.Length).IndexOfAnyExcept(0f) >= 0)
            {
                features = (float[])features.Clone();
                features.AsSpan(SearchRankingFeatures.ClickStart, SearchClickMemory.FeatureNames.Length).Clear();
            }
            rows.Add(new Row { Label = Math.Clamp(e.Grade, 0, MaxGrade), GroupId = group, Features = features });
        }
        // LightGBM wants each group's rows together.
        rows.Sort((a, b) => a.GroupId.CompareTo(b.GroupId));

        var ml = new MLContext(seed: options.Seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            NumberOfIterations = options.Iterations,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            // NDCG@10 is what the shopper sees on the first page; LambdaRank optimises it directly.
            EvaluationMetric = LightGbmRankingTrainer.Options.EvaluateMetricType.NormalizedDiscountedCumulativeGain,
            CustomGains = Enumerable.Range(0, MaxGrade + 1).Select(g => options.ExponentialGains ? (1 << g) - 1 : g).ToArray(),
            Sigmoid = options.Sigmoid,
            Booster = new GradientBooster.Options { L2Regularization = options.L2Regularization, FeatureFraction = options.FeatureFraction },
            NumberOfThreads = 1,
            Seed = options.Seed,
            Silent = true,
        });
        var model = trainer.Fit(data);
        var id = $"lambdarank@{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{groups.Count}q";
        return new SearchRanker(ml, model, id, groups.Count, rows.Count, associations, memory);
    }

    /// <summary>
    /// Picks the training settings by cross-validation over the examples' own queries (never the queries a bench
    /// reports), retrains the best on all of them, and keeps it only if it beat the hand-made fusion score on the
    /// inner held-out queries; otherwise returns null and the store stays on score fusion. With <paramref name="clicks"/>
    /// (what shoppers chose after the same searches, keyed like the examples' queries) the model also learns from the
    /// click memory; an inner held-out query's own clicks never reach the memory it is scored with.
    /// </summary>
    public static SearchRankerSelection TrainSelected(IReadOnlyList<SearchRankingExample> examples, IReadOnlyList<SearchRankerOptions>? candidates = null, int folds = 3,
        IReadOnlyList<PastSearch>? clicks = null, WordVectors? wordVectors = null)
    {
        candidates ??= DefaultCandidates;
        var queries = examples.Select(e => e.Query).Distinct().OrderBy(q => q, StringComparer.Ordinal).ToList();
        var fold = queries.Select((q, i) => (q, i % folds)).ToDictionary(x => x.q, x => x.Item2, StringComparer.Ordinal);
        var fusion = 0.0;
        var blends = Blends(clicks is not null);
        var scores = new double[candidates.Count, blends.Count];
        for (var f = 0; f < folds; f++)
        {
            var (train, testRows, _, _) = LearnedRankingFeatures.Encode(
                examples.Where(e => fold[e.Query] != f).ToList(), examples.Where(e => fold[e.Query] == f).ToList(), clicks, wordVectors);
            var test = testRows.GroupBy(e => e.Query).Select(g => g.ToList()).ToList();
            if (train.Count == 0 || test.Count == 0) continue;
            // Score fusion never sees the memory's extra candidates: they rank last for it.
            fusion += test.Sum(g => Ndcg(g, g.Select(e => e.MemoryOnly ? double.MinValue : e.Features[SearchRankingFeatures.FusionScore]).ToList()));
            for (var c = 0; c < candidates.Count; c++)
            {
                var model = Train(train, candidates[c]);
                // The trees' scores once per row; the blends only add weighted columns to them.
                var trees = test.Select(g => g.Select(e => model.TreeScore(e.Features)).ToArray()).ToList();
                for (var b = 0; b < blends.Count; b++)
                {
                    var blend = blends[b];
                    for (var q = 0; q < test.Count; q++)
                    {
                        var g = test[q];
                        scores[c, b] += Ndcg(g, g.Select((e, i) => trees[q][i] + blend.Add(e.Features)).ToList());
                    }
                }
            }
        }
        var n = Math.Max(1, queries.Count);
        var (best, bestBlend) = (0, 0);
        for (var c = 0; c < candidates.Count; c++)
            for (var b = 0; b < blends.Count; b++)
                if (scores[c, b] > scores[best, bestBlend]) (best, bestBlend) = (c, b);
        var bestOptions = candidates[best];
        var keep = scores[best, bestBlend] > fusion;
        var chosen = keep ? TrainWithAssociations(examples, bestOptions, clicks, wordVectors).WithBlend(blends[bestBlend]) : null;
        return new SearchRankerSelection(chosen, bestOptions, scores[best, bestBlend] / n, fusion / n,
            candidates.SelectMany((o, i) => blends.Select((blend, b) => (o, scores[i, b] / n, blend))).ToList())
        { Blend = blends[bestBlend] };
    }

    /// <summary>Every combination of <see cref="FusionBlends"/>, <see cref="ClickWeights"/> and <see cref="PriorWeights"/> (fusion only without a click memory).</summary>
    private static List<SearchRankerBlend> Blends(bool clickMemory) =>
        (from fusion in FusionBlends
         from click in clickMemory ? ClickWeights : [0.0]
         from prior in clickMemory ? PriorWeights : [0.0]
         select new SearchRankerBlend(fusion, click, prior)).ToList();

    /// <summary>
    /// Weights of the click memory's evidence (<c>click_best</c>: best similarity × grade of a near past query that chose
    /// the product, scaled to 0..1) added to the score, chosen by the same cross-validation (fixed before measuring).
    /// Added outside the trees on purpose: the trees never see the click features, so a product chosen for similar
    /// searches can only move up. Inside the trees, "chosen for some other search" became strong <em>negative</em>
    /// evidence on both relevance sets — each judged pool was collected for one query, so a product judged for another
    /// query is rarely in this one's pool — which says how the data were built, not what a shopper wants.
    /// </summary>
    public static readonly double[] ClickWeights = [0, 0.5, 1, 2, 4, 8, 16];

    /// <summary>Weights of the product's overall search-click prior (scaled to 0..1), added the same way.</summary>
    public static readonly double[] PriorWeights = [0, 0.5];

    /// <summary>
    /// How much of the hand-made fusion score is added to the trees' score, chosen with the settings by the same
    /// cross-validation: with few searches the trees alone are coarse (many ties, noisy splits) and leaning on fusion
    /// helps; with many, 0 wins. Fixed before measuring.
    /// </summary>
    public static readonly double[] FusionBlends = [0, 1, 4];

    /// <summary>Weight of the fusion score as a tie-breaker between candidates that land in the same leaves.</summary>
    public const double TieBreak = 1e-3;

    /// <summary>Weight of the fusion score added to the trees' score (see <see cref="FusionBlends"/>).</summary>
    public double FusionBlend { get; init; }

    /// <summary>Weight of the click memory's best evidence added to the score (see <see cref="ClickWeights"/>).</summary>
    public double ClickWeight { get; init; }

    /// <summary>Weight of the search-click prior added to the score (see <see cref="PriorWeights"/>).</summary>
    public double PriorWeight { get; init; }

    /// <summary>The same trained model with another fusion blend.</summary>
    public SearchRanker WithBlend(double blend) => new(this) { FusionBlend = blend, ClickWeight = ClickWeight, PriorWeight = PriorWeight };

    /// <summary>The same trained model with other blend weights.</summary>
    public SearchRanker WithBlend(SearchRankerBlend blend) => new(this) { FusionBlend = blend.Fusion, ClickWeight = blend.Click, PriorWeight = blend.Prior };

    /// <summary>The blend weights in use.</summary>
    public SearchRankerBlend Blend => new(FusionBlend, ClickWeight, PriorWeight);

    private SearchRanker(SearchRanker other)
    {
        _ml = other._ml;
        _model = other._model;
        _trees = other._trees;
        _bias = other._bias;
        ModelId = other.ModelId;
        TrainingQueries = other.TrainingQueries;
        TrainingExamples = other.TrainingExamples;
        Associations = other.Associations;
        ClickMemory = other.ClickMemory;
    }

    /// <summary>
    /// The settings <see cref="TrainSelected"/> chooses from (fixed before any measurement): shallow to deeper trees.
    /// A fourth, larger setting (32 leaves / 500 rounds, min 50 per leaf) was tried in the fourth revision and left out:
    /// inner CV chose it in one Home Depot fold, but that fold got worse on its held-out half and training took about twice as long
    /// (docs/search-relevance.md, fourth revision).
    /// </summary>
    public static IReadOnlyList<SearchRankerOptions> DefaultCandidates { get; } =
    [
        new() { Leaves = 4, Iterations = 100, MinExamplesPerLeaf = 50 },
        new() { Leaves = 8, Iterations = 200, MinExamplesPerLeaf = 50 },
        new() { Leaves = 16, Iterations = 300, MinExamplesPerLeaf = 20 },
    ];

    /// <summary>NDCG@10 of one query's examples ordered by <paramref name="scores"/> (ideal = its own grades sorted).</summary>
    internal static double Ndcg(IReadOnlyList<SearchRankingExample> group, IReadOnlyList<double> scores)
    {
        static double Dcg(IEnumerable<int> grades) => grades.Take(10).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        var ideal = Dcg(group.Select(e => e.Grade).OrderByDescending(g => g));
        if (ideal <= 0) return 0;
        var order = Enumerable.Range(0, group.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Select(i => group[i].Grade);
        return Dcg(order) / ideal;
    }

    /// <summary>Score of one candidate (higher is better; only the order within a query matters).</summary>
    public double Score(ReadOnlySpan<float> features) => TreeScore(features) + Blend.Add(features);

    /// <summary>The trees' score alone (what ML.NET computes).</summary>
    public double TreeScore(ReadOnlySpan<float> features)
    {
        var sum = _bias;
        foreach (var tree in _trees)
        {
            var node = 0;
            if (tree.Left.Length == 0) { sum += tree.Weight * tree.Leaf[0]; continue; }
            while (node >= 0)
            {
                node = features[tree.Feature[node]] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
            }
            sum += tree.Weight * tree.Leaf[~node];
        }
        return sum;
    }

    /// <summary>Scores through the ML.NET pipeline (reference for tests; slower per call).</summary>
    public float[] ScoreWithMlNet(IReadOnlyList<float[]> features)
    {
        var data = _ml.Data.LoadFromEnumerable(features.Select(f => new Row { Features = f, GroupId = 1 }));
        return _ml.Data.CreateEnumerable<Scored>(_model.Transform(data), reuseRowObject: false).Select(s => s.Score).ToArray();
    }

    /// <summary>The model as bytes (ML.NET zip) to store per store.</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<Row>()).Schema;
        _ml.Model.Save(_model, schema, stream);
        return stream.ToArray();
    }

    /// <summary>Loads a model saved by <see cref="Save"/>.</summary>
    public static SearchRanker Load(byte[] bytes, string modelId, int queries, int examples, byte[]? associations = null, double fusionBlend = 0, byte[]? clickMemory = null,
        double clickWeight = 0, double priorWeight = 0)
    {
        var ml = new MLContext(seed: 7);
        using var stream = new MemoryStream(bytes);
        var model = ml.Model.Load(stream, out _);
        return new SearchRanker(ml, model, modelId, queries, examples,
            associations is { Length: > 0 } ? SearchTermAssociations.Load(associations) : null,
            clickMemory is { Length: > 0 } ? SearchClickMemory.Load(clickMemory) : null)
        { FusionBlend = fusionBlend, ClickWeight = clickWeight, PriorWeight = priorWeight };
    }
}

/// <summary>What <see cref="SearchRanker.TrainSelected"/> found: the model to use (null = keep score fusion) and the inner cross-validation figures.</summary>
public sealed record SearchRankerSelection(SearchRanker? Ranker, SearchRankerOptions Options, double InnerNdcg, double InnerFusionNdcg,
    IReadOnlyList<(SearchRankerOptions Options, double Ndcg, SearchRankerBlend Blend)> Candidates)
{
    /// <summary>The chosen blend weights.</summary>
    public SearchRankerBlend Blend { get; init; } = new(0, 0, 0);

    /// <summary>The chosen fusion blend (see <see cref="SearchRanker.FusionBlends"/>).</summary>
    public double FusionBlend => Blend.Fusion;
}

/// <summary>
/// What is added to the trees' score: <paramref name="Fusion"/> × the fusion score (+ a tie-breaker), <paramref name="Click"/> ×
/// the click memory's best evidence and <paramref name="Prior"/> × the product's search-click prior.
/// </summary>
public readonly record struct SearchRankerBlend(double Fusion, double Click, double Prior)
{
    /// <summary>The added score for one candidate's features.</summary>
    public double Add(ReadOnlySpan<float> features) =>
        (Fusion + SearchRanker.TieBreak) * features[SearchRankingFeatures.FusionScore]
        + Click * features[SearchRankingFeatures.ClickStart]
        + Prior * features[SearchRankingFeatures.ClickStart + 4];

    /// <inheritdoc />
    public override string ToString() => $"blend{Fusion}_click{Click}_prior{Prior}";
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

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
    ];

    /// <summary>Index of the hand-made fusion score (0.5 · lexical/best + 0.5 · cosine): the ranking used without a model.</summary>
    public const int FusionScore = 18;

    /// <summary>Vector length.</summary>
    public static int Count => Names.Length;
}

/// <summary>One judged candidate of one query: the training unit of the ranker.</summary>
/// <param name="Query">The query (examples of one query must be adjacent).</param>
/// <param name="Features">The candidate's features.</param>
/// <param name="Grade">Relevance grade, an integer 0..<see cref="SearchRanker.MaxGrade"/> (clicks 1, purchases 2 in production; the judges' grade in the bench).</param>
public sealed record SearchRankingExample(string Query, float[] Features, int Grade);

/// <summary>Training knobs (the defaults were set before measuring and not tuned on reported queries).</summary>
public sealed record SearchRankerOptions
{
    /// <summary>Boosting rounds.</summary>
    public int Iterations { get; init; } = 200;

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; init; } = 15;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Minimum examples per leaf (keeps a small store's trees from memorising a few queries).</summary>
    public int MinExamplesPerLeaf { get; init; } = 20;

    /// <summary>Seed (training is deterministic for a given seed and data).</summary>
    public int Seed { get; init; } = 7;
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

    private SearchRanker(MLContext ml, ITransformer model, string modelId, int queries, int examples)
    {
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

    /// <summary>Queries it was trained on.</summary>
    public int TrainingQueries { get; }

    /// <summary>(query, product) pairs it was trained on.</summary>
    public int TrainingExamples { get; }

    private sealed class Row
    {
        public float Label { get; set; }

        [KeyType(int.MaxValue)]
        public uint GroupId { get; set; }

        [VectorType(25)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }

    /// <summary>Trains LambdaRank on grouped examples (at least two queries with some grade above 0).</summary>
    public static SearchRanker Train(IReadOnlyList<SearchRankingExample> examples, SearchRankerOptions? options = null)
    {
        options ??= new SearchRankerOptions();
        if (SearchRankingFeatures.Count != 25) throw new InvalidOperationException("Row.Features VectorType must match the feature count.");
        var rows = new List<Row>(examples.Count);
        var groups = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var e in examples)
        {
            if (!groups.TryGetValue(e.Query, out var group)) groups[e.Query] = group = (uint)groups.Count + 1;
            rows.Add(new Row { Label = Math.Clamp(e.Grade, 0, MaxGrade), GroupId = group, Features = e.Features });
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
            CustomGains = Enumerable.Range(0, MaxGrade + 1).Select(g => g).ToArray(),
            NumberOfThreads = 1,
            Seed = options.Seed,
            Silent = true,
        });
        var model = trainer.Fit(data);
        var id = $"lambdarank@{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{groups.Count}q";
        return new SearchRanker(ml, model, id, groups.Count, rows.Count);
    }

    /// <summary>
    /// Picks the training settings by cross-validation over the examples' own queries (never the queries a bench
    /// reports), retrains the best on all of them, and keeps it only if it beat the hand-made fusion score on the
    /// inner held-out queries; otherwise returns null and the store stays on score fusion.
    /// </summary>
    public static SearchRankerSelection TrainSelected(IReadOnlyList<SearchRankingExample> examples, IReadOnlyList<SearchRankerOptions>? candidates = null, int folds = 3)
    {
        candidates ??= DefaultCandidates;
        var queries = examples.Select(e => e.Query).Distinct().OrderBy(q => q, StringComparer.Ordinal).ToList();
        var fold = queries.Select((q, i) => (q, i % folds)).ToDictionary(x => x.q, x => x.Item2, StringComparer.Ordinal);
        var fusion = 0.0;
        var scores = new double[candidates.Count];
        for (var f = 0; f < folds; f++)
        {
            var train = examples.Where(e => fold[e.Query] != f).ToList();
            var test = examples.Where(e => fold[e.Query] == f).GroupBy(e => e.Query).Select(g => g.ToList()).ToList();
            if (train.Count == 0 || test.Count == 0) continue;
            fusion += test.Sum(g => Ndcg(g, g.Select(e => (double)e.Features[SearchRankingFeatures.FusionScore]).ToList()));
            for (var c = 0; c < candidates.Count; c++)
            {
                var model = Train(train, candidates[c]);
                scores[c] += test.Sum(g => Ndcg(g, g.Select(e => model.Score(e.Features)).ToList()));
            }
        }
        var n = Math.Max(1, queries.Count);
        var best = Enumerable.Range(0, candidates.Count).MaxBy(c => scores[c]);
        var bestOptions = candidates[best];
        var keep = scores[best] > fusion;
        return new SearchRankerSelection(keep ? Train(examples, bestOptions) : null, bestOptions, scores[best] / n, fusion / n,
            candidates.Select((o, i) => (o, scores[i] / n)).ToList());
    }

    /// <summary>The settings <see cref="TrainSelected"/> chooses from (fixed before any measurement): shallow to deeper trees.</summary>
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
    public double Score(ReadOnlySpan<float> features)
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
    public static SearchRanker Load(byte[] bytes, string modelId, int queries, int examples)
    {
        var ml = new MLContext(seed: 7);
        using var stream = new MemoryStream(bytes);
        var model = ml.Model.Load(stream, out _);
        return new SearchRanker(ml, model, modelId, queries, examples);
    }
}

/// <summary>What <see cref="SearchRanker.TrainSelected"/> found: the model to use (null = keep score fusion) and the inner cross-validation figures.</summary>
public sealed record SearchRankerSelection(SearchRanker? Ranker, SearchRankerOptions Options, double InnerNdcg, double InnerFusionNdcg,
    IReadOnlyList<(SearchRankerOptions Options, double Ndcg)> Candidates);

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// A weighted sum of the base models' scores, each min–max scaled within the customer's candidates
/// so the weights mean "how much to trust this model" rather than "undo its score scale".
/// </summary>
internal sealed class LinearBlend
{
    private static readonly int[] Columns = CandidateSet.LinearColumns;
    private static readonly double[] Grid = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5];

    private LinearBlend(double[] weights) => Weights = weights;

    public IReadOnlyList<double> Weights { get; }

    public static LinearBlend Default { get; } = new([0.1, 1, 1, 0.1]);

    public double[] Score(float[][] features) => Score(Scale(features), [.. Weights]);

    /// <summary>
    /// Coordinate ascent on mean NDCG@10, a few sweeps over a fixed grid (deterministic, no gradients needed);
    /// <paramref name="groupWeights"/> (one per group, e.g. by slice recency) makes it a weighted mean.
    /// </summary>
    public static LinearBlend Fit(IReadOnlyList<TrainingGroup> groups, IReadOnlyList<double>? groupWeights = null)
    {
        if (groups.Count == 0) return Default;
        var scaled = groups.Select(g => Scale(g.Features)).ToArray();
        var weights = Default.Weights.ToArray();
        double Measure(double[] w)
        {
            var ndcg = groups.Select((g, n) => g.Ndcg10(Score(scaled[n], w))).ToArray();
            return groupWeights is null ? ndcg.Average() : SliceRecency.Mean(ndcg, groupWeights);
        }
        var best = Measure(weights);
        for (var sweep = 0; sweep < 3; sweep++)
        {
            var improved = false;
            for (var m = 0; m < weights.Length; m++)
            {
                foreach (var value in Grid)
                {
                    if (value == weights[m]) continue;
                    var trial = (double[])weights.Clone();
                    trial[m] = value;
                    var measured = Measure(trial);
                    if (measured > best + 1e-9) { best = measured; weights = trial; improved = true; }
                }
            }
            if (!improved) break;
        }
        return new LinearBlend(weights);
    }

    private static double[][] Scale(float[][] features)
    {
        var scaled = new double[features.Length][];
        for (var n = 0; n < features.Length; n++) scaled[n] = new double[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            double min = double.MaxValue, max = double.MinValue;
            foreach (var row in features) { min = Math.Min(min, row[Columns[c]]); max = Math.Max(max, row[Columns[c]]); }
            var span = max - min;
            for (var n = 0; n < features.Length; n++)
                scaled[n][c] = span > 0 ? (features[n][Columns[c]] - min) / span : 0.0;
        }
        return scaled;
    }

    private static double[] Score(double[][] scaled, double[] weights)
    {
        var scores = new double[scaled.Length];
        for (var n = 0; n < scaled.Length; n++)
            for (var c = 0; c < weights.Length; c++) scores[n] += weights[c] * scaled[n][c];
        return scores;
    }
}

/// <summary>
/// LightGBM LambdaRank (through ML.NET) over the full feature rows; one query group per customer. With
/// <see cref="BlendedRankerOptions.LightGbmBags"/> above 1 it is the average of several models, each with its own
/// seed and an 80% sample of the rows per round: one model's trees depend on which of near-equal splits it happened
/// to take (a different feature sample moved the tuning split by ±0.01), an average much less.
/// </summary>
internal sealed class LightGbmBlend
{
    private readonly (MLContext Ml, ITransformer Model, CompiledTrees? Trees)[] _members;

    private LightGbmBlend((MLContext, ITransformer, CompiledTrees?)[] members) => _members = members;

    /// <summary>Models averaged.</summary>
    public int Bags => _members.Length;

    /// <summary>
    /// Fits the model(s). <paramref name="groupWeights"/> (one per group, e.g. by slice recency) become LightGBM
    /// example weights on every row of the group: LambdaRank multiplies each row's gradient by its weight, so a
    /// group's whole ranking counts that much more or less.
    /// </summary>
    public static LightGbmBlend Fit(IReadOnlyList<TrainingGroup> groups, BlendedRankerOptions options, IReadOnlyList<double>? groupWeights = null)
    {
        // All-equal weights are left out entirely, so the fit is exactly the unweighted one.
        if (groupWeights is not null && groupWeights.All(w => w == groupWeights[0])) groupWeights = null;
        var bags = Math.Max(1, options.LightGbmBags);
        var members = new (MLContext, ITransformer, CompiledTrees?)[bags];
        // Each model is deterministic on its own (one thread, its own seed), so fitting them side by side is too.
        Parallel.For(0, bags, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            b => members[b] = FitOne(groups, options, options.Seed + 7919 * b, bagged: bags > 1, groupWeights));
        return new LightGbmBlend(members);
    }

    private static (MLContext, ITransformer, CompiledTrees?) FitOne(IReadOnlyList<TrainingGroup> groups, BlendedRankerOptions options, int seed, bool bagged,
        IReadOnlyList<double>? groupWeights)
    {
        var ml = new MLContext(seed);
        var rows = groups.SelectMany((g, id) => g.Features.Select((f, n) => new RankingRow
        {
            Label = g.Labels[n],
            GroupId = (uint)id,
            Features = f,
            Weight = groupWeights is null ? 1f : (float)groupWeights[id],
        }));
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(RankingRow.Label),
            FeatureColumnName = nameof(RankingRow.Features),
            RowGroupColumnName = "GroupKey",
            ExampleWeightColumnName = groupWeights is null ? null : nameof(RankingRow.Weight),
            NumberOfIterations = options.LightGbmIterations,
            NumberOfLeaves = options.LightGbmLeaves,
            LearningRate = options.LightGbmLearningRate,
            MinimumExampleCountPerLeaf = options.LightGbmMinExamplesPerLeaf,
            // One thread and LightGBM's deterministic mode: the same data gives the same ranker.
            NumberOfThreads = 1,
            Deterministic = true,
            Seed = seed,
            Silent = true,
            Verbose = false,
            Booster = bagged
                ? new GradientBooster.Options { L2Regularization = 1.0, FeatureFraction = 0.9, SubsampleFraction = 0.8, SubsampleFrequency = 1 }
                : new GradientBooster.Options { L2Regularization = 1.0, FeatureFraction = 0.9 },
        });
        var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(RankingRow.GroupId)).Append(trainer);
        var fitted = pipeline.Fit(data);
        return (ml, fitted, CompiledTrees.From(fitted.LastTransformer.Model));
    }

    /// <summary>
    /// Scores candidate rows. Walks the trained trees directly (microseconds) instead of building an ML.NET
    /// data view per query (milliseconds), which is what keeps a personalized list inside the serving budget;
    /// <see cref="ScoreWithMlNet"/> is the reference the tests compare it to.
    /// </summary>
    public double[] Score(float[][] features)
    {
        if (_members.Any(m => m.Trees is null)) return ScoreWithMlNet(features);
        if (_members.Length == 1) return _members[0].Trees!.Score(features);
        var sum = new double[features.Length];
        foreach (var (_, _, trees) in _members)
        {
            var scores = trees!.Score(features);
            for (var n = 0; n < sum.Length; n++) sum[n] += scores[n] / _members.Length;
        }
        return sum;
    }

    /// <summary>The same scores through ML.NET's own transform.</summary>
    public double[] ScoreWithMlNet(float[][] features)
    {
        var sum = new double[features.Length];
        foreach (var (ml, model, _) in _members)
        {
            var data = ml.Data.LoadFromEnumerable(features.Select(f => new RankingRow { Features = f }));
            var scored = model.Transform(data).GetColumn<float>("Score").ToArray();
            for (var n = 0; n < sum.Length; n++) sum[n] += _members.Length == 1 ? scored[n] : (double)scored[n] / _members.Length;
        }
        return sum;
    }

    /// <summary>ML.NET's view of one candidate row.</summary>
    internal sealed class RankingRow
    {
        public float Label { get; set; }
        public uint GroupId { get; set; }
        public float Weight { get; set; } = 1f;

        [VectorType(CandidateSet.FeatureCount)]
        public float[] Features { get; set; } = [];
    }
}

/// <summary>
/// LightGBM's trees as flat arrays: at each node go left when feature ≤ threshold, a negative child is the
/// leaf ~child; the score is the bias plus the weighted leaf values.
/// </summary>
internal sealed class CompiledTrees
{
    private readonly (int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaf, double Weight)[] _trees;
    private readonly double _bias;

    private CompiledTrees((int[], int[], int[], float[], double[], double)[] trees, double bias)
    {
        _trees = trees;
        _bias = bias;
    }

    public static CompiledTrees? From(LightGbmRankingModelParameters parameters)
    {
        var ensemble = parameters.TrainedTreeEnsemble;
        if (ensemble.Trees.Any(t => t.CategoricalSplitFlags.Any(f => f))) return null;
        var trees = ensemble.Trees.Select((t, n) => (
            t.LeftChild.ToArray(), t.RightChild.ToArray(), t.NumericalSplitFeatureIndexes.ToArray(),
            t.NumericalSplitThresholds.ToArray(), t.LeafValues.ToArray(), ensemble.TreeWeights[n])).ToArray();
        return new CompiledTrees(trees, ensemble.Bias);
    }

    public double[] Score(float[][] features)
    {
        var result = new double[features.Length];
        for (var r = 0; r < features.Length; r++)
        {
            var row = features[r];
            var sum = _bias;
            foreach (var (left, right, feature, threshold, leaf, weight) in _trees)
            {
                if (leaf.Length == 1) { sum += weight * leaf[0]; continue; }
                var node = 0;
                while (node >= 0) node = row[feature[node]] <= threshold[node] ? left[node] : right[node];
                sum += weight * leaf[~node];
            }
            result[r] = sum;
        }
        return result;
    }
}

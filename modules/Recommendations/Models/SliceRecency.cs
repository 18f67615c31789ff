namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// How much a validation slice counts, by how close its cut lies to serving. The ranker learns from slices cut at
/// 30%…90% of the training span, but it serves right after the last cut, and what predicts the next month shifts
/// between periods (docs/recommendations-evaluation.md, recency round): the latest slices resemble serving most.
/// </summary>
public sealed record SliceRecency
{
    /// <summary>Every slice counts the same (the behaviour before the recency round).</summary>
    public static SliceRecency Equal { get; } = new();

    /// <summary>Only the latest this many slices count (0 = all of them).</summary>
    public int LatestSlices { get; init; }

    /// <summary>
    /// A slice's weight halves every this many slices back from the latest one (0 = no decay): with 4, the slice
    /// four cuts before the latest counts half, eight cuts before a quarter.
    /// </summary>
    public double HalfLifeSlices { get; init; }

    /// <summary>True when every slice counts the same.</summary>
    public bool IsEqual => LatestSlices <= 0 && HalfLifeSlices <= 0;

    /// <summary>The weight of the slice <paramref name="slice"/> (0-based cut index) when <paramref name="latest"/> is the latest cut's index.</summary>
    public double Weight(int slice, int latest)
    {
        var age = Math.Max(0, latest - slice);
        if (LatestSlices > 0 && age >= LatestSlices) return 0;
        return HalfLifeSlices > 0 ? Math.Pow(0.5, age / HalfLifeSlices) : 1;
    }

    /// <summary>
    /// One weight per group (by its slice), scaled to average 1 so weighted fits keep their usual magnitudes. When
    /// no group has weight (the latest slices of a small store are empty), every group counts the same instead.
    /// </summary>
    internal double[] WeightsOf(IReadOnlyList<TrainingGroup> groups, int latest)
    {
        var weights = groups.Select(g => IsEqual ? 1.0 : Weight(g.Slice, latest)).ToArray();
        var sum = weights.Sum();
        if (sum <= 0) return [.. groups.Select(_ => 1.0)];
        return [.. weights.Select(w => w * weights.Length / sum)];
    }

    /// <summary>Weighted mean of per-group values (plain mean for equal weights).</summary>
    internal static double Mean(IReadOnlyList<double> values, IReadOnlyList<double> weights)
    {
        double sum = 0, total = 0;
        for (var n = 0; n < values.Count; n++) { sum += weights[n] * values[n]; total += weights[n]; }
        return total > 0 ? sum / total : double.NaN;
    }

    /// <inheritdoc />
    public override string ToString() => IsEqual ? "equal" : $"latest={LatestSlices},half_life={HalfLifeSlices}";
}

/// <summary>One way to combine the blends: LightGBM's weight against the linear blend, then trending's share.</summary>
/// <param name="LightGbmWeight">w in w·LightGBM + (1 − w)·linear (1 = LightGBM alone, 0 = linear alone).</param>
/// <param name="TrendingWeight">t in (1 − t)·that + t·trending (0 = no trending component).</param>
public readonly record struct BlendMix(double LightGbmWeight, double TrendingWeight)
{
    /// <summary>The method this combination is served as.</summary>
    public BlendMethod Method => TrendingWeight > 0 ? BlendMethod.Mixed
        : LightGbmWeight >= 1 ? BlendMethod.LightGbm
        : LightGbmWeight <= 0 ? BlendMethod.Linear
        : BlendMethod.Mixed;
}

/// <summary>
/// Picks the blend combination that scores best on the judging customers, each customer weighted by its slice's
/// recency. Candidates are tried in the given order and a later one must be strictly better, so ties keep the
/// simpler combination listed first.
/// </summary>
internal static class BlendJudge
{
    public static (BlendMix Mix, double Ndcg10) Choose(IReadOnlyList<(BlendMix Mix, double[] Ndcg10)> candidates, IReadOnlyList<double> weights)
    {
        if (candidates.Count == 0) throw new ArgumentException("No blend to choose from.", nameof(candidates));
        var best = (candidates[0].Mix, Ndcg10: SliceRecency.Mean(candidates[0].Ndcg10, weights));
        foreach (var (mix, ndcg) in candidates.Skip(1))
        {
            var measured = SliceRecency.Mean(ndcg, weights);
            if (measured > best.Ndcg10 + 1e-12) best = (mix, measured);
        }
        return best;
    }
}

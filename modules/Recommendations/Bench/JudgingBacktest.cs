using System.Globalization;

namespace RetailCommerce.Modules.Recommendations.Bench;

/// <summary>
/// Replays judging rules inside the training data: for each later validation slice, a rule chooses among the trials
/// (LightGBM, linear, mixes) from the judging customers of the EARLIER slices only, weighted its way as if the slice
/// before were the latest, and is scored by what its choice got on that slice. This asks "does judging on the
/// latest slices pick what wins next?" without the held-out period, and without any extra fit (it reuses the
/// trials' per-slice NDCG; the trial blends themselves were fitted on the fitting half of every slice, a small
/// look-ahead shared by every rule alike).
/// </summary>
public static class JudgingBacktest
{
    public static void Print(BlendDiagnostics d, IReadOnlyList<double> cuts, int firstTarget = 6)
    {
        var counts = cuts.Select(c => d.Slices.FirstOrDefault(s => Math.Abs(s.Cut - c) < 1e-9)?.Customers ?? 0).ToArray();
        if (d.Combinations.Count == 0) return;
        var rules = new (string Name, SliceRecency Rule)[]
        {
            ("equal", SliceRecency.Equal),
            ("latest_2", new SliceRecency { LatestSlices = 2 }),
            ("latest_3", new SliceRecency { LatestSlices = 3 }),
            ("latest_4", new SliceRecency { LatestSlices = 4 }),
            ("latest_6", new SliceRecency { LatestSlices = 6 }),
            ("half_life_1", new SliceRecency { HalfLifeSlices = 1 }),
            ("half_life_2", new SliceRecency { HalfLifeSlices = 2 }),
            ("half_life_4", new SliceRecency { HalfLifeSlices = 4 }),
            ("half_life_8", new SliceRecency { HalfLifeSlices = 8 }),
        };
        foreach (var (name, rule) in rules)
        {
            double sum = 0; var total = 0;
            var picks = new List<string>();
            for (var target = firstTarget; target < cuts.Count; target++)
            {
                if (counts[target] == 0) continue;
                BlendTrial? best = null; var bestValue = double.NegativeInfinity;
                foreach (var trial in d.Combinations)
                {
                    double s = 0, w = 0;
                    for (var slice = 0; slice < target; slice++)
                    {
                        if (counts[slice] == 0 || double.IsNaN(trial.SliceNdcg10[slice])) continue;
                        var weight = rule.Weight(slice, target - 1) * counts[slice];
                        s += weight * trial.SliceNdcg10[slice];
                        w += weight;
                    }
                    var value = w > 0 ? s / w : double.NaN;
                    if (best is null || value > bestValue + 1e-12) { best = trial; bestValue = value; }
                }
                sum += counts[target] * best!.SliceNdcg10[target];
                total += counts[target];
                picks.Add($"{best.Mix.LightGbmWeight.ToString("0.0", CultureInfo.InvariantCulture)}/{best.Mix.TrendingWeight.ToString("0.0", CultureInfo.InvariantCulture)}");
            }
            Console.WriteLine($"ranker.backtest.{name}.ndcg@10={(sum / Math.Max(1, total)).ToString("0.0000", CultureInfo.InvariantCulture)} customers={total} picks={string.Join(" ", picks)}");
        }
        // What always serving one trial would have got on the same target slices (an upper reference per trial).
        foreach (var trial in d.Combinations)
        {
            double sum = 0; var total = 0;
            for (var target = firstTarget; target < cuts.Count; target++)
                if (counts[target] > 0) { sum += counts[target] * trial.SliceNdcg10[target]; total += counts[target]; }
            Console.WriteLine($"ranker.backtest.fixed_{trial.Mix.LightGbmWeight.ToString("0.0", CultureInfo.InvariantCulture)}_{trial.Mix.TrendingWeight.ToString("0.0", CultureInfo.InvariantCulture)}.ndcg@10={(sum / Math.Max(1, total)).ToString("0.0000", CultureInfo.InvariantCulture)}");
        }
    }
}

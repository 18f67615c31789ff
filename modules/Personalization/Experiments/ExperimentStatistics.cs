using MathNet.Numerics.Distributions;

namespace RetailCommerce.Modules.Personalization.Experiments;

/// <summary>What one variant collected: visitors exposed, visitors who bought within the window, their revenue.</summary>
public sealed record VariantTally(string Key, int Visitors, int Conversions, double Revenue);

/// <summary>One variant's line in the results.</summary>
public sealed record VariantResult(string Key, int Visitors, int Conversions, double ConversionRate, double RevenuePerVisitor,
    double? Lift, double? LiftLow, double? LiftHigh, double? Difference, double? DifferenceLow, double? DifferenceHigh, double ProbabilityToBeBest);

/// <summary>The verdict of the stopping rules.</summary>
public enum ExperimentVerdict
{
    /// <summary>Some variant has fewer visitors than the planned sample size: no verdict yet (peeking guard).</summary>
    Collecting,
    /// <summary>A variant beats control significantly and is most likely the best.</summary>
    WinnerFound,
    /// <summary>Control is significantly better than every other variant.</summary>
    ControlWins,
    /// <summary>Planned sample reached without a significant difference: stop, keep control.</summary>
    NoDifference,
}

/// <summary>Results of an experiment with the stopping rules applied.</summary>
public sealed record ExperimentAnalysis(IReadOnlyList<VariantResult> Variants, int RequiredVisitorsPerVariant, ExperimentVerdict Verdict,
    string? Winner, string Summary);

/// <summary>
/// Frequentist and Bayesian analysis of a conversion experiment. Lift is relative to the first (control) variant,
/// with a 95% CI on the log risk ratio (Katz), which keeps its coverage for small conversion rates; the absolute
/// difference has a Wald CI. Probability-to-be-best draws from Beta(1 + conversions, 1 + non-conversions)
/// posteriors with a seeded generator, so the same data always gives the same numbers. The peeking guard: a
/// verdict is only given once every variant reached the sample size planned for the minimum detectable effect
/// (fixed horizon), so looking at the results daily does not inflate false positives.
/// </summary>
public static class ExperimentStatistics
{
    private const double Z95 = 1.959963984540054;

    /// <summary>Analyses tallies; the first is the control.</summary>
    /// <param name="minimumDetectableEffect">Relative lift the test is sized to find (0.1 = +10%).</param>
    /// <param name="seed">Seed of the Monte Carlo draws.</param>
    /// <param name="draws">Monte Carlo draws for probability-to-be-best.</param>
    public static ExperimentAnalysis Analyze(IReadOnlyList<VariantTally> tallies, double minimumDetectableEffect = 0.1, int seed = 17, int draws = 20_000)
    {
        if (tallies.Count == 0) return new ExperimentAnalysis([], 0, ExperimentVerdict.Collecting, null, "No variants.");
        var control = tallies[0];
        var best = ProbabilityToBeBest(tallies, seed, draws);
        // Bonferroni over the comparisons with control keeps the family-wise error at 5% for A/B/n.
        var comparisons = Math.Max(1, tallies.Count - 1);
        var z = comparisons == 1 ? Z95 : Normal.InvCDF(0, 1, 1 - 0.025 / comparisons);
        var results = new List<VariantResult>();
        for (var i = 0; i < tallies.Count; i++)
        {
            var t = tallies[i];
            var rate = t.Visitors == 0 ? 0 : (double)t.Conversions / t.Visitors;
            var rpv = t.Visitors == 0 ? 0 : t.Revenue / t.Visitors;
            if (i == 0) { results.Add(new VariantResult(t.Key, t.Visitors, t.Conversions, rate, rpv, null, null, null, null, null, null, best[i])); continue; }
            var lift = RelativeLift(control.Conversions, control.Visitors, t.Conversions, t.Visitors, z);
            var diff = Difference(control.Conversions, control.Visitors, t.Conversions, t.Visitors, z);
            results.Add(new VariantResult(t.Key, t.Visitors, t.Conversions, rate, rpv, lift?.Estimate, lift?.Low, lift?.High,
                diff?.Estimate, diff?.Low, diff?.High, best[i]));
        }

        var baseline = control.Visitors >= 100 && control.Conversions > 0 ? (double)control.Conversions / control.Visitors : 0.05;
        var required = RequiredSamplePerVariant(baseline, minimumDetectableEffect, comparisons);
        if (tallies.Any(t => t.Visitors < required))
        {
            var least = tallies.Min(t => t.Visitors);
            return new ExperimentAnalysis(results, required, ExperimentVerdict.Collecting, null,
                $"Collecting data: {least:N0} of {required:N0} visitors per variant planned to detect a {minimumDetectableEffect:P0} lift; no verdict before then.");
        }
        var winners = results.Skip(1).Where(r => r.LiftLow > 0).OrderByDescending(r => r.ProbabilityToBeBest).ToList();
        if (winners.Count > 0 && winners[0].ProbabilityToBeBest >= 0.9)
            return new ExperimentAnalysis(results, required, ExperimentVerdict.WinnerFound, winners[0].Key,
                $"{winners[0].Key} wins: lift {winners[0].Lift:P1} (95% CI {winners[0].LiftLow:P1} to {winners[0].LiftHigh:P1}), probability to be best {winners[0].ProbabilityToBeBest:P0}.");
        if (results.Skip(1).All(r => r.LiftHigh < 0))
            return new ExperimentAnalysis(results, required, ExperimentVerdict.ControlWins, control.Key, $"{control.Key} (control) is significantly better than every variant.");
        return new ExperimentAnalysis(results, required, ExperimentVerdict.NoDifference, null,
            "Planned sample reached without a significant difference: stop and keep control (or re-run sized for a smaller effect).");
    }

    /// <summary>Relative lift (variant rate / control rate − 1) with a CI from the log risk ratio (Katz), 0.5 added to empty cells.</summary>
    public static (double Estimate, double Low, double High)? RelativeLift(int controlConversions, int controlVisitors, int conversions, int visitors, double z = Z95)
    {
        if (controlVisitors == 0 || visitors == 0) return null;
        double x0 = controlConversions, n0 = controlVisitors, x1 = conversions, n1 = visitors;
        if (x0 == 0 || x1 == 0) { x0 += 0.5; x1 += 0.5; n0 += 1; n1 += 1; }
        var logRatio = Math.Log(x1 / n1 / (x0 / n0));
        var se = Math.Sqrt(Math.Max(0, 1 / x1 - 1 / n1 + 1 / x0 - 1 / n0));
        return (Math.Exp(logRatio) - 1, Math.Exp(logRatio - z * se) - 1, Math.Exp(logRatio + z * se) - 1);
    }

    /// <summary>Absolute difference of conversion rates with a Wald CI.</summary>
    public static (double Estimate, double Low, double High)? Difference(int controlConversions, int controlVisitors, int conversions, int visitors, double z = Z95)
    {
        if (controlVisitors == 0 || visitors == 0) return null;
        double p0 = (double)controlConversions / controlVisitors, p1 = (double)conversions / visitors;
        var se = Math.Sqrt(p0 * (1 - p0) / controlVisitors + p1 * (1 - p1) / visitors);
        return (p1 - p0, p1 - p0 - z * se, p1 - p0 + z * se);
    }

    /// <summary>Visitors per variant for a two-sided test at 5% (Bonferroni-adjusted) with 80% power.</summary>
    public static int RequiredSamplePerVariant(double baselineRate, double minimumDetectableEffect, int comparisons = 1)
    {
        var p1 = Math.Clamp(baselineRate, 1e-4, 0.99);
        var p2 = Math.Clamp(p1 * (1 + minimumDetectableEffect), 1e-4, 0.999);
        if (Math.Abs(p2 - p1) < 1e-9) return int.MaxValue;
        var zAlpha = Normal.InvCDF(0, 1, 1 - 0.025 / Math.Max(1, comparisons));
        const double zBeta = 0.8416212335729143;
        var pBar = (p1 + p2) / 2;
        var n = Math.Pow(zAlpha * Math.Sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.Sqrt(p1 * (1 - p1) + p2 * (1 - p2)), 2) / Math.Pow(p2 - p1, 2);
        return (int)Math.Min(int.MaxValue, Math.Ceiling(n));
    }

    /// <summary>Share of Monte Carlo draws from the Beta posteriors in which each variant has the highest rate.</summary>
    public static double[] ProbabilityToBeBest(IReadOnlyList<VariantTally> tallies, int seed = 17, int draws = 20_000)
    {
        var random = new Random(seed);
        var wins = new int[tallies.Count];
        var sample = new double[tallies.Count];
        for (var d = 0; d < draws; d++)
        {
            var bestIndex = 0;
            for (var i = 0; i < tallies.Count; i++)
            {
                sample[i] = Beta.Sample(random, 1 + tallies[i].Conversions, 1 + Math.Max(0, tallies[i].Visitors - tallies[i].Conversions));
                if (sample[i] > sample[bestIndex]) bestIndex = i;
            }
            wins[bestIndex]++;
        }
        return wins.Select(w => (double)w / draws).ToArray();
    }
}

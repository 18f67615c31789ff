using MathNet.Numerics.Distributions;
using RetailCommerce.Modules.Personalization.Experiments;

namespace RetailCommerce.Modules.Personalization.Tests;

public sealed class StatisticsTests
{
    [Fact]
    public void Ab_analysis_95_percent_ci_covers_the_true_lift_in_at_least_93_percent_of_1000_simulated_experiments()
    {
        var random = new Random(2024);
        const double p0 = 0.05, p1 = 0.06;
        const int n = 5000;
        var covered = 0;
        for (var i = 0; i < 1000; i++)
        {
            var lift = ExperimentStatistics.RelativeLift(Binomial.Sample(random, p0, n), n, Binomial.Sample(random, p1, n), n)!.Value;
            if (lift.Low <= p1 / p0 - 1 && p1 / p0 - 1 <= lift.High) covered++;
        }
        Assert.InRange(covered / 1000.0, 0.93, 0.975);
    }

    [Fact]
    public void Thompson_sampling_regret_over_100000_visitors_is_at_least_half_below_a_fixed_50_50_split()
    {
        double[] rates = [0.05, 0.06];
        var thompson = BanditSimulator.CumulativeRegret(rates, 100_000, SimulatedPolicy.Thompson, seed: 7);
        var split = BanditSimulator.CumulativeRegret(rates, 100_000, SimulatedPolicy.FixedSplit, seed: 7);
        Assert.Equal(500, split, 1);
        Assert.True(thompson <= 0.5 * split, $"thompson {thompson:0.0} vs split {split:0.0}");
    }

    [Fact]
    public void Sticky_hash_is_deterministic_and_splits_evenly()
    {
        Assert.Equal(StickyHash.Unit("s", "e", "v-1"), StickyHash.Unit("s", "e", "v-1"));
        var inB = Enumerable.Range(0, 20_000).Count(i => StickyHash.Pick([1, 1], StickyHash.Unit("s", "e", $"v-{i}")) == 1);
        Assert.InRange(inB, 9_700, 10_300);
        // Another experiment reshuffles: assignments are independent across experiments.
        var same = Enumerable.Range(0, 20_000).Count(i =>
            StickyHash.Pick([1, 1], StickyHash.Unit("s", "e", $"v-{i}")) == StickyHash.Pick([1, 1], StickyHash.Unit("s", "f", $"v-{i}")));
        Assert.InRange(same, 9_700, 10_300);
    }

    [Fact]
    public void Peeking_guard_gives_no_verdict_before_the_planned_sample_and_declares_a_clear_winner_after_it()
    {
        var early = ExperimentStatistics.Analyze([new("a", 300, 15, 0), new("b", 300, 40, 0)]);
        Assert.Equal(ExperimentVerdict.Collecting, early.Verdict);
        Assert.True(early.Variants[1].Lift > 1);
        var late = ExperimentStatistics.Analyze([new("a", 40_000, 2000, 0), new("b", 40_000, 2400, 0)]);
        Assert.Equal(ExperimentVerdict.WinnerFound, late.Verdict);
        Assert.Equal("b", late.Winner);
        Assert.True(late.Variants[1].ProbabilityToBeBest > 0.99);
        var flat = ExperimentStatistics.Analyze([new("a", 40_000, 2000, 0), new("b", 40_000, 2003, 0)]);
        Assert.Equal(ExperimentVerdict.NoDifference, flat.Verdict);
    }

    [Fact]
    public void Probability_to_be_best_is_seeded_and_sums_to_one()
    {
        VariantTally[] tallies = [new("a", 1000, 50, 0), new("b", 1000, 60, 0), new("c", 1000, 55, 0)];
        var first = ExperimentStatistics.ProbabilityToBeBest(tallies, seed: 3);
        Assert.Equal(first, ExperimentStatistics.ProbabilityToBeBest(tallies, seed: 3));
        Assert.Equal(1, first.Sum(), 6);
        Assert.True(first[1] > first[2] && first[2] > first[0]);
    }

    [Fact]
    public void Required_sample_matches_the_textbook_figure()
    {
        // 5% baseline, +10% relative lift, 5% two-sided, 80% power: about 31,000 per arm.
        Assert.InRange(ExperimentStatistics.RequiredSamplePerVariant(0.05, 0.1), 30_000, 32_500);
    }
}

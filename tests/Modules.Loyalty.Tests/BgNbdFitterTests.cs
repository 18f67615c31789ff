using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Modules.Loyalty.Tests.Support;

namespace RetailCommerce.Modules.Loyalty.Tests;

public sealed class BgNbdFitterTests
{
    private static readonly BgNbdModel Truth = new(0.243, 4.414, 0.793, 2.426);

    private static IReadOnlyList<CustomerRepeatSummary> Cohort(int customers, int seed) =>
        // Ages as in CDNOW: first purchases over 12 weeks, observed 27 to 39 weeks, in continuous time.
        BgNbdSimulator.SimulateSummaries(Truth, Enumerable.Range(0, customers).Select(i => 39.0 - 12.0 * i / customers).ToList(), seed);

    [Fact]
    public void Fit_recovers_the_parameters_that_generated_the_data()
    {
        var fit = new BgNbdFitter().Fit(Cohort(100_000, seed: 7));

        Assert.True(fit.Quality.Converged);
        Assert.Equal(100_000, fit.Quality.CustomerCount);
        // At 100,000 customers the standard errors are about 2-3%; 8% leaves room for noise but not for a wrong likelihood.
        Within.Relative(Truth.R, fit.Model.R, 0.08, "r");
        Within.Relative(Truth.Alpha, fit.Model.Alpha, 0.08, "alpha");
        Within.Relative(Truth.A, fit.Model.A, 0.08, "a");
        Within.Relative(Truth.B, fit.Model.B, 0.08, "b");
    }

    [Fact]
    public void Reported_log_likelihood_is_the_models_likelihood_and_no_nearby_point_beats_it()
    {
        var data = Cohort(5_000, seed: 11);
        var fit = new BgNbdFitter().Fit(data);
        var m = fit.Model;

        Within.Absolute(m.LogLikelihood(data), fit.Quality.LogLikelihood, 1e-6, "log-likelihood");
        foreach (var nudged in new[]
                 {
                     new BgNbdModel(m.R * 1.01, m.Alpha, m.A, m.B), new BgNbdModel(m.R, m.Alpha * 0.99, m.A, m.B),
                     new BgNbdModel(m.R, m.Alpha, m.A * 1.01, m.B), new BgNbdModel(m.R, m.Alpha, m.A, m.B * 0.99),
                 })
            Assert.True(nudged.LogLikelihood(data) < fit.Quality.LogLikelihood, $"{nudged} beats the fitted {m}");
    }

    [Fact]
    public void Grouping_identical_customers_changes_speed_not_the_answer()
    {
        // Whole weeks make many identical (x, t_x, T) triples.
        var data = Cohort(3_000, seed: 3)
            .Select(c => c with { Recency = Math.Floor(c.Recency), Age = Math.Floor(c.Age) })
            .ToList();
        var grouped = new BgNbdLikelihood(data, groupIdentical: true);
        var ungrouped = new BgNbdLikelihood(data, groupIdentical: false);
        double[] point = [0.3, 5.0, 0.7, 2.0];

        Assert.True(grouped.GroupCount < data.Count / 3, $"expected heavy grouping, got {grouped.GroupCount} groups");
        Assert.Equal(data.Count, ungrouped.GroupCount);
        double direct = new BgNbdModel(0.3, 5.0, 0.7, 2.0).LogLikelihood(data);
        Within.Absolute(direct, grouped.Evaluate(point, new double[4]), 1e-7, "grouped log-likelihood");
        Within.Absolute(direct, ungrouped.Evaluate(point, new double[4]), 1e-7, "ungrouped log-likelihood");
    }

    [Fact]
    public void Analytic_gradient_matches_finite_differences()
    {
        var likelihood = new BgNbdLikelihood(Cohort(2_000, seed: 5), groupIdentical: true);
        double[] point = [0.4, 3.0, 1.3, 1.8];
        var gradient = new double[4];
        likelihood.Evaluate(point, gradient);

        for (int i = 0; i < 4; i++)
        {
            double h = 1e-6 * point[i];
            var up = (double[])point.Clone();
            var down = (double[])point.Clone();
            up[i] += h;
            down[i] -= h;
            double numeric = (likelihood.Evaluate(up, Span<double>.Empty) - likelihood.Evaluate(down, Span<double>.Empty)) / (2 * h);
            Within.Relative(numeric, gradient[i], 1e-5, $"d LL / d parameter {i}");
        }
    }

    [Fact]
    public void Rejects_data_that_cannot_come_from_a_purchase_history()
    {
        var fitter = new BgNbdFitter();
        Assert.Throws<ArgumentException>(() => fitter.Fit([]));
        Assert.Throws<ArgumentException>(() => fitter.Fit([new CustomerRepeatSummary("late", 2, 40, 39)]));
        Assert.Throws<ArgumentException>(() => fitter.Fit([new CustomerRepeatSummary("ghost", 0, 3, 39)]));
        Assert.Throws<ArgumentException>(() => fitter.Fit([new CustomerRepeatSummary("minus", -1, 0, 39)]));
    }
}

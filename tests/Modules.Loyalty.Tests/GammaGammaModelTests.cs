using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Modules.Loyalty.Tests.Support;

namespace RetailCommerce.Modules.Loyalty.Tests;

public sealed class GammaGammaModelTests
{
    private static readonly GammaGammaModel Paper = new(6.25, 3.74, 15.44);

    [Theory]
    [InlineData(1, 11.77)]
    [InlineData(2, 22.35)]
    [InlineData(9, 41.0)]
    public void Log_likelihood_equals_the_mean_spend_density_integrated_over_the_spend_rate(int x, double meanSpend)
    {
        // Independent route: the mean of x spends ~ Gamma(p, ν) is Gamma(px, xν); integrate over ν ~ Gamma(q, v).
        double density = Integrate.DoubleExponential(u =>
        {
            if (u <= 0 || u >= 1)
                return 0;
            double nu = u / (1 - u);
            // In log-space: far out in the tails each density alone under- or overflows.
            double value = Math.Exp(Gamma.PDFLn(Paper.P * x, nu * x, meanSpend) + Gamma.PDFLn(Paper.Q, Paper.V, nu)) / ((1 - u) * (1 - u));
            return double.IsFinite(value) ? value : 0;
        }, 0, 1, 1e-14);

        Within.Absolute(Math.Log(density), Paper.LogLikelihood(x, meanSpend), 1e-8, "Gamma-Gamma log-likelihood");
    }

    [Fact]
    public void Expected_spend_shrinks_a_customers_mean_towards_the_population_mean()
    {
        double population = 6.25 * 15.44 / 2.74;
        Within.Relative(population, Paper.PopulationMeanSpend, 1e-12, "population mean");
        Within.Relative(population, Paper.ConditionalExpectedSpend(0, 0), 1e-12, "x = 0");

        // A big spender is pulled down, a small one up, and more purchases mean less pull.
        double previousGap = double.PositiveInfinity;
        foreach (int x in new[] { 1, 2, 5, 20, 200 })
        {
            double e = Paper.ConditionalExpectedSpend(x, 100);
            Assert.InRange(e, population, 100);
            Assert.True(100 - e < previousGap, $"x={x}: expected spend {e} should move towards the own mean");
            previousGap = 100 - e;
            Assert.InRange(Paper.ConditionalExpectedSpend(x, 10), 10, population);
        }

        // Hand calculation: p(v + x·m)/(px + q − 1) for x = 2, m = 22.35.
        Within.Relative(6.25 * (15.44 + 2 * 22.35) / (6.25 * 2 + 3.74 - 1), Paper.ConditionalExpectedSpend(2, 22.35), 1e-12, "x = 2");
    }

    [Fact]
    public void Expected_spend_is_undefined_without_a_population_mean()
    {
        Assert.Throws<InvalidOperationException>(() => new GammaGammaModel(2, 0.9, 10).ConditionalExpectedSpend(3, 20));
        Assert.Equal(double.PositiveInfinity, new GammaGammaModel(2, 1, 10).PopulationMeanSpend);
    }

    [Fact]
    public void Fit_recovers_simulated_spend_parameters_and_ignores_customers_without_repeats()
    {
        var truth = new GammaGammaModel(4, 5, 60);
        var random = new Random(17);
        var customers = new List<CustomerRepeatSummary>();
        for (int i = 0; i < 20_000; i++)
        {
            int x = 1 + random.Next(6);
            double nu = Gamma.Sample(random, truth.Q, truth.V);
            double mean = Enumerable.Range(0, x).Average(_ => Gamma.Sample(random, truth.P, nu));
            customers.Add(new CustomerRepeatSummary($"c{i}", x, 10, 20, mean));
            customers.Add(new CustomerRepeatSummary($"n{i}", 0, 0, 20));
        }

        var fit = new GammaGammaFitter().Fit(customers);

        Assert.Equal(20_000, fit.Quality.CustomerCount);
        Assert.True(fit.Quality.Converged);
        Within.Relative(truth.P, fit.Model.P, 0.08, "p");
        Within.Relative(truth.Q, fit.Model.Q, 0.08, "q");
        Within.Relative(truth.V, fit.Model.V, 0.08, "v");
    }

    [Fact]
    public void Fit_needs_at_least_one_repeat_customer()
    {
        Assert.Throws<ArgumentException>(() => new GammaGammaFitter().Fit([new CustomerRepeatSummary("a", 0, 0, 10)]));
    }
}

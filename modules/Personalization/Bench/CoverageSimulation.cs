using MathNet.Numerics.Distributions;
using RetailCommerce.Modules.Personalization.Experiments;

namespace RetailCommerce.Modules.Personalization.Bench;

/// <summary>Simulated A/B tests with known rates: how often the analysis' 95% CIs contain the true lift.</summary>
public static class CoverageSimulation
{
    public static (double Relative, double Difference) Run(double p0, double p1, int n, int experiments, int seed)
    {
        var random = new Random(seed);
        int relative = 0, difference = 0;
        for (var i = 0; i < experiments; i++)
        {
            var x0 = Binomial.Sample(random, p0, n);
            var x1 = Binomial.Sample(random, p1, n);
            var lift = ExperimentStatistics.RelativeLift(x0, n, x1, n)!.Value;
            var diff = ExperimentStatistics.Difference(x0, n, x1, n)!.Value;
            if (lift.Low <= p1 / p0 - 1 && p1 / p0 - 1 <= lift.High) relative++;
            if (diff.Low <= p1 - p0 && p1 - p0 <= diff.High) difference++;
        }
        return ((double)relative / experiments, (double)difference / experiments);
    }
}

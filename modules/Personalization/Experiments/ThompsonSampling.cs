using MathNet.Numerics.Distributions;

namespace RetailCommerce.Modules.Personalization.Experiments;

/// <summary>Successes and trials of one arm.</summary>
public record struct ArmCounts(double Successes, double Trials);

/// <summary>
/// Thompson sampling for Bernoulli rewards: draw each arm's rate from its Beta(1 + successes, 1 + failures)
/// posterior and play the arm with the highest draw. Traffic shifts to the winner as evidence accumulates,
/// while an arm that is still plausibly best keeps getting some.
/// </summary>
public static class ThompsonSampling
{
    /// <summary>The arm to play.</summary>
    public static int Choose(ReadOnlySpan<ArmCounts> arms, Random random)
    {
        var best = 0;
        var bestDraw = double.MinValue;
        for (var i = 0; i < arms.Length; i++)
        {
            var draw = Beta.Sample(random, 1 + arms[i].Successes, 1 + Math.Max(0, arms[i].Trials - arms[i].Successes));
            if (draw > bestDraw) { bestDraw = draw; best = i; }
        }
        return best;
    }
}

/// <summary>How the simulator assigns visitors.</summary>
public enum SimulatedPolicy
{
    /// <summary>Fixed equal split (a classic A/B test).</summary>
    FixedSplit,
    /// <summary>Thompson sampling, updated after every visitor.</summary>
    Thompson,
}

/// <summary>
/// A simulator with known conversion rates, for checking the bandit: each visitor is assigned, converts with
/// the arm's true rate, and the expected regret (best rate − played rate) is summed.
/// </summary>
public static class BanditSimulator
{
    /// <summary>Cumulative expected regret over <paramref name="visitors"/> visitors.</summary>
    public static double CumulativeRegret(IReadOnlyList<double> trueRates, int visitors, SimulatedPolicy policy, int seed)
    {
        var random = new Random(seed);
        var arms = new ArmCounts[trueRates.Count];
        var best = trueRates.Max();
        double regret = 0;
        for (var v = 0; v < visitors; v++)
        {
            var arm = policy == SimulatedPolicy.FixedSplit ? v % trueRates.Count : ThompsonSampling.Choose(arms, random);
            var converted = random.NextDouble() < trueRates[arm];
            arms[arm] = new ArmCounts(arms[arm].Successes + (converted ? 1 : 0), arms[arm].Trials + 1);
            regret += best - trueRates[arm];
        }
        return regret;
    }
}

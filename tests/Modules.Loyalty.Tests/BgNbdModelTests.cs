using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Modules.Loyalty.Tests.Support;

namespace RetailCommerce.Modules.Loyalty.Tests;

public sealed class BgNbdModelTests
{
    // The paper's CDNOW estimates.
    private static readonly BgNbdModel Paper = new(0.243, 4.414, 0.793, 2.426);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(38.86)]
    [InlineData(500.0)]
    public void A_customer_without_repeat_purchases_is_alive_for_sure(double T)
    {
        Assert.Equal(1.0, Paper.ProbabilityAlive(0, 0, T));
    }

    [Fact]
    public void Probability_alive_falls_with_silence_and_rises_with_a_recent_purchase()
    {
        double previous = 1.0;
        foreach (double T in new[] { 20.0, 25, 30, 40, 60, 100 })
        {
            double p = Paper.ProbabilityAlive(3, 20, T);
            Assert.InRange(p, 0.0, 1.0);
            Assert.True(p < previous, $"P(alive) should fall as T grows past the last purchase (T={T}: {p} vs {previous})");
            previous = p;
        }

        Assert.True(Paper.ProbabilityAlive(3, 35, 40) > Paper.ProbabilityAlive(3, 10, 40));
        // A purchase on the last day means no evidence of drop-out: odds a/(b+x−1) against 1.
        Within.Relative(1 / (1 + 0.793 / (2.426 + 2)), Paper.ProbabilityAlive(3, 40, 40), 1e-12, "P(alive) at t_x = T");
    }

    [Fact]
    public void Conditional_expectation_matches_Hardies_spreadsheet()
    {
        // From the lifetimes tests: x = 2, t_x = 30.43, T = 38.86, next 39 weeks → 1.226.
        Within.Absolute(1.226, Paper.ExpectedPurchases(39, 2, 30.43, 38.86), 0.001, "E[Y(39) | 2, 30.43, 38.86]");
    }

    [Theory]
    [InlineData(0, 0.0, 38.86)]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(7, 12.0, 38.86)]
    [InlineData(1, 0.5, 30.0)]
    public void Log_likelihood_equals_the_individual_model_integrated_over_the_mixing_distributions(int x, double tx, double T)
    {
        // Independent route: L = E_p[(1−p)^x]·E_λ[λ^x e^(−λT)] + [x>0]·E_p[p(1−p)^(x−1)]·E_λ[λ^x e^(−λ t_x)],
        // with each expectation computed by quadrature over the Gamma and Beta densities.
        double survive = ExpectOverP(p => Math.Pow(1 - p, x));
        double likelihood = survive * ExpectOverLambda(l => Math.Pow(l, x) * Math.Exp(-l * T));
        if (x > 0)
            likelihood += ExpectOverP(p => p * Math.Pow(1 - p, x - 1)) * ExpectOverLambda(l => Math.Pow(l, x) * Math.Exp(-l * tx));

        Within.Absolute(Math.Log(likelihood), Paper.LogLikelihood(x, tx, T), 1e-8, "log-likelihood");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(39.0)]
    [InlineData(78.0)]
    [InlineData(520.0)]
    public void Unconditional_expectation_equals_the_individual_expectation_integrated_over_p(double t)
    {
        // E[X(t) | λ, p] = (1 − e^(−λpt))/p; over λ ~ Gamma(r, α) that is (1 − (α/(α+pt))^r)/p, then quadrature over p.
        double expected = ExpectOverP(p =>
        {
            double z = p * t / Paper.Alpha;
            double oneMinusPow = z < 1e-6 ? Paper.R * z * (1 - (Paper.R + 1) * z / 2) : 1 - Math.Pow(1 + z, -Paper.R);
            return oneMinusPow / p;
        });

        Within.Relative(expected, Paper.ExpectedPurchasesUnconditional(t), 1e-7, $"E[X({t})]");
    }

    [Fact]
    public void A_new_customer_has_the_unconditional_expectation()
    {
        foreach (double t in new[] { 0.5, 10, 39, 200 })
            Within.Relative(Paper.ExpectedPurchasesUnconditional(t), Paper.ExpectedPurchases(t, 0, 0, 0), 1e-12, $"t={t}");
    }

    [Fact]
    public void Expected_purchases_start_at_zero_and_grow_with_the_horizon()
    {
        Assert.Equal(0.0, Paper.ExpectedPurchases(0, 4, 20, 38));
        double previous = 0;
        foreach (double t in new[] { 1.0, 5, 13, 26, 52, 104, 260 })
        {
            double e = Paper.ExpectedPurchases(t, 4, 20, 38);
            Assert.True(e > previous, $"E[Y({t})] = {e} should exceed {previous}");
            previous = e;
        }

        // More past purchases (same recency and age) means a higher forecast.
        Assert.True(Paper.ExpectedPurchases(39, 6, 35, 38) > Paper.ExpectedPurchases(39, 2, 35, 38));
    }

    [Theory]
    [InlineData(0, 0.0, 38.0)]
    [InlineData(4, 20.0, 38.0)]
    public void Short_horizon_forecast_is_the_current_rate_of_an_active_customer(int x, double tx, double T)
    {
        // For t → 0, E[Y(t)] ≈ P(alive)·E[λ | alive, x, T]·t with E[λ | ...] = (r+x)/(α+T): checks the cancellation-free path.
        const double t = 1e-7;
        double rate = Paper.ProbabilityAlive(x, tx, T) * (Paper.R + x) / (Paper.Alpha + T);
        Within.Relative(rate * t, Paper.ExpectedPurchases(t, x, tx, T), 1e-5, "short-horizon forecast");
    }

    [Fact]
    public void Forecast_is_continuous_through_a_equals_one()
    {
        var below = new BgNbdModel(0.3, 5, 1 - 1e-3, 2.5);
        var at = new BgNbdModel(0.3, 5, 1, 2.5);
        var above = new BgNbdModel(0.3, 5, 1 + 1e-3, 2.5);

        double e = at.ExpectedPurchases(39, 2, 30, 38);
        Assert.True(double.IsFinite(e) && e > 0);
        Assert.InRange(e, Math.Min(below.ExpectedPurchases(39, 2, 30, 38), above.ExpectedPurchases(39, 2, 30, 38)),
            Math.Max(below.ExpectedPurchases(39, 2, 30, 38), above.ExpectedPurchases(39, 2, 30, 38)));
        Within.Relative(0.5 * (below.ExpectedPurchasesUnconditional(39) + above.ExpectedPurchasesUnconditional(39)),
            at.ExpectedPurchasesUnconditional(39), 1e-5, "unconditional at a = 1");
    }

    [Theory]
    [InlineData(0.0, 1.0, 1.0, 1.0)]
    [InlineData(1.0, -1.0, 1.0, 1.0)]
    [InlineData(1.0, 1.0, double.NaN, 1.0)]
    [InlineData(1.0, 1.0, 1.0, double.PositiveInfinity)]
    public void Parameters_must_be_positive_and_finite(double r, double alpha, double a, double b)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BgNbdModel(r, alpha, a, b));
    }

    private static double ExpectOverP(Func<double, double> f)
    {
        // With p = s^(1/a) the Beta density's p^(a−1) singularity at 0 cancels against dp:
        // E[f(p)] = 1/(a·B(a, b)) ∫₀¹ f(s^(1/a)) (1 − s^(1/a))^(b−1) ds, a smooth integrand for tanh-sinh quadrature.
        double a = Paper.A, b = Paper.B;
        double scale = 1 / (a * SpecialFunctions.Beta(a, b));
        return scale * Integrate.DoubleExponential(s =>
        {
            double p = Math.Pow(s, 1 / a);
            return p >= 1 ? 0 : f(p) * Math.Pow(1 - p, b - 1);
        }, 0, 1, 1e-15);
    }

    private static double ExpectOverLambda(Func<double, double> f)
    {
        // With λ = w^(1/r) the Gamma density's λ^(r−1) singularity cancels the same way:
        // E[f(λ)] = α^r/Γ(r+1) ∫₀^∞ f(w^(1/r)) e^(−α w^(1/r)) dw; then w = u/(1−u) maps (0, ∞) onto (0, 1).
        double r = Paper.R, alpha = Paper.Alpha;
        double scale = Math.Pow(alpha, r) / SpecialFunctions.Gamma(r + 1);
        return scale * Integrate.DoubleExponential(u =>
        {
            if (u <= 0 || u >= 1)
                return 0;
            double lambda = Math.Pow(u / (1 - u), 1 / r);
            double value = f(lambda) * Math.Exp(-alpha * lambda) / ((1 - u) * (1 - u));
            return double.IsFinite(value) ? value : 0;
        }, 0, 1, 1e-15);
    }
}

using RetailCommerce.Modules.Pricing.Elasticity;
using RetailCommerce.Modules.Pricing.Forecasting;

namespace RetailCommerce.Modules.Pricing.Tests;

public sealed class ElasticityTests
{
    private static DemandSeries Simulate(string id, double elasticity, int days, int seed, double spread = 0.15)
    {
        var r = new Random(seed);
        var units = new float[days];
        var prices = new float[days];
        var price = 10.0;
        for (var d = 0; d < days; d++)
        {
            if (d % 7 == 0) price = 10 * (1 + spread * (2 * r.NextDouble() - 1));
            var season = (1 + 0.3 * Math.Sin(2 * Math.PI * d / 365.25)) * (d % 7 >= 5 ? 1.3 : 1);
            var mean = 30 * Math.Pow(price / 10, elasticity) * season;
            units[d] = (float)Math.Max(0, Math.Round(mean + Math.Sqrt(mean) * Gaussian(r)));
            prices[d] = (float)price;
        }
        return new DemandSeries(id, "cat", new DateOnly(2023, 1, 1), units, price: prices);
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void Recovers_a_known_elasticity_inside_its_interval()
    {
        var estimates = ElasticityEstimator.ForCategory([Simulate("a", -2.0, 365, 1), Simulate("b", -1.6, 365, 2), Simulate("c", -2.4, 365, 3)]);
        var a = estimates.Single(e => e.ProductId == "a");
        Assert.InRange(-2.0, a.Low, a.High);
        Assert.InRange(a.Elasticity, -2.4, -1.6);
        Assert.True(a.High - a.Low < 1.0, $"interval [{a.Low:0.00}, {a.High:0.00}] is too wide");
    }

    [Fact]
    public void A_thinly_sold_product_is_pulled_towards_its_category()
    {
        var rich = Enumerable.Range(0, 4).Select(i => Simulate($"p{i}", -2.0, 365, 10 + i)).ToList();
        var thin = Simulate("thin", -2.0, 35, 99, spread: 0.04);
        var estimates = ElasticityEstimator.ForCategory([.. rich, thin]);
        var t = estimates.Single(e => e.ProductId == "thin");
        var full = estimates.Single(e => e.ProductId == "p0");
        Assert.True(t.CategoryWeight > full.CategoryWeight, $"thin {t.CategoryWeight:0.00} vs full {full.CategoryWeight:0.00}");
        Assert.True(t.CategoryWeight > 0.5);
        // The posterior lies between the product's own noisy estimate and the category, nearer the category, and
        // its interval still covers the true −2.
        var own = t.OwnEstimate!.Value;
        Assert.True(Math.Abs(t.Elasticity - (-2.0)) < Math.Abs(own - (-2.0)), $"posterior {t.Elasticity:0.00}, own {own:0.00}");
        Assert.InRange(-2.0, t.Low, t.High);
    }

    [Fact]
    public void Without_price_variation_the_category_prior_is_used()
    {
        var flat = new DemandSeries("flat", "cat", new DateOnly(2023, 1, 1), Enumerable.Repeat(5f, 200).ToArray(), price: Enumerable.Repeat(9.99f, 200).ToArray());
        var e = ElasticityEstimator.ForCategory([flat]).Single();
        Assert.Null(e.OwnEstimate);
        Assert.Equal(1, e.CategoryWeight);
        Assert.Equal(ElasticityEstimator.DefaultPrior, e.Elasticity);
    }
}

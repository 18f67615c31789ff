using RetailCommerce.Modules.Pricing.Guardrails;
using RetailCommerce.Modules.Pricing.Optimization;

namespace RetailCommerce.Modules.Pricing.Tests;

/// <summary>Property-style: across thousands of random guardrail sets and situations, no price the optimizer returns breaks a guardrail.</summary>
public sealed class GuardrailPropertyTests
{
    private static decimal Money(Random r, double min, double max) => Math.Round((decimal)(min + r.NextDouble() * (max - min)), 2);
    private static T? Maybe<T>(Random r, Func<T> value, double p = 0.5) where T : struct => r.NextDouble() < p ? value() : null;

    internal static (EffectiveGuardrails G, PriceSituation S) RandomCase(Random r)
    {
        var current = Money(r, 1, 500);
        var now = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero).AddHours(r.Next(0, 1000));
        decimal? floor = Maybe(r, () => Math.Round(current * (decimal)(0.5 + r.NextDouble() * 0.6), 2));
        decimal? ceiling = Maybe(r, () => Math.Round(current * (decimal)(0.9 + r.NextDouble() * 0.8), 2));
        var g = new EffectiveGuardrails
        {
            Floor = floor,
            Ceiling = ceiling,
            Cost = Maybe(r, () => Math.Round(current * (decimal)(0.2 + r.NextDouble() * 0.9), 2)),
            MinMarginPercent = r.Next(0, 4) == 0 ? 0 : Money(r, 0, 40),
            MaxStepChangePercent = Money(r, 0, 30),
            MaxDailyChangePercent = Money(r, 0, 40),
            MinHoursBetweenChanges = r.Next(0, 72),
            Essential = r.NextDouble() < 0.3,
            SpikeMaxIncreasePercent = Money(r, 0, 10),
            PriceEnding = r.Next(0, 3) switch { 0 => null, 1 => 0.99m, _ => Money(r, 0, 0.99) },
            Competitor = (CompetitorPolicy)r.Next(0, 3),
            CompetitorWithinPercent = Money(r, 0, 20),
        };
        var s = new PriceSituation
        {
            CurrentPrice = current,
            ReferencePrice = Math.Round(current * (decimal)(0.8 + r.NextDouble() * 0.4), 2),
            DayOpeningPrice = r.NextDouble() < 0.5 ? current : Math.Round(current * (decimal)(0.85 + r.NextDouble() * 0.3), 2),
            LastChangeAt = r.NextDouble() < 0.3 ? null : now.AddHours(-r.Next(0, 200)),
            Now = now,
            DemandSpike = r.NextDouble() < 0.4,
            CompetitorPrice = r.NextDouble() < 0.6 ? Math.Round(current * (decimal)(0.7 + r.NextDouble() * 0.6), 2) : null,
        };
        return (g, s);
    }

    [Fact]
    public void No_optimized_price_breaks_a_guardrail_across_thousands_of_random_sets()
    {
        var r = new Random(20261124);
        var changed = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var (g, s) = RandomCase(r);
            var curve = new DemandCurve(1 + r.NextDouble() * 50, (double)s.CurrentPrice, -0.3 - r.NextDouble() * 4);
            var objective = r.Next(2) == 0 ? PricingObjective.Margin : PricingObjective.Revenue;
            var decision = PriceOptimizer.Decide(objective, curve, g, s);
            if (decision.Price is not { } price) continue;
            changed++;
            var broken = PriceGuard.Violations(price, g, s);
            Assert.True(broken.Count == 0, $"case {i}: price {price} breaks {string.Join(", ", broken)}; guardrails {g}; situation {s}");
        }
        // The property must not hold vacuously: plenty of cases do move the price.
        Assert.True(changed > 1_000, $"only {changed} of 5000 cases changed the price");
    }

    [Fact]
    public void Guarding_any_candidate_price_never_breaks_a_guardrail()
    {
        var r = new Random(7);
        var changed = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var (g, s) = RandomCase(r);
            var candidate = Money(r, 0.01, 1_000);
            var guarded = PriceGuard.Apply(candidate, g, s);
            if (guarded.Price is not { } price) continue;
            changed++;
            Assert.Empty(PriceGuard.Violations(price, g, s));
        }
        Assert.True(changed > 1_000);
    }

    [Fact]
    public void Too_recent_a_change_leaves_the_price_alone()
    {
        var now = DateTimeOffset.Parse("2024-06-01T12:00:00Z");
        var s = new PriceSituation { CurrentPrice = 10, ReferencePrice = 10, DayOpeningPrice = 10, LastChangeAt = now.AddHours(-3), Now = now };
        var result = PriceGuard.Apply(8, EffectiveGuardrails.Defaults, s);
        Assert.Null(result.Price);
        Assert.Contains("24 h", result.Reason);
    }

    [Fact]
    public void Essentials_are_not_raised_above_the_reference_while_demand_spikes()
    {
        var now = DateTimeOffset.Parse("2024-06-01T12:00:00Z");
        var g = EffectiveGuardrails.Defaults with { Essential = true, SpikeMaxIncreasePercent = 0, MaxStepChangePercent = 50, MaxDailyChangePercent = 50 };
        var spiking = new PriceSituation { CurrentPrice = 10, ReferencePrice = 10, DayOpeningPrice = 10, Now = now, DemandSpike = true };
        // Demand that barely reacts to price would call for a big increase; the cap forbids any.
        var decision = PriceOptimizer.Decide(PricingObjective.Revenue, new DemandCurve(100, 10, -0.3), g, spiking);
        Assert.Null(decision.Price);
        var calm = PriceOptimizer.Decide(PricingObjective.Revenue, new DemandCurve(100, 10, -0.3), g, spiking with { DemandSpike = false });
        // Without the spike it rises: half-way (the optimizer's step fraction) towards the 15.00 the step cap allows.
        Assert.Equal(12.5m, calm.Price);
    }

    [Fact]
    public void Price_endings_and_competitor_match_are_applied()
    {
        var now = DateTimeOffset.Parse("2024-06-01T12:00:00Z");
        var s = new PriceSituation { CurrentPrice = 20, ReferencePrice = 20, DayOpeningPrice = 20, Now = now, CompetitorPrice = 18.40m };
        var g = EffectiveGuardrails.Defaults with { PriceEnding = 0.99m, Competitor = CompetitorPolicy.Match, MaxStepChangePercent = 20 };
        var result = PriceGuard.Apply(25, g, s);
        Assert.Equal(17.99m, result.Price); // matched 18.40; of the .99 endings around it, 17.99 is the nearer
    }
}

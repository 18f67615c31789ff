using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.Guardrails;
using RetailCommerce.Modules.Pricing.Inventory;
using RetailCommerce.Modules.Pricing.Markdown;

namespace RetailCommerce.Modules.Pricing.Tests;

/// <summary>
/// Markdown planning against a simulated constant-elasticity demand with weekly seasonality: the plan reaches the
/// target when it can, never breaks a guardrail (seeded random guardrail sets), and says so honestly when the
/// target is out of reach. The tests simulate sales themselves (not with the planner's own simulation).
/// </summary>
public sealed class MarkdownPlannerTests
{
    private static readonly DateTimeOffset Now = new(2017, 7, 4, 18, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2017, 7, 4);

    /// <summary>True demand: base units at p₀ with a weekly pattern, times (p/p₀)^ε; sales capped by stock.</summary>
    private static double TrueSellThrough(int stock, decimal p0, double elasticity, IReadOnlyList<double> baseUnits, IReadOnlyList<MarkdownStep> steps)
    {
        double left = stock;
        for (var i = 0; i < baseUnits.Count; i++)
        {
            var day = Today.AddDays(i + 1);
            var price = steps.LastOrDefault(s => s.Date <= day)?.Price ?? p0;
            left -= Math.Min(left, baseUnits[i] * Math.Pow((double)(price / p0), elasticity));
        }
        return (stock - left) / stock;
    }

    private static double[] Seasonal(double level, int days) =>
        Enumerable.Range(0, days).Select(i => level * (1 + 0.3 * Math.Sin(2 * Math.PI * (i % 7) / 7.0))).ToArray();

    private static MarkdownRequest Request(int stock, decimal price, double elasticity, double[] baseUnits, double target, EffectiveGuardrails g,
        DateTimeOffset? lastChange = null, decimal? competitor = null) => new()
        {
            ProductId = "p", Stock = stock, BaseUnits = baseUnits, Elasticity = elasticity, Target = target, Guardrails = g,
            Now = new PriceSituation { CurrentPrice = price, ReferencePrice = price, DayOpeningPrice = price, LastChangeAt = lastChange, Now = Now, CompetitorPrice = competitor },
        };

    [Fact]
    public void Reaches_a_reachable_target_with_the_smallest_markdown()
    {
        // 5 units/day for 30 days at 20.00 sells 150 of 400 (37.5%); the target is 80%.
        var units = Seasonal(5, 30);
        var g = EffectiveGuardrails.Defaults with { Cost = 8, MinMarginPercent = 10, PriceEnding = 0.99m };
        var r = Request(400, 19.99m, -2.0, units, 0.8, g);
        var plan = MarkdownPlanner.Plan(r);

        Assert.True(plan.Reachable, plan.Explanation);
        Assert.NotEmpty(plan.Steps);
        Assert.True(TrueSellThrough(400, 19.99m, -2.0, units, plan.Steps) >= 0.8 - 1e-9);
        Assert.InRange(plan.ExpectedSellThrough, 0.8, 1.0);
        Assert.True(plan.SellThroughWithoutMarkdown < 0.4);
        Assert.All(plan.Steps, s => Assert.Equal(0.99m, s.Price - Math.Floor(s.Price)));

        // Smallest: stopping one price-ending step higher (or starting a day later) falls short of the target.
        var deepest = plan.Steps[^1].Price;
        var shallower = MarkdownPlanner.Schedule(r, deepest + 1, 0).Select(s => new MarkdownStep(s.Date, s.Price, 0, 0)).ToList();
        Assert.True(TrueSellThrough(400, 19.99m, -2.0, units, shallower) < 0.8);
        var later = MarkdownPlanner.Schedule(r, deepest, (plan.Steps[0].Date.DayNumber - Today.DayNumber) + 1).Select(s => new MarkdownStep(s.Date, s.Price, 0, 0)).ToList();
        Assert.True(TrueSellThrough(400, 19.99m, -2.0, units, later) < 0.8);
    }

    [Fact]
    public void Needs_no_markdown_when_demand_already_clears_the_stock()
    {
        var plan = MarkdownPlanner.Plan(Request(50, 10m, -2, Seasonal(5, 30), 0.9, EffectiveGuardrails.Defaults));
        Assert.True(plan.Reachable);
        Assert.Empty(plan.Steps);
        Assert.Equal(1.0, plan.ExpectedSellThrough, 6);
    }

    [Fact]
    public void Reports_an_unreachable_target_honestly()
    {
        // A floor at 9.00 on a 10.00 item with elasticity −2 can add at most ~23% demand: 1 unit/day for 30 days
        // cannot sell 90% of 1,000 units.
        var units = Seasonal(1, 30);
        var g = EffectiveGuardrails.Defaults with { Floor = 9m };
        var plan = MarkdownPlanner.Plan(Request(1000, 10m, -2, units, 0.9, g));
        Assert.False(plan.Reachable);
        Assert.Contains("floor", plan.Binding);
        Assert.Contains("Unreachable", plan.Explanation);
        Assert.Equal(9m, plan.Steps[^1].Price);
        Assert.Equal(9m, plan.LowestAllowedPrice);
        var truth = TrueSellThrough(1000, 10m, -2, units, plan.Steps);
        Assert.Equal(truth, plan.ExpectedSellThrough, 6); // "how close it gets" is the plan's own sales
        Assert.InRange(truth, 0.03, 0.05);
    }

    [Fact]
    public void Random_guardrail_sets_are_never_broken_and_reachability_is_reported_truthfully()
    {
        var rng = new Random(20260424);
        int reachable = 0, unreachable = 0, stepsChecked = 0;
        for (var run = 0; run < 2000; run++)
        {
            var price = Math.Round((decimal)(2 + rng.NextDouble() * 98), 2);
            var ending = rng.Next(3) == 0 ? (decimal?)0.99m : rng.Next(4) == 0 ? 0.49m : null;
            if (ending is { } e) price = Math.Floor(price) + e;
            var cost = rng.Next(3) == 0 ? (decimal?)null : Math.Round(price * (decimal)(0.2 + rng.NextDouble() * 0.6), 2);
            var g = EffectiveGuardrails.Defaults with
            {
                Floor = rng.Next(2) == 0 ? null : Math.Round(price * (decimal)(0.3 + rng.NextDouble() * 0.7), 2),
                Ceiling = rng.Next(3) == 0 ? null : Math.Round(price * (decimal)(1 + rng.NextDouble()), 2),
                Cost = cost,
                MinMarginPercent = rng.Next(20),
                MaxStepChangePercent = rng.Next(1, 40),
                MaxDailyChangePercent = rng.Next(1, 50),
                MinHoursBetweenChanges = new[] { 0, 12, 24, 48, 72, 168 }[rng.Next(6)],
                PriceEnding = ending,
                Competitor = rng.Next(4) == 0 ? CompetitorPolicy.Within : CompetitorPolicy.Ignore,
                CompetitorWithinPercent = rng.Next(5, 30),
            };
            var competitor = g.Competitor == CompetitorPolicy.Within ? Math.Round(price * (decimal)(0.7 + rng.NextDouble() * 0.4), 2) : (decimal?)null;
            var lastChange = rng.Next(2) == 0 ? (DateTimeOffset?)Now.AddHours(-rng.Next(0, 100)) : null;
            var days = rng.Next(1, 120);
            var stock = rng.Next(1, 2000);
            var elasticity = -(0.2 + rng.NextDouble() * 4);
            var units = Seasonal(rng.NextDouble() * 20, days);
            var target = Math.Round(0.05 + rng.NextDouble() * 0.95, 3);
            var plan = MarkdownPlanner.Plan(Request(stock, price, elasticity, units, target, g, lastChange, competitor));

            // Every step within every guardrail as it will stand on its day.
            var current = price;
            var last = lastChange;
            foreach (var step in plan.Steps)
            {
                var at = step.Date.ToDateTime(TimeOnly.MinValue) is var d ? new DateTimeOffset(d, TimeSpan.Zero) + Now.TimeOfDay : default;
                var opening = step.Date == Today ? price : current;
                var situation = new PriceSituation { CurrentPrice = current, ReferencePrice = price, DayOpeningPrice = opening, LastChangeAt = last, Now = at, CompetitorPrice = competitor };
                Assert.Empty(PriceGuard.Violations(step.Price, g, situation));
                Assert.True(step.Price < current, "markdowns only go down");
                Assert.InRange(step.Date, Today, plan.By);
                current = step.Price;
                last = at;
                stepsChecked++;
            }
            Assert.Equal(plan.Steps.Count, plan.Steps.Select(s => s.Date).Distinct().Count());

            // Reachability is what the true demand says.
            var truth = TrueSellThrough(stock, price, elasticity, units, plan.Steps);
            Assert.Equal(truth, plan.ExpectedSellThrough, 6);
            if (plan.Reachable) { Assert.True(truth >= target - 1e-9, $"run {run}: claims reachable at {truth:P1} < {target:P1}"); reachable++; }
            else
            {
                Assert.True(truth < target, $"run {run}: claims unreachable at {truth:P1} >= {target:P1}");
                // And the deepest allowed schedule from today cannot do better.
                if (plan.LowestAllowedPrice < price)
                {
                    var deepest = MarkdownPlanner.Schedule(Request(stock, price, elasticity, units, target, g, lastChange, competitor), plan.LowestAllowedPrice, 0)
                        .Select(s => new MarkdownStep(s.Date, s.Price, 0, 0)).ToList();
                    Assert.True(TrueSellThrough(stock, price, elasticity, units, deepest) < target);
                }
                unreachable++;
            }
        }
        Assert.True(reachable > 300 && unreachable > 300 && stepsChecked > 1000, $"reachable {reachable}, unreachable {unreachable}, steps {stepsChecked}");
    }

    [Fact]
    public void Inventory_risk_compares_days_of_cover_with_the_lead_time_and_stock_with_P90_demand()
    {
        var forecast = Enumerable.Range(1, 90).Select(i => new DemandForecastDay(Today.AddDays(i), 10, 14)).ToList();
        var short_ = InventoryAdvisor.Advise("a", 45, 10, 6, 7, forecast);
        Assert.Equal("STOCK_OUT", short_.Risk);
        Assert.Equal(5, short_.DaysOfCover);
        var fine = InventoryAdvisor.Advise("b", 300, 10, 6, 7, forecast);
        Assert.Equal("OK", fine.Risk);
        Assert.Equal(30, fine.DaysOfCover);
        var over = InventoryAdvisor.Advise("c", 1300, 10, 6, 7, forecast);
        Assert.Equal("OVERSTOCK", over.Risk); // above 90 × 14 = 1,260 units
        Assert.Null(over.DaysOfCover);
        Assert.Equal(1260, over.HighDemandOverHorizon, 6);
        Assert.Equal("OK", InventoryAdvisor.Advise("d", 1200, 10, 6, 7, forecast).Risk);
    }
}

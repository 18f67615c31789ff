using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.Guardrails;

namespace RetailCommerce.Modules.Pricing.Markdown;

/// <summary>One price step of a markdown plan.</summary>
/// <param name="Date">The store day the new price takes effect (the first step may be today: it sells from tomorrow).</param>
/// <param name="Price">The price from that day on.</param>
/// <param name="ExpectedUnits">Units expected while this price is in force (until the next step or the target date), capped by the stock left.</param>
/// <param name="ExpectedSellThrough">Share of today's stock expected to be sold by the end of this step's period.</param>
public sealed record MarkdownStep(DateOnly Date, decimal Price, double ExpectedUnits, double ExpectedSellThrough);

/// <summary>A markdown plan: the steps, what they are expected to sell, and whether the target is reachable.</summary>
public sealed record MarkdownPlan(
    string ProductId, int Stock, decimal CurrentPrice, string Currency, double TargetSellThrough, DateOnly From, DateOnly By,
    bool Reachable, double ExpectedSellThrough, double ExpectedUnits, double SellThroughWithoutMarkdown, decimal LowestAllowedPrice,
    double Elasticity, IReadOnlyList<MarkdownStep> Steps, IReadOnlyList<string> Binding, string Explanation);

/// <summary>What the planner needs: stock, the forecast at the current price for every day through the target date, and the guardrails.</summary>
public sealed record MarkdownRequest
{
    public required string ProductId { get; init; }
    public string Currency { get; init; } = "";
    public required int Stock { get; init; }
    /// <summary>Forecast P50 units at the current price for the days after <see cref="PriceSituation.Now"/>'s day, through the target date.</summary>
    public required IReadOnlyList<double> BaseUnits { get; init; }
    /// <summary>Own-price elasticity (negative).</summary>
    public required double Elasticity { get; init; }
    public required double Target { get; init; }
    public required EffectiveGuardrails Guardrails { get; init; }
    /// <summary>The product now (store clock): current price, last change, reference and competitor prices.</summary>
    public required PriceSituation Now { get; init; }
}

/// <summary>
/// Plans markdowns for ageing stock. Demand at price p on forecast day d is q_d · (p / p₀)^ε (constant elasticity
/// around the current price p₀: a markdown moves far from the prices observed, and the local line the repricing
/// optimizer uses would understate deep cuts' effect for ε &lt; −1 less than it overstates them for ε &gt; −1, so the
/// multiplicative form is the neutral choice); sales are capped by the stock left.
/// <para>
/// A candidate plan is "step down as fast as the guardrails allow to a level L, starting on day s, then hold".
/// Expected sell-through rises as L falls and as s moves earlier, so the planner takes the <b>highest level</b> that
/// reaches the target (binary search over cents, snapped to the price ending), then the <b>latest start</b> that still
/// reaches it: the smallest, latest markdowns. Every step is checked against the guardrails as they will stand on
/// its day (step and daily caps from the previous step's price, hours since the previous change, floor, ceiling,
/// minimum margin, competitor band, price ending) by <see cref="PriceGuard"/>. When even the lowest allowed level
/// from today falls short, that plan is returned with <c>Reachable = false</c> and the sell-through it gets to.
/// </para>
/// </summary>
public static class MarkdownPlanner
{
    public static MarkdownPlan Plan(MarkdownRequest r)
    {
        var today = DateOnly.FromDateTime(r.Now.Now.UtcDateTime);
        var by = today.AddDays(r.BaseUnits.Count);
        var p0 = r.Now.CurrentPrice;
        var g = r.Guardrails;
        var (noneUnits, noneShare) = Simulate(r, []);
        var lowest = LowestLevel(r);
        MarkdownPlan Result(bool reachable, List<(DateOnly Date, decimal Price)> steps, IReadOnlyList<string> binding, string explanation)
        {
            var (units, share) = Simulate(r, steps);
            return new MarkdownPlan(r.ProductId, r.Stock, p0, r.Currency, r.Target, today, by, reachable, share, units, noneShare,
                lowest ?? p0, r.Elasticity, Detail(r, steps), binding, explanation);
        }

        if (noneShare >= r.Target - 1e-9)
            return Result(true, [], [], $"No markdown needed: at {p0:0.00} about {noneUnits:0} of {r.Stock} units ({noneShare:P0}) are expected to sell by {by:yyyy-MM-dd}, target {r.Target:P0}.");

        var binding = LowBinding(r);
        if (lowest is not { } floorLevel || floorLevel >= p0)
            return Result(false, [], binding, $"Unreachable: the guardrails ({string.Join(", ", binding)}) allow no price below {p0:0.00}; expected sell-through stays {noneShare:P0} (target {r.Target:P0}).");

        // Deepest plan: the lowest allowed level, from today.
        var deepest = Schedule(r, floorLevel, 0);
        var (_, deepestShare) = Simulate(r, deepest);
        if (deepestShare < r.Target - 1e-9)
        {
            var reached = deepest.Count == 0 ? p0 : deepest[^1].Price;
            var why = reached > floorLevel
                ? $"the steps allowed (at most {Math.Min(g.MaxStepChangePercent, g.MaxDailyChangePercent):0.#}% per step, {g.MinHoursBetweenChanges} h apart{(g.PriceEnding is { } e ? $", prices ending in {e:0.00}" : "")}) only get down to {reached:0.00}"
                : $"even holding the lowest allowed price {floorLevel:0.00} ({string.Join(", ", binding)})";
            return Result(false, deepest, binding,
                $"Unreachable: {why}; the deepest plan is expected to sell {deepestShare:P0} of {r.Stock} units by {by:yyyy-MM-dd} (target {r.Target:P0}, {noneShare:P0} without markdowns).");
        }

        // Highest level that reaches the target (sell-through falls as the level rises).
        long lo = (long)(floorLevel * 100), hi = (long)(p0 * 100) - 1; // lo reaches; search the highest reaching cents value
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Reaches(r, Snap(mid / 100m, g.PriceEnding), 0)) lo = mid; else hi = mid - 1;
        }
        var level = Snap(lo / 100m, g.PriceEnding);
        // Latest start that still reaches it (sell-through falls as the start moves later).
        int first = 0, last = r.BaseUnits.Count;
        while (first < last)
        {
            var mid = (first + last + 1) / 2;
            if (Reaches(r, level, mid)) first = mid; else last = mid - 1;
        }
        var plan = Schedule(r, level, first);
        var deepestStep = plan.Count == 0 ? p0 : plan[^1].Price;
        return Result(true, plan, [],
            $"Mark down from {p0:0.00} to {deepestStep:0.00} ({(p0 - deepestStep) / p0:P0} off) in {plan.Count} step{(plan.Count == 1 ? "" : "s")} from {plan[0].Date:yyyy-MM-dd}: " +
            $"with elasticity {r.Elasticity:0.0#} about {Simulate(r, plan).Units:0} of {r.Stock} units ({Simulate(r, plan).Share:P0}) are expected to sell by {by:yyyy-MM-dd} " +
            $"(target {r.Target:P0}, {noneShare:P0} without markdowns). The smallest and latest markdowns that reach the target within every guardrail.");
    }

    /// <summary>Expected units over the planning days and the sell-through share, for a step schedule.</summary>
    public static (double Units, double Share) Simulate(MarkdownRequest r, IReadOnlyList<(DateOnly Date, decimal Price)> steps)
    {
        var sold = Daily(r, steps).Sum();
        return (sold, r.Stock <= 0 ? 1 : sold / r.Stock);
    }

    /// <summary>Expected units per forecast day (capped by the stock left).</summary>
    public static double[] Daily(MarkdownRequest r, IReadOnlyList<(DateOnly Date, decimal Price)> steps)
    {
        var today = DateOnly.FromDateTime(r.Now.Now.UtcDateTime);
        var p0 = (double)r.Now.CurrentPrice;
        var result = new double[r.BaseUnits.Count];
        double left = r.Stock;
        var k = -1;
        for (var i = 0; i < result.Length; i++)
        {
            var day = today.AddDays(i + 1);
            while (k + 1 < steps.Count && steps[k + 1].Date <= day) k++;
            var price = k < 0 ? p0 : (double)steps[k].Price;
            var units = Math.Max(0, r.BaseUnits[i]) * Math.Pow(price / p0, r.Elasticity);
            result[i] = Math.Min(left, units);
            left -= result[i];
        }
        return result;
    }

    private static bool Reaches(MarkdownRequest r, decimal level, int startDay) =>
        Simulate(r, Schedule(r, level, startDay)).Share >= r.Target - 1e-9;

    /// <summary>Steps down as fast as the guardrails allow towards <paramref name="level"/>, from day <paramref name="startDay"/> (0 = today).</summary>
    public static List<(DateOnly Date, decimal Price)> Schedule(MarkdownRequest r, decimal level, int startDay)
    {
        var steps = new List<(DateOnly, decimal)>();
        var g = r.Guardrails;
        var today = DateOnly.FromDateTime(r.Now.Now.UtcDateTime);
        var timeOfDay = r.Now.Now - new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), r.Now.Now.Offset);
        var price = r.Now.CurrentPrice;
        var lastChange = r.Now.LastChangeAt;
        var opening = r.Now.DayOpeningPrice;
        for (var d = startDay; d <= r.BaseUnits.Count && price > level; d++)
        {
            var at = new DateTimeOffset(today.AddDays(d).ToDateTime(TimeOnly.MinValue), r.Now.Now.Offset) + timeOfDay;
            var situation = r.Now with { CurrentPrice = price, DayOpeningPrice = d == 0 ? opening : price, LastChangeAt = lastChange, Now = at };
            var (range, _) = PriceGuard.Range(g, situation);
            if (range is null)
            {
                // Too soon after the last change: try a later day. Conflicting rules stay conflicting: stop.
                if (lastChange is { } l && at - l < TimeSpan.FromHours(g.MinHoursBetweenChanges)) continue;
                break;
            }
            var next = Snap(Math.Max(level, range.Low), g.PriceEnding);
            if (next >= price || !range.Contains(next) || PriceGuard.Violations(next, g, situation).Count > 0) break;
            steps.Add((today.AddDays(d), next));
            price = next;
            lastChange = at;
        }
        return steps;
    }

    /// <summary>The lowest price the static guardrails allow (floor, minimum margin, competitor band), with the ending; null if none.</summary>
    public static decimal? LowestLevel(MarkdownRequest r)
    {
        var g = r.Guardrails;
        decimal low = 0.01m;
        if (g.Floor is { } f) low = Math.Max(low, f);
        if (g.Cost is { } c) low = Math.Max(low, c * (1 + g.MinMarginPercent / 100m));
        if (g.Competitor == CompetitorPolicy.Within && r.Now.CompetitorPrice is { } cp) low = Math.Max(low, cp * (1 - g.CompetitorWithinPercent / 100m));
        low = Math.Ceiling(low * 100m) / 100m;
        var snapped = Snap(low, g.PriceEnding);
        return snapped < r.Now.CurrentPrice ? snapped : null;
    }

    private static IReadOnlyList<string> LowBinding(MarkdownRequest r)
    {
        var g = r.Guardrails;
        var candidates = new List<(decimal Value, string Name)>();
        if (g.Floor is { } f) candidates.Add((f, "floor"));
        if (g.Cost is { } c) candidates.Add((c * (1 + g.MinMarginPercent / 100m), "minimum margin"));
        if (g.Competitor == CompetitorPolicy.Within && r.Now.CompetitorPrice is { } cp) candidates.Add((cp * (1 - g.CompetitorWithinPercent / 100m), "competitor band"));
        if (candidates.Count == 0) return ["step cap"];
        var max = candidates.Max(x => x.Value);
        return candidates.Where(x => x.Value == max).Select(x => x.Name).ToList();
    }

    /// <summary>The smallest price with the required cents ending at or above <paramref name="price"/> (the price itself without one).</summary>
    public static decimal Snap(decimal price, decimal? ending)
    {
        if (ending is not { } e) return Math.Ceiling(price * 100m) / 100m;
        var candidate = Math.Floor(price) + e;
        return candidate >= price ? candidate : candidate + 1;
    }

    private static IReadOnlyList<MarkdownStep> Detail(MarkdownRequest r, List<(DateOnly Date, decimal Price)> steps)
    {
        var daily = Daily(r, steps);
        var today = DateOnly.FromDateTime(r.Now.Now.UtcDateTime);
        var result = new List<MarkdownStep>();
        for (var k = 0; k < steps.Count; k++)
        {
            // Days (forecast index i is day today+1+i) this step's price is in force.
            var from = Math.Max(0, steps[k].Date.DayNumber - today.DayNumber - 1);
            var to = k + 1 < steps.Count ? steps[k + 1].Date.DayNumber - today.DayNumber - 1 : daily.Length;
            var units = daily[from..Math.Max(from, to)].Sum();
            var cumulative = daily[..Math.Max(from, to)].Sum();
            result.Add(new MarkdownStep(steps[k].Date, steps[k].Price, units, r.Stock <= 0 ? 1 : cumulative / r.Stock));
        }
        return result;
    }
}

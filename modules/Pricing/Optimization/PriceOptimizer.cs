using RetailCommerce.Modules.Pricing.Guardrails;

namespace RetailCommerce.Modules.Pricing.Optimization;

/// <summary>What the optimizer maximizes.</summary>
public enum PricingObjective { Margin, Revenue }

/// <summary>
/// Expected daily demand as a function of price, local to the current price: the straight line through the
/// forecast point (p₀, q₀) whose slope there gives the estimated elasticity ε, q(p) = max(0, q₀ · (1 + ε (p − p₀) / p₀)).
/// Why a line and not a constant-elasticity curve: the elasticity is only known near the prices actually charged,
/// and a line extrapolates conservatively. Repricing repeatedly (re-estimating ε each time) has its fixed point
/// where the local elasticity ε(p) satisfies p = c·ε/(1+ε) — the true margin optimum — and it converges there for
/// both linear and constant-elasticity demand, whereas iterating a constant-elasticity model oscillates on linear
/// demand (see PricingSimulatorTests).
/// </summary>
public sealed record DemandCurve(double BaseUnits, double BasePrice, double Elasticity)
{
    public double UnitsAt(double price) => price <= 0 ? 0 : Math.Max(0, BaseUnits * (1 + Elasticity * (price - BasePrice) / BasePrice));
}

/// <summary>A proposal's expected effect per day.</summary>
public sealed record PriceEffect(double UnitsBefore, double UnitsAfter, double RevenueBefore, double RevenueAfter, double ProfitBefore, double ProfitAfter);

/// <summary>The optimizer's answer: the guarded price (or none) and its expected effect.</summary>
public sealed record PriceDecision(decimal? Price, string Reason, IReadOnlyList<string> Binding, decimal Target, PriceEffect? Effect);

/// <summary>
/// Finds the price that maximizes margin ((p − cost) · q(p)) or revenue (p · q(p)) inside the guardrails: a
/// log-spaced grid over the allowed range, refined by golden-section search around the best grid point, then
/// snapped to the required price ending (the better neighbour for the objective).
/// </summary>
public static class PriceOptimizer
{
    public static double Objective(PricingObjective objective, DemandCurve curve, double cost, double price) =>
        objective == PricingObjective.Revenue ? price * curve.UnitsAt(price) : (price - cost) * curve.UnitsAt(price);

    /// <summary>The unconstrained-by-endings best price in [low, high].</summary>
    public static double Best(PricingObjective objective, DemandCurve curve, double cost, double low, double high)
    {
        if (high <= low) return low;
        const int grid = 200;
        double Value(double p) => Objective(objective, curve, cost, p);
        var ratio = Math.Pow(high / low, 1.0 / grid);
        var bestIndex = 0;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i <= grid; i++)
        {
            var v = Value(low * Math.Pow(ratio, i));
            if (v > bestValue) { bestValue = v; bestIndex = i; }
        }
        var a = low * Math.Pow(ratio, Math.Max(0, bestIndex - 1));
        var b = low * Math.Pow(ratio, Math.Min(grid, bestIndex + 1));
        var phi = (Math.Sqrt(5) - 1) / 2;
        for (var k = 0; k < 60; k++)
        {
            var c = b - phi * (b - a);
            var d = a + phi * (b - a);
            if (Value(c) >= Value(d)) b = d; else a = c;
        }
        var mid = (a + b) / 2;
        return Value(mid) >= bestValue ? mid : low * Math.Pow(ratio, bestIndex);
    }

    /// <summary>
    /// Share of the way from the current price to the estimated optimum taken in one step. The curve is only known
    /// near the current price and its elasticity is an estimate from noisy sales: moving half-way each time averages
    /// the estimation noise over successive repricings (the fixed point stays the optimum) and, in the simulator,
    /// turns occasional bad jumps into small ones.
    /// </summary>
    public const double StepFraction = 0.5;

    /// <summary>Decides the next price for a product under its guardrails.</summary>
    public static PriceDecision Decide(PricingObjective objective, DemandCurve curve, EffectiveGuardrails g, PriceSituation s, double stepFraction = StepFraction)
    {
        var cost = (double)(g.Cost ?? 0m);
        // Without a cost the margin objective has nothing to subtract: it is then revenue, said plainly in the reason.
        var (range, refusal) = PriceGuard.Range(g, s);
        if (range is null) return new PriceDecision(null, refusal!, [], s.CurrentPrice, null);
        var high = range.High == decimal.MaxValue ? (double)s.CurrentPrice * 10 : (double)range.High;
        var optimum = Best(objective, curve, cost, (double)range.Low, high);
        var target = (double)s.CurrentPrice + stepFraction * (optimum - (double)s.CurrentPrice);
        var guarded = PriceGuard.Apply((decimal)target, g, s, p => Objective(objective, curve, cost, (double)p));
        var before = (double)s.CurrentPrice;
        var after = (double)(guarded.Price ?? s.CurrentPrice);
        var effect = new PriceEffect(curve.UnitsAt(before), curve.UnitsAt(after),
            before * curve.UnitsAt(before), after * curve.UnitsAt(after),
            (before - cost) * curve.UnitsAt(before), (after - cost) * curve.UnitsAt(after));
        return new PriceDecision(guarded.Price, guarded.Reason, guarded.Binding, Math.Round((decimal)optimum, 2), effect);
    }
}

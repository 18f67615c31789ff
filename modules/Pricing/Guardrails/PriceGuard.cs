namespace RetailCommerce.Modules.Pricing.Guardrails;

/// <summary>What the guardrails need to know about a product right now (store clock).</summary>
public sealed record PriceSituation
{
    public required decimal CurrentPrice { get; init; }
    /// <summary>Typical recent price (anti-gouging measures from here).</summary>
    public required decimal ReferencePrice { get; init; }
    /// <summary>The price at the start of the current store day (the daily cap measures from here).</summary>
    public required decimal DayOpeningPrice { get; init; }
    public DateTimeOffset? LastChangeAt { get; init; }
    public required DateTimeOffset Now { get; init; }
    /// <summary>Demand is spiking (recent week well above its usual level).</summary>
    public bool DemandSpike { get; init; }
    /// <summary>The lowest competitor price known, if any.</summary>
    public decimal? CompetitorPrice { get; init; }
}

/// <summary>The range of prices every guardrail allows, or why there is none.</summary>
public sealed record PriceRange(decimal Low, decimal High, IReadOnlyList<string> Binding)
{
    public bool Contains(decimal price) => price >= Low && price <= High;
}

/// <summary>The outcome of guarding a candidate price: the price to charge, or null to leave the price alone, and why.</summary>
public sealed record GuardedPrice(decimal? Price, string Reason, IReadOnlyList<string> Binding);

/// <summary>
/// Applies the guardrails. Every price it returns satisfies all of them at once; when no price can (the rules
/// conflict, or the last change was too recent), it returns no price and the current one stays. It never moves a
/// price just to repair a guardrail the current price already breaks if that move would break another: that is
/// the merchant's call, reported in the reason.
/// </summary>
public static class PriceGuard
{
    private const decimal Cent = 0.01m;

    /// <summary>The allowed range, or null with the reason when no change is allowed now.</summary>
    public static (PriceRange? Range, string? Refusal) Range(EffectiveGuardrails g, PriceSituation s)
    {
        if (s.LastChangeAt is { } last && s.Now - last < TimeSpan.FromHours(g.MinHoursBetweenChanges))
            return (null, $"last change was {(s.Now - last).TotalHours:0.#} h ago; at least {g.MinHoursBetweenChanges} h between changes");

        var binding = new List<string>();
        decimal low = Cent, high = decimal.MaxValue;
        void Low(decimal v, string why) { if (v > low) { low = v; binding.Add(why); } }
        void High(decimal v, string why) { if (v < high) { high = v; binding.Add(why); } }

        if (g.Floor is { } floor) Low(floor, "floor");
        if (g.Ceiling is { } ceiling) High(ceiling, "ceiling");
        if (g.Cost is { } cost) Low(cost * (1 + g.MinMarginPercent / 100m), "minimum margin");
        Low(s.CurrentPrice * (1 - g.MaxStepChangePercent / 100m), "step cap");
        High(s.CurrentPrice * (1 + g.MaxStepChangePercent / 100m), "step cap");
        Low(s.DayOpeningPrice * (1 - g.MaxDailyChangePercent / 100m), "daily cap");
        High(s.DayOpeningPrice * (1 + g.MaxDailyChangePercent / 100m), "daily cap");
        if (g.Essential && s.DemandSpike) High(s.ReferencePrice * (1 + g.SpikeMaxIncreasePercent / 100m), "anti-gouging cap");
        if (g.Competitor == CompetitorPolicy.Within && s.CompetitorPrice is { } competitor)
        {
            Low(competitor * (1 - g.CompetitorWithinPercent / 100m), "competitor band");
            High(competitor * (1 + g.CompetitorWithinPercent / 100m), "competitor band");
        }
        // Whole cents only: round the bounds inwards.
        low = Math.Ceiling(low * 100m) / 100m;
        high = high == decimal.MaxValue ? high : Math.Floor(high * 100m) / 100m;
        if (low > high) return (null, $"guardrails conflict ({string.Join(", ", binding.Distinct())}): no price satisfies them all");
        return (new PriceRange(low, high, binding.Distinct().ToList()), null);
    }

    /// <summary>
    /// Prices in the range with the required ending nearest to <paramref name="price"/> (one below, one above),
    /// or the price itself rounded to cents when no ending is required.
    /// </summary>
    public static IReadOnlyList<decimal> Snap(decimal price, PriceRange range, decimal? ending)
    {
        price = Math.Min(Math.Max(price, range.Low), range.High);
        if (ending is not { } e)
        {
            var rounded = Math.Round(price, 2, MidpointRounding.AwayFromZero);
            if (!range.Contains(rounded)) rounded = rounded > range.High ? range.High : range.Low;
            return [rounded];
        }
        var below = Math.Floor(price - e) + e;
        var candidates = new[] { below, below + 1 }.Where(p => p > 0 && range.Contains(p)).Distinct().ToList();
        return candidates;
    }

    /// <summary>Guards a candidate: clamps it into the range, applies the competitor rule and the ending.</summary>
    public static GuardedPrice Apply(decimal candidate, EffectiveGuardrails g, PriceSituation s, Func<decimal, double>? objective = null)
    {
        var (range, refusal) = Range(g, s);
        if (range is null) return new GuardedPrice(null, refusal!, []);
        var binding = new List<string>();
        if (g.Competitor == CompetitorPolicy.Match && s.CompetitorPrice is { } competitor)
        {
            candidate = competitor;
            binding.Add("competitor match");
        }
        if (candidate < range.Low || candidate > range.High) binding.AddRange(range.Binding);
        var options = Snap(candidate, range, g.PriceEnding);
        if (options.Count == 0)
            return new GuardedPrice(null, $"no price ending in {g.PriceEnding:0.00} lies between {range.Low:0.00} and {range.High:0.00}", range.Binding);
        // Between the ending-compatible neighbours, take the better one for the objective (or the nearer one).
        var price = objective is null
            ? options.OrderBy(p => Math.Abs(p - candidate)).First()
            : options.OrderByDescending(p => objective(p)).First();
        if (price == s.CurrentPrice) return new GuardedPrice(null, "the best allowed price is the current price", binding);
        return new GuardedPrice(price, binding.Count == 0 ? "within all guardrails" : "limited by " + string.Join(", ", binding.Distinct()), binding.Distinct().ToList());
    }

    /// <summary>Every guardrail a price breaks (empty when none): the independent check the tests and approvals use.</summary>
    public static IReadOnlyList<string> Violations(decimal price, EffectiveGuardrails g, PriceSituation s)
    {
        var v = new List<string>();
        if (price <= 0) v.Add("positive");
        if (g.Floor is { } floor && price < floor) v.Add("floor");
        if (g.Ceiling is { } ceiling && price > ceiling) v.Add("ceiling");
        if (g.Cost is { } cost && price < cost * (1 + g.MinMarginPercent / 100m)) v.Add("minimum margin");
        if (Math.Abs(price - s.CurrentPrice) > s.CurrentPrice * g.MaxStepChangePercent / 100m) v.Add("step cap");
        if (Math.Abs(price - s.DayOpeningPrice) > s.DayOpeningPrice * g.MaxDailyChangePercent / 100m) v.Add("daily cap");
        if (s.LastChangeAt is { } last && price != s.CurrentPrice && s.Now - last < TimeSpan.FromHours(g.MinHoursBetweenChanges)) v.Add("change frequency");
        if (g.Essential && s.DemandSpike && price > s.ReferencePrice * (1 + g.SpikeMaxIncreasePercent / 100m)) v.Add("anti-gouging cap");
        if (g.PriceEnding is { } e && price - Math.Floor(price) != e) v.Add("price ending");
        if (price != Math.Round(price, 2)) v.Add("whole cents");
        if (g.Competitor == CompetitorPolicy.Within && s.CompetitorPrice is { } c && Math.Abs(price - c) > c * g.CompetitorWithinPercent / 100m) v.Add("competitor band");
        return v;
    }
}

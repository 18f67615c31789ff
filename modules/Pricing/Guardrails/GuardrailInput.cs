using RetailCommerce.GraphQL;

namespace RetailCommerce.Modules.Pricing.Guardrails;

/// <summary>A guardrail set to save (GraphQL <c>PricingGuardrailInput</c>); unset fields inherit.</summary>
public sealed class GuardrailInput
{
    public GuardrailScope Scope { get; set; }
    public string? Target { get; set; }
    public decimal? Floor { get; set; }
    public decimal? Ceiling { get; set; }
    public decimal? Cost { get; set; }
    public decimal? MinMarginPercent { get; set; }
    public decimal? MaxStepChangePercent { get; set; }
    public decimal? MaxDailyChangePercent { get; set; }
    public int? MinHoursBetweenChanges { get; set; }
    public bool? Essential { get; set; }
    public decimal? SpikeMaxIncreasePercent { get; set; }
    public decimal? PriceEnding { get; set; }
    public CompetitorPolicy? Competitor { get; set; }
    public decimal? CompetitorWithinPercent { get; set; }
    public int? LeadTimeDays { get; set; }
}

/// <summary>
/// Checks a guardrail set before it is saved. The first problem refuses the whole set with BAD_USER_INPUT
/// naming the field, and nothing is stored, so the settings in force stay as they were.
/// </summary>
public static class GuardrailValidation
{
    private static void Fail(string field, string message) => throw new RetailError(ErrorCodes.BadUserInput, $"{field}: {message}", field);

    /// <summary>Validates the input on its own and as merged with the wider scopes it inherits from.</summary>
    public static GuardrailSet Validate(GuardrailInput i, Func<string, bool> productExists, EffectiveGuardrails? inherited)
    {
        var target = i.Target?.Trim();
        switch (i.Scope)
        {
            case GuardrailScope.Store when !string.IsNullOrEmpty(target): Fail("target", "must be empty for the store scope."); break;
            case GuardrailScope.Category when string.IsNullOrEmpty(target) || target.Length > 500: Fail("target", "a category path (1-500 characters) is required for the category scope."); break;
            case GuardrailScope.Product when string.IsNullOrEmpty(target): Fail("target", "a product id is required for the product scope."); break;
            case GuardrailScope.Product when !productExists(target!): Fail("target", $"'{target}' is not a product of this store."); break;
        }
        if (i.Floor is < 0) Fail("floor", "must not be negative.");
        if (i.Ceiling is <= 0) Fail("ceiling", "must be greater than 0.");
        if (i.Cost is < 0) Fail("cost", "must not be negative.");
        if (i.MinMarginPercent is < 0 or > 1000) Fail("minMarginPercent", "must be between 0 and 1000.");
        if (i.MaxStepChangePercent is < 0 or > 100) Fail("maxStepChangePercent", "must be between 0 and 100.");
        if (i.MaxDailyChangePercent is < 0 or > 100) Fail("maxDailyChangePercent", "must be between 0 and 100.");
        if (i.MinHoursBetweenChanges is < 0 or > 8760) Fail("minHoursBetweenChanges", "must be between 0 and 8760.");
        if (i.SpikeMaxIncreasePercent is < 0 or > 100) Fail("spikeMaxIncreasePercent", "must be between 0 and 100.");
        if (i.PriceEnding is { } e && (e < 0 || e >= 1 || e != Math.Round(e, 2))) Fail("priceEnding", "must be whole cents from 0.00 to 0.99 (e.g. 0.99).");
        if (i.CompetitorWithinPercent is < 0 or > 100) Fail("competitorWithinPercent", "must be between 0 and 100.");
        if (i.LeadTimeDays is < 0 or > 365) Fail("leadTimeDays", "must be between 0 and 365.");

        var set = new GuardrailSet
        {
            Id = GuardrailSet.IdFor(i.Scope, target), Scope = i.Scope, Target = string.IsNullOrEmpty(target) ? null : target,
            Floor = i.Floor, Ceiling = i.Ceiling, Cost = i.Cost, MinMarginPercent = i.MinMarginPercent,
            MaxStepChangePercent = i.MaxStepChangePercent, MaxDailyChangePercent = i.MaxDailyChangePercent,
            MinHoursBetweenChanges = i.MinHoursBetweenChanges, Essential = i.Essential, SpikeMaxIncreasePercent = i.SpikeMaxIncreasePercent,
            PriceEnding = i.PriceEnding, Competitor = i.Competitor, CompetitorWithinPercent = i.CompetitorWithinPercent, LeadTimeDays = i.LeadTimeDays,
        };

        // As merged with what it inherits: a product floor above the store's ceiling is as wrong as one above its own.
        var merged = EffectiveGuardrails.Merge([new GuardrailSet
        {
            Floor = inherited?.Floor, Ceiling = inherited?.Ceiling, Cost = inherited?.Cost,
            MinMarginPercent = inherited?.MinMarginPercent, PriceEnding = inherited?.PriceEnding,
        }, set]);
        if (merged.Floor is { } floor && merged.Ceiling is { } ceiling && floor > ceiling)
            Fail("floor", $"{floor:0.00} is above the ceiling {ceiling:0.00}.");
        if (merged.Cost is { } cost && merged.Ceiling is { } top && cost * (1 + merged.MinMarginPercent / 100m) > top)
            Fail("minMarginPercent", $"cost {cost:0.00} plus {merged.MinMarginPercent}% margin is above the ceiling {top:0.00}.");
        if (merged.PriceEnding is { } ending && merged.Floor is { } f && merged.Ceiling is { } c && Math.Floor(c - ending) + ending < f)
            Fail("priceEnding", $"no price ending in {ending:0.00} lies between the floor {f:0.00} and the ceiling {c:0.00}.");
        return set;
    }
}

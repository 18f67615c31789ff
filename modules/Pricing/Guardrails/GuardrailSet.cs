namespace RetailCommerce.Modules.Pricing.Guardrails;

/// <summary>Where a guardrail set applies: the whole store, a category (path prefix) or one product.</summary>
public enum GuardrailScope { Store, Category, Product }

/// <summary>How competitor prices bind: not at all, match them, or stay within a percentage of them.</summary>
public enum CompetitorPolicy { Ignore, Match, Within }

/// <summary>
/// Guardrails the merchant sets for a scope (a Marten document per store). Unset fields inherit from the wider
/// scope: product over category over store over the module's defaults. Prices are the same for every
/// shopper: there is no per-customer base price anywhere in this module (only explicit loyalty or promotion
/// discounts, applied elsewhere, differ).
/// </summary>
public sealed class GuardrailSet
{
    /// <summary><c>store</c>, <c>category:&lt;path&gt;</c> or <c>product:&lt;id&gt;</c>.</summary>
    public string Id { get; set; } = "";
    public GuardrailScope Scope { get; set; }
    /// <summary>The category path or product id (null for the store).</summary>
    public string? Target { get; set; }
    /// <summary>Lowest price.</summary>
    public decimal? Floor { get; set; }
    /// <summary>Highest price.</summary>
    public decimal? Ceiling { get; set; }
    /// <summary>Unit cost (for margin rules and the margin objective).</summary>
    public decimal? Cost { get; set; }
    /// <summary>Minimum margin over cost in percent: price ≥ cost × (1 + m/100).</summary>
    public decimal? MinMarginPercent { get; set; }
    /// <summary>Largest change of one step, in percent of the current price.</summary>
    public decimal? MaxStepChangePercent { get; set; }
    /// <summary>Largest change within one store day, in percent of the day's opening price.</summary>
    public decimal? MaxDailyChangePercent { get; set; }
    /// <summary>Fewest hours between two changes.</summary>
    public int? MinHoursBetweenChanges { get; set; }
    /// <summary>An essential good: anti-gouging applies while its demand spikes.</summary>
    public bool? Essential { get; set; }
    /// <summary>While demand spikes, an essential's price stays within this percent above its reference (typical recent) price.</summary>
    public decimal? SpikeMaxIncreasePercent { get; set; }
    /// <summary>Required cents ending, e.g. 0.99; null for any.</summary>
    public decimal? PriceEnding { get; set; }
    public CompetitorPolicy? Competitor { get; set; }
    /// <summary>With <see cref="CompetitorPolicy.Within"/>: stay within this percent of the lowest competitor price.</summary>
    public decimal? CompetitorWithinPercent { get; set; }
    /// <summary>Supplier lead time in days (inventory advice).</summary>
    public int? LeadTimeDays { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static string IdFor(GuardrailScope scope, string? target) => scope switch
    {
        GuardrailScope.Store => "store",
        GuardrailScope.Category => "category:" + target,
        _ => "product:" + target,
    };
}

/// <summary>The guardrails in force for one product, after inheritance and defaults.</summary>
public sealed record EffectiveGuardrails
{
    public decimal? Floor { get; init; }
    public decimal? Ceiling { get; init; }
    public decimal? Cost { get; init; }
    public decimal MinMarginPercent { get; init; }
    public decimal MaxStepChangePercent { get; init; } = 10;
    public decimal MaxDailyChangePercent { get; init; } = 15;
    public int MinHoursBetweenChanges { get; init; } = 24;
    public bool Essential { get; init; }
    public decimal SpikeMaxIncreasePercent { get; init; }
    public decimal? PriceEnding { get; init; }
    public CompetitorPolicy Competitor { get; init; } = CompetitorPolicy.Ignore;
    public decimal CompetitorWithinPercent { get; init; } = 5;
    public int LeadTimeDays { get; init; } = 7;

    /// <summary>Defaults when the merchant set nothing: 10% per step, 15% per day, one change per 24 h, no increase for spiking essentials.</summary>
    public static EffectiveGuardrails Defaults { get; } = new();

    /// <summary>Layers sets from the widest scope to the narrowest; later sets override earlier ones field by field.</summary>
    public static EffectiveGuardrails Merge(IEnumerable<GuardrailSet> widestFirst)
    {
        var g = Defaults;
        foreach (var s in widestFirst)
        {
            g = g with
            {
                Floor = s.Floor ?? g.Floor,
                Ceiling = s.Ceiling ?? g.Ceiling,
                Cost = s.Cost ?? g.Cost,
                MinMarginPercent = s.MinMarginPercent ?? g.MinMarginPercent,
                MaxStepChangePercent = s.MaxStepChangePercent ?? g.MaxStepChangePercent,
                MaxDailyChangePercent = s.MaxDailyChangePercent ?? g.MaxDailyChangePercent,
                MinHoursBetweenChanges = s.MinHoursBetweenChanges ?? g.MinHoursBetweenChanges,
                Essential = s.Essential ?? g.Essential,
                SpikeMaxIncreasePercent = s.SpikeMaxIncreasePercent ?? g.SpikeMaxIncreasePercent,
                PriceEnding = s.PriceEnding ?? g.PriceEnding,
                Competitor = s.Competitor ?? g.Competitor,
                CompetitorWithinPercent = s.CompetitorWithinPercent ?? g.CompetitorWithinPercent,
                LeadTimeDays = s.LeadTimeDays ?? g.LeadTimeDays,
            };
        }
        return g;
    }
}

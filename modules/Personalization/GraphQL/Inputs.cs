namespace RetailCommerce.Modules.Personalization.GraphQL;

/// <summary>GraphQL input: an experiment.</summary>
public sealed class ExperimentInput
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Target { get; set; }
    public List<ExperimentVariantInput>? Variants { get; set; }
    public Experiments.ExperimentMode? Mode { get; set; }
    public int? AttributionWindowHours { get; set; }
    public double? MinimumDetectableEffect { get; set; }
}

/// <summary>GraphQL input: an experiment variant.</summary>
public sealed class ExperimentVariantInput
{
    public string? Key { get; set; }
    public double? Weight { get; set; }
}

/// <summary>GraphQL input: request context.</summary>
public sealed class ContextInput
{
    public string? Device { get; set; }
    public string? Referrer { get; set; }
    public string? Country { get; set; }
    public DateTimeOffset? At { get; set; }
}

/// <summary>GraphQL input: a content slot.</summary>
public sealed class ContentSlotInput
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? DefaultVariant { get; set; }
    public string? ExperimentId { get; set; }
    public List<ContentVariantInput>? Variants { get; set; }
}

/// <summary>GraphQL input: a content variant with its targeting.</summary>
public sealed class ContentVariantInput
{
    public string? Key { get; set; }
    public string? Content { get; set; }
    public List<string>? Segments { get; set; }
    public List<string>? Devices { get; set; }
    public List<string>? Referrers { get; set; }
    public List<string>? Countries { get; set; }
    public int? HourFrom { get; set; }
    public int? HourTo { get; set; }
}

/// <summary>GraphQL input: a rule segment.</summary>
public sealed class RuleSegmentInput
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public List<RuleConditionInput>? Conditions { get; set; }
}

/// <summary>GraphQL input: one rule condition.</summary>
public sealed class RuleConditionInput
{
    public string? Field { get; set; }
    public string? Operator { get; set; }
    public string? Value { get; set; }
}

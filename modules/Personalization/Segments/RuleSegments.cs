using System.Globalization;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Modules.Personalization.Segments;

/// <summary>One condition of a rule segment: a known field, an operator and a value. No expressions are evaluated.</summary>
public sealed class RuleCondition
{
    public string Field { get; set; } = "";
    public string Operator { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>A merchant-defined segment: every condition must hold (e.g. spent90Days gt 200 and viewedCategory contains Sports).</summary>
public sealed class RuleSegment
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<RuleCondition> Conditions { get; set; } = [];
}

/// <summary>What a rule is evaluated against.</summary>
public sealed record RuleFacts(PersonalizationProfile? Profile, string? ValueSegment, IReadOnlyCollection<string> LiveSegments, string? Country, string? Device);

/// <summary>
/// The rule language: structured conditions over a fixed list of fields, so a merchant's rule can never run
/// code. Numbers compare with gt/gte/lt/lte/eq/neq; text with eq/neq/contains (case-insensitive).
/// </summary>
public static class SegmentRules
{
    /// <summary>Fields a rule may use, with what they mean.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        ["spent90Days"] = "revenue in the last 90 days (number)",
        ["orders90Days"] = "orders in the last 90 days (number)",
        ["orders"] = "orders ever (number)",
        ["revenue"] = "revenue ever (number)",
        ["daysSinceLastPurchase"] = "days since the last purchase (number; absent without purchases)",
        ["recencyScore"] = "RFM recency quintile 1-5", ["frequencyScore"] = "RFM frequency quintile 1-5", ["monetaryScore"] = "RFM monetary quintile 1-5",
        ["viewedCategory"] = "a category viewed in the last 90 days (text; use contains)",
        ["cluster"] = "behavioural cluster name (text)",
        ["valueSegment"] = "Loyalty value segment, e.g. CHAMPION (text; empty without Loyalty)",
        ["liveSegment"] = "a live session segment, e.g. high-intent (text)",
        ["country"] = "the request's country (text)", ["device"] = "the request's device (text)",
    };

    private static readonly HashSet<string> Numeric = ["spent90Days", "orders90Days", "orders", "revenue", "daysSinceLastPurchase", "recencyScore", "frequencyScore", "monetaryScore"];
    private static readonly HashSet<string> Operators = ["gt", "gte", "lt", "lte", "eq", "neq", "contains"];

    /// <summary>Throws BAD_USER_INPUT naming the first invalid condition.</summary>
    public static void Validate(RuleSegment rule)
    {
        if (!Catalog.ProductValidation.IsValidId(rule.Id)) throw new RetailError(ErrorCodes.BadUserInput, "id: letters, digits, . _ : - / only.", "id");
        if (rule.Conditions.Count is 0 or > 20) throw new RetailError(ErrorCodes.BadUserInput, "conditions: 1 to 20 conditions.", "conditions");
        foreach (var c in rule.Conditions)
        {
            if (!Fields.ContainsKey(c.Field)) throw new RetailError(ErrorCodes.BadUserInput, $"conditions: unknown field '{c.Field}' (known: {string.Join(", ", Fields.Keys)}).", "conditions");
            if (!Operators.Contains(c.Operator)) throw new RetailError(ErrorCodes.BadUserInput, $"conditions: unknown operator '{c.Operator}' (gt, gte, lt, lte, eq, neq, contains).", "conditions");
            if (Numeric.Contains(c.Field) && (c.Operator == "contains" || !double.TryParse(c.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                throw new RetailError(ErrorCodes.BadUserInput, $"conditions: {c.Field} compares numbers with gt, gte, lt, lte, eq or neq.", "conditions");
            if (!Numeric.Contains(c.Field) && c.Operator is "gt" or "gte" or "lt" or "lte")
                throw new RetailError(ErrorCodes.BadUserInput, $"conditions: {c.Field} is text: use eq, neq or contains.", "conditions");
        }
    }

    /// <summary>True when every condition holds.</summary>
    public static bool Matches(RuleSegment rule, RuleFacts facts) => rule.Conditions.All(c => Holds(c, facts));

    private static bool Holds(RuleCondition c, RuleFacts f)
    {
        var p = f.Profile;
        if (Numeric.Contains(c.Field))
        {
            double? value = c.Field switch
            {
                "spent90Days" => p?.Spent90Days ?? 0, "orders90Days" => p?.Orders90Days ?? 0, "orders" => p?.Orders ?? 0, "revenue" => p?.Revenue ?? 0,
                "daysSinceLastPurchase" => p?.DaysSinceLastPurchase, "recencyScore" => p?.RecencyScore ?? 0,
                "frequencyScore" => p?.FrequencyScore ?? 0, "monetaryScore" => p?.MonetaryScore ?? 0, _ => null,
            };
            if (value is not { } v) return false;
            var target = double.Parse(c.Value, CultureInfo.InvariantCulture);
            return c.Operator switch
            {
                "gt" => v > target, "gte" => v >= target, "lt" => v < target, "lte" => v <= target,
                "eq" => Math.Abs(v - target) < 1e-9, "neq" => Math.Abs(v - target) >= 1e-9, _ => false,
            };
        }
        IEnumerable<string> values = c.Field switch
        {
            "viewedCategory" => p?.ViewedCategories90Days ?? [],
            "cluster" => p?.ClusterName is { } n ? [n] : [],
            "valueSegment" => f.ValueSegment is { } s ? [s] : [],
            "liveSegment" => f.LiveSegments,
            "country" => f.Country is { } co ? [co] : [],
            "device" => f.Device is { } d ? [d] : [],
            _ => [],
        };
        return c.Operator switch
        {
            "eq" => values.Any(v => string.Equals(v, c.Value, StringComparison.OrdinalIgnoreCase)),
            "neq" => values.All(v => !string.Equals(v, c.Value, StringComparison.OrdinalIgnoreCase)),
            "contains" => values.Any(v => v.Contains(c.Value, StringComparison.OrdinalIgnoreCase)),
            _ => false,
        };
    }
}

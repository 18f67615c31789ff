using RetailCommerce.Consent;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Modules.Governance.Consent;

/// <summary>The API's purpose names (<c>personalization</c>, <c>marketing</c>, <c>analytics</c>, <c>ai_assistant</c>) and the platform's enum.</summary>
public static class ConsentPurposes
{
    private static readonly Dictionary<string, ConsentPurpose> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["personalization"] = ConsentPurpose.Personalization,
        ["marketing"] = ConsentPurpose.Marketing,
        ["analytics"] = ConsentPurpose.Analytics,
        ["ai_assistant"] = ConsentPurpose.AiAssistant,
    };

    /// <summary>Every purpose, in the API's order.</summary>
    public static IReadOnlyList<ConsentPurpose> All { get; } = [ConsentPurpose.Personalization, ConsentPurpose.Marketing, ConsentPurpose.Analytics, ConsentPurpose.AiAssistant];

    /// <summary>The API name of a purpose.</summary>
    public static string NameOf(ConsentPurpose purpose) => purpose switch
    {
        ConsentPurpose.Personalization => "personalization",
        ConsentPurpose.Marketing => "marketing",
        ConsentPurpose.Analytics => "analytics",
        ConsentPurpose.AiAssistant => "ai_assistant",
        _ => purpose.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses an API name, or fails with BAD_USER_INPUT naming <paramref name="argument"/>.</summary>
    public static ConsentPurpose Parse(string? name, string argument = "purpose") =>
        name is not null && ByName.TryGetValue(name.Trim(), out var purpose)
            ? purpose
            : throw new RetailError(ErrorCodes.BadUserInput,
                $"{argument}: '{name}' is not a consent purpose; use one of {string.Join(", ", ByName.Keys)}.", argument);
}

using System.Security.Cryptography;

namespace RetailCommerce.Modules.Governance.Settings;

/// <summary>Whether a purpose counts as granted until the shopper says otherwise.</summary>
public enum ConsentMode
{
    /// <summary>Withheld until the shopper grants it.</summary>
    OptIn,
    /// <summary>Granted until the shopper withdraws it.</summary>
    OptOut,
}

/// <summary>Default modes for shoppers from some countries (e.g. "EU": DE, FR, …), overriding the store default.</summary>
public sealed class ConsentRegion
{
    /// <summary>The merchant's name for the region.</summary>
    public string Name { get; set; } = "";
    /// <summary>ISO 3166-1 alpha-2 codes (upper case).</summary>
    public List<string> Countries { get; set; } = [];
    /// <summary>Mode per purpose name; purposes not listed fall back to the store default.</summary>
    public Dictionary<string, ConsentMode> Modes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One topic of the store's AI disclosure ("Recommendations", "Prices", …).</summary>
public sealed class DisclosureSection
{
    public string Topic { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>
/// A store's governance settings (one document per store, id <see cref="DocumentId"/>): default consent policy,
/// retention periods, AI disclosure texts, protected attributes for the fairness report, and the secret key that
/// makes erasure records unlinkable without the store's database.
/// </summary>
public sealed class GovernanceSettings
{
    public const string DocumentId = "governance";

    public string Id { get; set; } = DocumentId;

    /// <summary>The consent policy version the storefront currently shows (informational; each choice records its own).</summary>
    public string PolicyVersion { get; set; } = "1";

    /// <summary>
    /// Default mode per purpose when a shopper has made no choice. Out of the box everything is opt-out except
    /// marketing, so enabling the module does not silently switch off analytics and personalization for every
    /// existing customer; merchants under stricter rules set opt-in here or per region.
    /// </summary>
    public Dictionary<string, ConsentMode> Defaults { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["personalization"] = ConsentMode.OptOut,
        ["marketing"] = ConsentMode.OptIn,
        ["analytics"] = ConsentMode.OptOut,
        ["ai_assistant"] = ConsentMode.OptOut,
    };

    /// <summary>Regional overrides, matched by the customer's country.</summary>
    public List<ConsentRegion> Regions { get; set; } = [];

    /// <summary>Retention in days per data kind (see <see cref="Retention.RetentionKinds"/>); absent = kept.</summary>
    public Dictionary<string, int> RetentionDays { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The storefront's short statement on how AI is used.</summary>
    public string DisclosureSummary { get; set; } =
        "This shop uses automated systems to rank search results, suggest products and answer questions. You can switch personalization off at any time in your privacy settings.";

    /// <summary>Details per topic.</summary>
    public List<DisclosureSection> DisclosureSections { get; set; } = [];

    public DateTimeOffset? DisclosureUpdatedAt { get; set; }

    /// <summary>Input names no model may use (checked by the fairness report against recorded decision inputs).</summary>
    public List<string> ProtectedAttributes { get; set; } = ["gender", "sex", "age", "birthdate", "ethnicity", "race", "religion", "nationality", "disability", "sexual_orientation"];

    /// <summary>
    /// Days the store has to act on an erasure request before it shows as overdue (GDPR art. 12(3): one month;
    /// other laws differ, e.g. 45 days under the CCPA). Counted on the wall clock, not the store clock: it is a
    /// legal deadline running in real time.
    /// </summary>
    public int ErasureDeadlineDays { get; set; } = 30;

    /// <summary>HMAC key for erasure records (random per store; never leaves the database).</summary>
    public string ErasureKey { get; set; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The mode for a purpose and a customer's country.</summary>
    public ConsentMode ModeFor(string purpose, string? country)
    {
        if (country is { Length: > 0 })
            foreach (var region in Regions)
                if (region.Countries.Contains(country, StringComparer.OrdinalIgnoreCase) && region.Modes.TryGetValue(purpose, out var regional))
                    return regional;
        return Defaults.TryGetValue(purpose, out var mode) ? mode : ConsentMode.OptIn;
    }
}

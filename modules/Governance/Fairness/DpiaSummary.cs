using System.Text;
using Marten;
using RetailCommerce.Modules.Governance.Retention;
using RetailCommerce.Modules.Governance.Settings;

namespace RetailCommerce.Modules.Governance.Fairness;

/// <summary>One enabled module in the DPIA summary.</summary>
public sealed record DpiaModule(string Id, string Name, string Category, string Description, IReadOnlyList<string> Purposes, IReadOnlyList<string> DataKept);

/// <summary>A DPIA-style summary of a store: what runs, on which data, for which purposes, kept how long.</summary>
public sealed record DpiaSummary(string StoreId, DateTimeOffset GeneratedAt, IReadOnlyList<DpiaModule> Modules,
    IReadOnlyList<string> PlatformData, IReadOnlyDictionary<string, string> ConsentDefaults, IReadOnlyDictionary<string, string> Retention)
{
    /// <summary>The summary as Markdown, for the admin download.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"# Data protection summary: store {StoreId}").AppendLine().AppendLine($"Generated {GeneratedAt:yyyy-MM-dd HH:mm} UTC.").AppendLine();
        md.AppendLine("## Platform data").AppendLine();
        foreach (var d in PlatformData) md.AppendLine($"- {d}");
        md.AppendLine().AppendLine("## Enabled modules").AppendLine();
        foreach (var m in Modules)
        {
            md.AppendLine($"### {m.Name} (`{m.Id}`, {m.Category})").AppendLine().AppendLine(m.Description).AppendLine();
            md.AppendLine($"- Purposes (consent checked): {(m.Purposes.Count == 0 ? "none declared" : string.Join(", ", m.Purposes))}");
            md.AppendLine($"- Data kept: {(m.DataKept.Count == 0 ? "none of its own" : string.Join(", ", m.DataKept))}").AppendLine();
        }
        md.AppendLine("## Consent defaults").AppendLine();
        foreach (var (p, mode) in ConsentDefaults) md.AppendLine($"- {p}: {mode}");
        md.AppendLine().AppendLine("## Retention").AppendLine();
        foreach (var (kind, period) in Retention) md.AppendLine($"- {kind}: {period}");
        return md.ToString();
    }
}

/// <summary>
/// Builds the DPIA summary from what the host knows: enabled modules (manifest), the documents and events each
/// module's assembly registers with Marten (the data it keeps), consent defaults and retention. Purposes per module
/// come from its category until modules declare them in their manifest (see docs/governance.md).
/// </summary>
public sealed class DpiaSummaries(ModuleActivation activation, ModuleCatalog catalog, IDocumentStore store, GovernanceSettingsStore settings, TimeProvider clock)
{
    private static readonly (string Keyword, string Purpose)[] PurposeByCategory =
    [
        ("personal", "personalization"), ("recommend", "personalization"), ("search", "personalization"), ("merchandis", "personalization"),
        ("pricing", "personalization"), ("retention", "marketing"), ("marketing", "marketing"), ("loyalty", "marketing"),
        ("assistant", "ai_assistant"), ("chat", "ai_assistant"), ("insight", "analytics"), ("analytic", "analytics"),
    ];

    public async Task<DpiaSummary> BuildAsync(string storeId, CancellationToken ct)
    {
        var enabled = await activation.EnabledAsync(storeId, ct);
        var documents = store.Options.AllKnownDocumentTypes().Select(d => d.DocumentType).ToList();
        var modules = catalog.Modules.Where(m => enabled.Contains(m.Id)).Select(m =>
        {
            var text = (m.Category + " " + m.Id + " " + m.Name).ToLowerInvariant();
            var purposes = PurposeByCategory.Where(p => text.Contains(p.Keyword)).Select(p => p.Purpose).Distinct().ToList();
            var kept = documents.Where(t => t.Assembly == m.Assembly).Select(t => t.Name).Order().ToList();
            return new DpiaModule(m.Id, m.Name, m.Category, m.Description, purposes, kept);
        }).ToList();
        var s = await settings.GetAsync(storeId, ct);
        var retention = RetentionKinds.All.Keys.ToDictionary(k => k, k => s.RetentionDays.TryGetValue(k, out var d) && d > 0 ? $"{d} days" : "kept until erased");
        return new DpiaSummary(storeId, clock.GetUtcNow(), modules,
            [
                "Customers: id, e-mail, name, country, sign-up date (imported by the merchant)",
                "Shopper events: views, searches (typed text), clicks, carts, checkouts, purchases, returns, with session, device, referrer and country",
                "Profiles: per-shopper totals; anonymous sessions linked to the customer at sign-in",
                "Consent choices with policy version, time and source; erasure records (keyed hash only)",
            ],
            s.Defaults.ToDictionary(kv => kv.Key, kv => kv.Value == ConsentMode.OptIn ? "opt-in" : "opt-out"),
            retention);
    }
}

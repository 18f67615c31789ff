using System.Text;
using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Admin;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Governance.Consent;
using RetailCommerce.Modules.Governance.Decisions;
using RetailCommerce.Modules.Governance.Fairness;
using RetailCommerce.Modules.Governance.Privacy;
using RetailCommerce.Modules.Governance.Retention;
using RetailCommerce.Modules.Governance.Settings;

namespace RetailCommerce.Modules.Governance.Pages.Admin;

/// <summary>Governance admin: consent defaults, retention, disclosure texts, erasure requests, decision log, customer export and the DPIA summary.</summary>
public sealed class GovernancePageModel(GovernanceSettingsStore settingsStore, GovernedDecisionLog decisions, CustomerDataExport export,
    DpiaSummaries dpia, FairnessReporting fairness, ErasureRequests erasureRequests, CustomerErasure erasure, TimeProvider clock) : AdminPage
{
    /// <summary>Completed requests listed below the open ones.</summary>
    public const int CompletedShown = 20;

    /// <summary>Open erasure requests, oldest first.</summary>
    public IReadOnlyList<ErasureRequestView> OpenRequests { get; private set; } = [];
    /// <summary>The latest completed erasure requests.</summary>
    public IReadOnlyList<ErasureRequestView> CompletedRequests { get; private set; } = [];
    public GovernanceSettings? Settings { get; private set; }
    public DpiaSummary? Dpia { get; private set; }
    public FairnessReport? Fairness { get; private set; }
    public IReadOnlyList<AiDecisionRecord> Decisions { get; private set; } = [];
    public string? DecisionProblem { get; private set; }

    [BindProperty(SupportsGet = true)] public string? CustomerId { get; set; }
    [BindProperty(SupportsGet = true)] public string? ProductId { get; set; }

    public async Task OnGetAsync()
    {
        if (CurrentStore is null) return;
        var ct = HttpContext.RequestAborted;
        Settings = await settingsStore.GetAsync(StoreId, ct);
        OpenRequests = await erasureRequests.ListAsync(StoreId, open: true, 100, ct);
        CompletedRequests = await erasureRequests.ListAsync(StoreId, open: false, CompletedShown, ct);
        Dpia = await dpia.BuildAsync(StoreId, ct);
        var now = clock.GetUtcNow();
        Fairness = await fairness.BuildAsync(StoreId, now.AddDays(-30), now, ct);
        if (!string.IsNullOrWhiteSpace(CustomerId) || !string.IsNullOrWhiteSpace(ProductId))
        {
            try { Decisions = await decisions.FindAsync(StoreId, Blank(CustomerId), Blank(ProductId), null, null, 100, ct); }
            catch (RetailError e) { DecisionProblem = e.Message; }
        }
    }

    public Task<IActionResult> OnPostConsentDefaultAsync(string purpose, ConsentMode mode, string? region, string? countries) => ApplyAsync(async () =>
    {
        var name = ConsentPurposes.NameOf(ConsentPurposes.Parse(purpose));
        var list = string.IsNullOrWhiteSpace(countries) ? null
            : countries.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToList();
        if (list?.Any(c => c.Length != 2 || !c.All(char.IsAsciiLetter)) == true)
            throw new RetailError(ErrorCodes.BadUserInput, "countries: ISO 3166-1 alpha-2 codes such as 'DE', separated by commas.", "countries");
        await settingsStore.UpdateAsync(StoreId, s => Startup.SetDefault(s, name, mode, Blank(region), list), HttpContext.RequestAborted);
        Notice = $"{name}: {(mode == ConsentMode.OptIn ? "opt-in" : "opt-out")}{(Blank(region) is { } r ? " in " + r : "")}.";
    });

    public Task<IActionResult> OnPostRetentionAsync(string kind, int? days) => ApplyAsync(async () =>
    {
        if (!RetentionKinds.All.ContainsKey(kind)) throw new RetailError(ErrorCodes.BadUserInput, $"kind: unknown data kind '{kind}'.", "kind");
        if (days is < 0 or > 36_500) throw new RetailError(ErrorCodes.BadUserInput, "days: between 0 and 36500.", "days");
        await settingsStore.UpdateAsync(StoreId, s => { if (days is null or 0) s.RetentionDays.Remove(kind); else s.RetentionDays[kind] = days.Value; }, HttpContext.RequestAborted);
        Notice = $"Retention for {kind}: {(days is null or 0 ? "kept until erased" : days + " days")}.";
    });

    public Task<IActionResult> OnPostDisclosureAsync(string summary) => ApplyAsync(async () =>
    {
        summary = summary?.Trim() ?? "";
        if (summary.Length is 0 or > 2_000) throw new RetailError(ErrorCodes.BadUserInput, "summary: required, at most 2000 characters.", "summary");
        await settingsStore.UpdateAsync(StoreId, s => { s.DisclosureSummary = summary; s.DisclosureUpdatedAt = clock.GetUtcNow(); }, HttpContext.RequestAborted);
        Notice = "AI disclosure saved.";
    });

    /// <summary>"Erase now" on an open request: runs the erasure, which completes the request.</summary>
    public Task<IActionResult> OnPostEraseAsync(string requestId) => ApplyAsync(async () =>
    {
        var ct = HttpContext.RequestAborted;
        var request = string.IsNullOrWhiteSpace(requestId) ? null : await erasureRequests.FindAsync(StoreId, requestId.Trim(), ct);
        if (request is null) throw new RetailError(ErrorCodes.NotFound, $"requestId: no erasure request '{requestId}'.", "requestId");
        if (request.CompletedAt is not null) throw new RetailError(ErrorCodes.BadUserInput, $"requestId: request {request.RequestId} was already completed.", "requestId");
        var report = await erasure.EraseAsync(StoreId, request.CustomerId, ct);
        Notice = $"Request {request.RequestId}: customer erased ({(report.Verified ? "verified: nothing left" : "check needed: " + string.Join(", ", report.Remaining))}), erasure {report.SubjectHash[..12]}….";
    });

    public Task<IActionResult> OnPostErasureDeadlineAsync(int days) => ApplyAsync(async () =>
    {
        Startup.CheckDeadline(days);
        await settingsStore.UpdateAsync(StoreId, s => s.ErasureDeadlineDays = days, HttpContext.RequestAborted);
        Notice = $"Erasure requests are due within {days} days.";
    });

    /// <summary>Downloads a customer's export as a JSON file.</summary>
    public async Task<IActionResult> OnGetExportAsync(string customerId)
    {
        if (CurrentStore is null || string.IsNullOrWhiteSpace(customerId)) return RedirectToPage();
        try
        {
            var json = await export.ExportAsync(StoreId, customerId.Trim(), HttpContext.RequestAborted);
            return File(Encoding.UTF8.GetBytes(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })), "application/json", $"customer-export-{StoreId}.json");
        }
        catch (RetailError e) { Problem = e.Message; return RedirectToPage(); }
    }

    /// <summary>Downloads the DPIA summary as Markdown.</summary>
    public async Task<IActionResult> OnGetDpiaAsync()
    {
        if (CurrentStore is null) return RedirectToPage();
        var summary = await dpia.BuildAsync(StoreId, HttpContext.RequestAborted);
        return File(Encoding.UTF8.GetBytes(summary.ToMarkdown()), "text/markdown", $"dpia-{StoreId}.md");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

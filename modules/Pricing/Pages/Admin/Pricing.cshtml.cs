using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Admin;
using RetailCommerce.GraphQL;
using Marten;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.Guardrails;
using RetailCommerce.Modules.Pricing.Inventory;
using RetailCommerce.Modules.Pricing.Markdown;
using RetailCommerce.Persistence;
using RetailCommerce.Modules.Pricing.Optimization;
using RetailCommerce.Modules.Pricing.Prices;

namespace RetailCommerce.Modules.Pricing.Pages.Admin;

/// <summary>
/// The pricing page: mode and objective, proposals awaiting approval (with their forecast effect and reason),
/// recent price changes, products at risk of stock-out or overstock, markdown planning (plan, then apply as
/// proposals or automatically), and the guardrail sets with a form to save one.
/// </summary>
public sealed class PricingPageModel(PricingService pricing, InventoryAdvisor inventory, MarkdownService markdowns, StoreSessions sessions) : AdminPage
{
    public IReadOnlyList<InventoryAdvice> Risks { get; private set; } = [];
    /// <summary>False before the first training: the risk list needs a forecast and a page view should not train a model.</summary>
    public bool HasModel { get; private set; }
    public IReadOnlyList<MarkdownPlanDocument> Markdowns { get; private set; } = [];
    public MarkdownPlan? Plan { get; private set; }
    public string? PlanProblem { get; private set; }
    [BindProperty(SupportsGet = true)] public string? MarkdownProduct { get; set; }
    [BindProperty(SupportsGet = true)] public double? MarkdownTarget { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? MarkdownBy { get; set; }

    public PricingSettings Settings { get; private set; } = new();
    public IReadOnlyList<PriceProposed> Proposals { get; private set; } = [];
    public IReadOnlyList<PriceHistoryEntry> Changes { get; private set; } = [];
    public IReadOnlyList<GuardrailSet> Guardrails { get; private set; } = [];

    [BindProperty] public GuardrailForm Form { get; set; } = new();

    public async Task OnGetAsync()
    {
        if (CurrentStore is null) return;
        var ct = HttpContext.RequestAborted;
        Settings = await pricing.SettingsAsync(StoreId, ct);
        Proposals = (await pricing.PendingAsync(StoreId, 50, ct)).Select(p => p.Pending!).ToList();
        Changes = await pricing.RecentChangesAsync(StoreId, 20, ct);
        Guardrails = await pricing.GuardrailSetsAsync(StoreId, ct);
        await using (var session = sessions.Read(StoreId))
            HasModel = await session.LoadAsync<DemandModelDocument>(DemandModelDocument.DocumentId, ct) is not null;
        if (HasModel) Risks = await inventory.RisksAsync(StoreId, 50, ct);
        Markdowns = await markdowns.PlansAsync(StoreId, 20, ct);
        if (!string.IsNullOrWhiteSpace(MarkdownProduct) && MarkdownTarget is { } target && MarkdownBy is { } by)
        {
            try { Plan = await markdowns.PlanAsync(StoreId, MarkdownProduct.Trim(), target / 100, by, ct); }
            catch (RetailError e) { PlanProblem = e.Message; }
        }
    }

    public Task<IActionResult> OnPostApplyMarkdownAsync(bool automatic) => ApplyAsync(async () =>
    {
        if (string.IsNullOrWhiteSpace(MarkdownProduct) || MarkdownTarget is not { } target || MarkdownBy is not { } by)
            throw new RetailError(ErrorCodes.BadUserInput, "markdown: product, target and date are required.", "markdown");
        var doc = await markdowns.ApplyAsync(StoreId, MarkdownProduct.Trim(), target / 100, by, automatic, HttpContext.RequestAborted);
        Notice = $"Markdown for {doc.Id}: {doc.Status}.";
    });

    public Task<IActionResult> OnPostCancelMarkdownAsync(string productId) => ApplyAsync(async () =>
    {
        Notice = await markdowns.CancelAsync(StoreId, productId, HttpContext.RequestAborted) ? $"Cancelled the markdown of {productId}." : $"{productId} had no active markdown.";
    });

    public Task<IActionResult> OnPostSettingsAsync(PricingMode mode, PricingObjective objective) => ApplyAsync(async () =>
    {
        await pricing.SaveSettingsAsync(StoreId, mode, objective, null, HttpContext.RequestAborted);
        Notice = $"Mode {mode}, objective {objective}.";
    });

    public Task<IActionResult> OnPostApproveAsync(string productId) => ApplyAsync(async () =>
    {
        await pricing.ApproveAsync(StoreId, productId, HttpContext.RequestAborted);
        Notice = $"Approved the new price of {productId}.";
    });

    public Task<IActionResult> OnPostRejectAsync(string productId) => ApplyAsync(async () =>
    {
        await pricing.RejectAsync(StoreId, productId, null, HttpContext.RequestAborted);
        Notice = $"Rejected the proposal for {productId}.";
    });

    public Task<IActionResult> OnPostRepriceAsync() => ApplyAsync(async () =>
    {
        Notice = (await pricing.RepriceAsync(StoreId, null, HttpContext.RequestAborted)).Outcome;
    });

    public Task<IActionResult> OnPostGuardrailsAsync() => ApplyAsync(async () =>
    {
        var set = await pricing.SaveGuardrailsAsync(StoreId, Form.ToInput(), HttpContext.RequestAborted);
        Notice = $"Saved guardrails for {set.Scope.ToString().ToLowerInvariant()} {set.Target}.";
    });
}

/// <summary>The guardrail form's fields.</summary>
public sealed class GuardrailForm
{
    public GuardrailScope Scope { get; set; } = GuardrailScope.Product;
    public string? Target { get; set; }
    public decimal? Floor { get; set; }
    public decimal? Ceiling { get; set; }
    public decimal? Cost { get; set; }
    public decimal? MinMarginPercent { get; set; }
    public decimal? MaxStepChangePercent { get; set; }
    public decimal? MaxDailyChangePercent { get; set; }
    public int? MinHoursBetweenChanges { get; set; }
    public bool Essential { get; set; }
    public decimal? PriceEnding { get; set; }
    public CompetitorPolicy? Competitor { get; set; }
    public decimal? CompetitorWithinPercent { get; set; }

    public GuardrailInput ToInput() => new()
    {
        Scope = Scope, Target = Target, Floor = Floor, Ceiling = Ceiling, Cost = Cost, MinMarginPercent = MinMarginPercent,
        MaxStepChangePercent = MaxStepChangePercent, MaxDailyChangePercent = MaxDailyChangePercent, MinHoursBetweenChanges = MinHoursBetweenChanges,
        Essential = Essential ? true : null, PriceEnding = PriceEnding, Competitor = Competitor, CompetitorWithinPercent = CompetitorWithinPercent,
    };
}

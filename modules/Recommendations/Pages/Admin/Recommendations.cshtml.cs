using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Admin;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Recommendations.Exposure;
using RetailCommerce.Modules.Recommendations.Serving;

namespace RetailCommerce.Modules.Recommendations.Pages.Admin;

/// <summary>Recommendations admin: model versions with rollback and offline metrics, per-placement settings and rules, the feedback-loop report, and a preview with reasons.</summary>
public sealed class RecommendationsPageModel(ModelRegistry models, RecommendationSettingsStore settingsStore, RecommendationReporting reporting,
    RecommendationService service) : AdminPage
{
    public IReadOnlyList<RecommendationModelVersion> Versions { get; private set; } = [];
    public string? ActiveVersion { get; private set; }
    public RecommendationSettings Settings { get; private set; } = new();
    public RecommendationReport? Report { get; private set; }
    public RecommendationList? Preview { get; private set; }
    public string? PreviewProblem { get; private set; }

    [BindProperty(SupportsGet = true)] public Placement PreviewPlacement { get; set; } = Placement.Personalized;
    [BindProperty(SupportsGet = true)] public string? PreviewCustomer { get; set; }
    [BindProperty(SupportsGet = true)] public string? PreviewProduct { get; set; }

    public bool IsLoaded(string version) => models.IsLoaded(StoreId, version);

    public async Task OnGetAsync()
    {
        if (CurrentStore is null) return;
        var ct = HttpContext.RequestAborted;
        (Versions, ActiveVersion) = await models.ListAsync(StoreId, ct);
        Settings = await settingsStore.LoadAsync(StoreId, ct);
        Report = await reporting.BuildAsync(StoreId, 30, ct);
        if (Request.Query.ContainsKey(nameof(PreviewPlacement)))
        {
            try
            {
                await models.ActiveAsync(StoreId, ct);
                Preview = await service.RecommendAsync(StoreId, new RecommendationRequest
                {
                    Placement = PreviewPlacement,
                    CustomerId = string.IsNullOrWhiteSpace(PreviewCustomer) ? null : PreviewCustomer.Trim(),
                    ProductId = string.IsNullOrWhiteSpace(PreviewProduct) ? null : PreviewProduct.Trim(),
                    Count = 10,
                }, ct, log: false);
            }
            catch (RetailError e) { PreviewProblem = e.Message; }
        }
    }

    public Task<IActionResult> OnPostRetrainAsync() => ApplyAsync(async () =>
    {
        var (outcome, _) = await models.TrainAsync(StoreId, null, "admin retrain", HttpContext.RequestAborted);
        Notice = outcome;
    });

    public Task<IActionResult> OnPostRollbackAsync(string version) => ApplyAsync(async () =>
    {
        await models.ActivateAsync(StoreId, version, "admin " + CurrentUser.Id, HttpContext.RequestAborted);
        Notice = $"Version {version} serves now.";
    });

    public Task<IActionResult> OnPostSavePlacementAsync(Placement placement, bool enabled, int maxPerBrand, int maxPerCategory, double diversityLambda,
        bool explorationSlot, string? pins, string? boosts) => ApplyAsync(async () =>
    {
        await settingsStore.UpdateAsync(StoreId, s =>
        {
            var p = s.For(placement);
            p.Enabled = enabled;
            p.MaxPerBrand = maxPerBrand;
            p.MaxPerCategory = maxPerCategory;
            p.DiversityLambda = diversityLambda;
            p.ExplorationSlot = explorationSlot;
            p.Pins = RecommendationSettingsStore.ParsePins(Lines(pins));
            p.Boosts = RecommendationSettingsStore.ParseBoosts(Lines(boosts));
            s.Placements[RecommendationSettings.Key(placement)] = p;
        }, HttpContext.RequestAborted);
        Notice = $"{RecommendationSettings.GraphQLName(placement)} saved.";
    });

    public Task<IActionResult> OnPostSaveRulesAsync(string? durableCategories, bool noRepeatsOfAnyPurchase, bool marginTieBreak, int newProductDays, int decisionLogSampleEvery) =>
        ApplyAsync(async () =>
        {
            await settingsStore.UpdateAsync(StoreId, s =>
            {
                s.DurableCategories = [.. Lines(durableCategories)];
                s.NoRepeatsOfAnyPurchase = noRepeatsOfAnyPurchase;
                s.MarginTieBreak = marginTieBreak;
                s.NewProductDays = newProductDays;
                s.DecisionLogSampleEvery = decisionLogSampleEvery;
            }, HttpContext.RequestAborted);
            Notice = "Rules saved.";
        });

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

using Marten;
using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Admin;
using RetailCommerce.Modules.Personalization.Abandonment;
using RetailCommerce.Modules.Personalization.Content;
using RetailCommerce.Modules.Personalization.Experiments;
using RetailCommerce.Modules.Personalization.Segments;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Personalization.Pages.Admin;

/// <summary>Segments (sizes and cluster profiles), rule segments, experiments with their results, content slots and session models.</summary>
public sealed class PersonalizationPageModel(StoreSessions sessions, ExperimentService experiments, ShopperSegments segments,
    ContentPersonalizer content, Segmentation segmentation, SessionModels models) : AdminPage
{
    public SegmentationSummary? Summary { get; private set; }
    public IReadOnlyList<(RuleSegment Rule, int Size)> Rules { get; private set; } = [];
    public IReadOnlyList<ExperimentReport> Experiments { get; private set; } = [];
    public IReadOnlyList<ContentSlot> Slots { get; private set; } = [];
    public SessionModelSnapshot? Models { get; private set; }

    public async Task OnGetAsync()
    {
        if (CurrentStore is null) return;
        var ct = HttpContext.RequestAborted;
        List<PersonalizationProfile> profiles;
        await using (var read = sessions.Read(StoreId))
        {
            Summary = await read.LoadAsync<SegmentationSummary>(SegmentationSummary.DocumentId, ct);
            Models = await read.LoadAsync<SessionModelSnapshot>(SessionModelSnapshot.DocumentId, ct);
            profiles = (await read.Query<PersonalizationProfile>().ToListAsync(ct)).ToList();
        }
        Rules = (await segments.RulesAsync(StoreId, ct))
            .Select(r => (r, profiles.Count(p => SegmentRules.Matches(r, new RuleFacts(p, null, [], null, null))))).ToList();
        var reports = new List<ExperimentReport>();
        foreach (var e in (await experiments.ListAsync(StoreId, ct)).Take(20))
            if (await experiments.ReportAsync(StoreId, e.Id, ct) is { } report) reports.Add(report);
        Experiments = reports;
        Slots = await content.ListAsync(StoreId, ct);
    }

    public Task<IActionResult> OnPostSegmentAsync() => ApplyAsync(async () =>
        Notice = (await segmentation.RunAsync(StoreId, HttpContext.RequestAborted)).Outcome);

    public Task<IActionResult> OnPostTrainAsync() => ApplyAsync(async () =>
        Notice = (await models.TrainAsync(StoreId, HttpContext.RequestAborted)).Outcome);

    public Task<IActionResult> OnPostStopAsync(string id) => ApplyAsync(async () =>
        Notice = "Stopped: " + (await experiments.StopAsync(StoreId, id, null, null, HttpContext.RequestAborted)).Experiment.StopReason);
}

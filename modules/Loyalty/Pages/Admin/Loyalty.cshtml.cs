using Marten;
using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Admin;
using RetailCommerce.Customers;
using RetailCommerce.Modules.Loyalty.Segments;
using RetailCommerce.Modules.Loyalty.Value;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Loyalty.Pages.Admin;

/// <summary>The merchant's view of customer value: the fitted models and their AUCs, segment sizes, top-value and at-risk customers.</summary>
public sealed class LoyaltyPageModel(StoreSessions sessions, CustomerSegments segments, CustomerValueFitting fitting) : AdminPage
{
    public LifetimeModelFit? Fit { get; private set; }
    public IReadOnlyList<(CustomerSegment Segment, int Count)> SegmentSizes { get; private set; } = [];
    public IReadOnlyList<CustomerValue> Champions { get; private set; } = [];
    public IReadOnlyList<CustomerValue> AtRisk { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (CurrentStore is null) return;
        var ct = HttpContext.RequestAborted;
        await using (var session = sessions.Read(StoreId))
        {
            Fit = await session.LoadAsync<LifetimeModelFit>(LifetimeModelFit.DocumentId, ct);
            var counts = await session.Query<CustomerValue>().GroupBy(v => v.Segment).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            SegmentSizes = Enum.GetValues<CustomerSegment>().Select(s => (s, counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0)).ToList();
        }
        Champions = await segments.ListAsync(StoreId, CustomerSegment.Champion, 10, ct);
        AtRisk = await segments.ListAsync(StoreId, CustomerSegment.AtRisk, 10, ct);
    }

    public Task<IActionResult> OnPostFitAsync() => ApplyAsync(async () =>
        Notice = (await fitting.FitAsync(StoreId, null, HttpContext.RequestAborted)).Outcome);
}

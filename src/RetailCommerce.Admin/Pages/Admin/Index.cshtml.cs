using RetailCommerce.Stores;

namespace RetailCommerce.Admin.Pages.Admin;

/// <summary>The admin home: store totals and the dashboard cards of the store's enabled modules.</summary>
public sealed class DashboardModel(StoreStatistics statistics, AdminContributions contributions) : AdminPage
{
    public StoreStats Stats { get; private set; } = new(0, 0, 0, null);
    public IReadOnlyList<DashboardCard> Cards { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (CurrentStore is null) return;
        Stats = await statistics.ReadAsync(StoreId, HttpContext.RequestAborted);
        Cards = contributions.Cards.Where(c => EnabledModules.Contains(c.ModuleId)).ToList();
    }
}

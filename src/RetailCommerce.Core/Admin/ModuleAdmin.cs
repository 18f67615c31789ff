using Microsoft.AspNetCore.Mvc;

namespace RetailCommerce.Admin;

/// <summary>
/// Where a module contributes to the merchant admin UI: its own Razor Pages (listed in the admin menu),
/// a settings page (linked from the Modules page) and dashboard cards (view components shown on the
/// admin home page). The admin shell renders whatever modules contribute without naming any of them.
/// </summary>
public sealed class ModuleAdmin(string moduleId)
{
    private readonly List<AdminPageLink> _pages = [];
    private readonly List<DashboardCard> _cards = [];

    /// <summary>The contributing module.</summary>
    public string ModuleId { get; } = moduleId;

    /// <summary>
    /// Lists one of the module's Razor Pages in the admin menu. <paramref name="path"/> is the page's URL,
    /// which must start with <c>/admin/</c> (e.g. <c>/admin/insights</c>).
    /// </summary>
    public ModuleAdmin AddPage(string title, string path)
    {
        _pages.Add(new AdminPageLink(ModuleId, title, CheckedPath(path)));
        return this;
    }

    /// <summary>The module's settings page, linked from the Modules page.</summary>
    public ModuleAdmin SetSettingsPage(string path)
    {
        SettingsPath = CheckedPath(path);
        return this;
    }

    /// <summary>
    /// Shows a view component on the admin dashboard. The component is invoked with one argument,
    /// <c>storeId</c> (string), and is only shown for stores where the module is enabled.
    /// </summary>
    public ModuleAdmin AddDashboardCard<TViewComponent>(string title, int order = 100) where TViewComponent : ViewComponent
    {
        _cards.Add(new DashboardCard(ModuleId, title, typeof(TViewComponent), order));
        return this;
    }

    /// <summary>The settings page path, if the module has one.</summary>
    public string? SettingsPath { get; private set; }

    internal IReadOnlyList<AdminPageLink> Pages => _pages;
    internal IReadOnlyList<DashboardCard> Cards => _cards;

    private static string CheckedPath(string path) =>
        path.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase)
            ? path
            : throw new ArgumentException($"Admin pages live under /admin/ (got '{path}').", nameof(path));
}

/// <summary>A module page in the admin menu.</summary>
public sealed record AdminPageLink(string ModuleId, string Title, string Path);

/// <summary>A module's card on the admin dashboard.</summary>
public sealed record DashboardCard(string ModuleId, string Title, Type ViewComponent, int Order);

/// <summary>Everything the modules contribute to the admin UI, collected once at start.</summary>
public sealed class AdminContributions
{
    private readonly Dictionary<string, string> _settings = new(StringComparer.OrdinalIgnoreCase);

    internal AdminContributions(IEnumerable<ModuleAdmin> modules)
    {
        foreach (var m in modules)
        {
            Pages.AddRange(m.Pages);
            Cards.AddRange(m.Cards);
            if (m.SettingsPath is { } path) _settings[m.ModuleId] = path;
        }
        Cards.Sort((a, b) => a.Order.CompareTo(b.Order));
    }

    /// <summary>Module pages for the admin menu.</summary>
    public List<AdminPageLink> Pages { get; } = [];

    /// <summary>Dashboard cards in display order.</summary>
    public List<DashboardCard> Cards { get; } = [];

    /// <summary>The settings page of a module, if it has one.</summary>
    public string? SettingsPathOf(string moduleId) => _settings.GetValueOrDefault(moduleId);
}

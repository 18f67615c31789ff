using Microsoft.AspNetCore.Mvc;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules;

namespace RetailCommerce.Admin.Pages.Admin;

/// <summary>Every discovered module with its per-store switch; the same rules as the API's enableModule/disableModule.</summary>
public sealed class ModulesModel(ModuleCatalog catalog, ModuleActivation activation, AdminContributions contributions) : AdminPage
{
    public IReadOnlyList<ModuleDescriptor> Modules => catalog.Modules.OrderBy(m => m.Category).ThenBy(m => m.Name).ToList();

    public string? SettingsPathOf(string moduleId) => contributions.SettingsPathOf(moduleId);

    public void OnGet() { }

    public Task<IActionResult> OnPostEnableAsync(string id) => ApplyAsync(async () =>
    {
        var added = await activation.EnableAsync(StoreId, id, HttpContext.RequestAborted);
        Notice = added.Count switch
        {
            0 => $"{id} was already enabled.",
            1 => $"Enabled {id}.",
            _ => $"Enabled {id} and what it depends on: {string.Join(", ", added.Where(a => a != id))}.",
        };
    });

    public Task<IActionResult> OnPostDisableAsync(string id) => ApplyAsync(async () =>
    {
        await activation.DisableAsync(StoreId, id, HttpContext.RequestAborted);
        Notice = $"Disabled {id}. Its API fields now answer MODULE_DISABLED for this store.";
    });
}

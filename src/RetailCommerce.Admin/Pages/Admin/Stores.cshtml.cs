using Microsoft.AspNetCore.Mvc;
using RetailCommerce.GraphQL;
using RetailCommerce.Stores;

namespace RetailCommerce.Admin.Pages.Admin;

/// <summary>The store switcher's target (any merchant) and, for owners, the list of stores and store creation.</summary>
public sealed class StoresModel(StoreDirectory stores) : AdminPage
{
    [TempData] public string? NewKey { get; set; }

    public IActionResult OnGet() => CurrentUser.Role == Accounts.MerchantRole.Owner ? Page() : Forbid();

    /// <summary>Switches the managed store (only to a store the user manages).</summary>
    public IActionResult OnPostSwitch(string storeId)
    {
        if (Stores.Any(s => s.Id == storeId)) RememberStore(storeId);
        else Problem = $"You do not manage store '{storeId}'.";
        var back = Request.Headers.Referer.ToString();
        return Redirect(Uri.TryCreate(back, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith("/admin") ? uri.PathAndQuery : "/admin");
    }

    public async Task<IActionResult> OnPostCreateAsync(string id, string name)
    {
        if (CurrentUser.Role != Accounts.MerchantRole.Owner) return Forbid();
        try
        {
            var (created, key) = await stores.CreateAsync((id ?? "").Trim(), name ?? "", ct: HttpContext.RequestAborted);
            NewKey = key;
            RememberStore(created.Id);
        }
        catch (RetailError e) { Problem = e.Message; }
        return RedirectToPage();
    }
}

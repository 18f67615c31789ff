using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Admin.Accounts;
using RetailCommerce.Modules;
using RetailCommerce.Stores;

namespace RetailCommerce.Admin;

/// <summary>
/// Base of every signed-in admin page, the modules' pages included: requires a merchant sign-in, and resolves
/// the store being managed (the store switcher's choice, limited to the stores the user manages).
/// </summary>
[Authorize(AuthenticationSchemes = AdminUi.Scheme, Policy = AdminUi.MerchantPolicy)]
public abstract class AdminPage : PageModel
{
    /// <summary>The cookie remembering the store switcher's choice.</summary>
    public const string StoreCookie = "retail_admin_store";

    /// <summary>The signed-in user.</summary>
    public MerchantUser CurrentUser { get; private set; } = null!;

    /// <summary>The store being managed; null when the user manages none.</summary>
    public Store? CurrentStore { get; private set; }

    /// <summary>The store id being managed ("" when none).</summary>
    public string StoreId => CurrentStore?.Id ?? "";

    /// <summary>Stores the user may switch to.</summary>
    public IReadOnlyList<Store> Stores { get; private set; } = [];

    /// <summary>Modules enabled in the current store.</summary>
    public IReadOnlySet<string> EnabledModules { get; private set; } = new HashSet<string>();

    /// <summary>A one-time message shown at the top of the next page.</summary>
    [TempData] public string? Notice { get; set; }

    /// <summary>A one-time error shown at the top of the next page.</summary>
    [TempData] public string? Problem { get; set; }

    /// <summary>Resolves the user and the store before any handler runs.</summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        var user = await services.GetRequiredService<MerchantAccounts>().FindAsync(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", HttpContext.RequestAborted);
        if (user is null)
        {
            // The account was removed after sign-in.
            context.Result = new RedirectResult("/admin/signin");
            return;
        }
        CurrentUser = user;
        var all = await services.GetRequiredService<StoreDirectory>().ListAsync(HttpContext.RequestAborted);
        Stores = all.Where(s => user.Manages(s.Id)).ToList();
        var wanted = Request.Cookies[StoreCookie];
        CurrentStore = Stores.FirstOrDefault(s => s.Id == wanted) ?? Stores.FirstOrDefault();
        if (CurrentStore is not null)
            EnabledModules = await services.GetRequiredService<ModuleActivation>().EnabledAsync(CurrentStore.Id, HttpContext.RequestAborted);
        await next();
    }

    /// <summary>
    /// Runs a form's change and comes back to the page (post/redirect/get); a refused change (the same
    /// <see cref="GraphQL.RetailError"/> the API answers with) is shown as the page's problem message.
    /// Without a store to act on, nothing is changed.
    /// </summary>
    protected async Task<IActionResult> ApplyAsync(Func<Task> change)
    {
        if (CurrentStore is null) return RedirectToPage();
        try { await change(); }
        catch (GraphQL.RetailError e) { Problem = e.Message; }
        return RedirectToPage();
    }

    /// <summary>Remembers the store to manage.</summary>
    protected void RememberStore(string storeId) =>
        Response.Cookies.Append(StoreCookie, storeId, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true, Path = "/admin" });
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace RetailCommerce.Admin.Pages.Admin;

/// <summary>Ends the sign-in (POST only, so a link on another site cannot sign a merchant out).</summary>
public sealed class SignOutModel : AdminPage
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AdminUi.Scheme);
        return Redirect("/admin/signin");
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using RetailCommerce.Admin.Accounts;

namespace RetailCommerce.Admin.Pages.Admin;

/// <summary>Merchant sign-in with lockout after repeated wrong passwords.</summary>
[AllowAnonymous]
public sealed class SignInModel(MerchantAccounts accounts, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    public string? Problem { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await accounts.SignInAsync(UserName ?? "", Password ?? "", HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            logger.LogWarning("Failed admin sign-in for {User}{Locked}", UserName, outcome.LockedUntil is null ? "" : " (locked)");
            Problem = outcome.LockedUntil is { } until
                ? $"Too many wrong passwords: this account is locked until {until:HH:mm} UTC."
                : "Wrong user name or password.";
            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status401Unauthorized;
            return Page();
        }

        var user = outcome.User!;
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
        ], AdminUi.Scheme);
        await HttpContext.SignInAsync(AdminUi.Scheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/admin", StringComparison.OrdinalIgnoreCase) ? ReturnUrl : "/admin");
    }
}

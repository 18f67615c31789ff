namespace RetailCommerce.Admin.Pages.Admin;

/// <summary>Shown when a signed-in user opens a page their role does not allow.</summary>
public sealed class DeniedModel : AdminPage
{
    public void OnGet() => Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden;
}

using Microsoft.AspNetCore.Mvc;
using RetailCommerce.GraphQL;
using RetailCommerce.Stores;

namespace RetailCommerce.Admin.Pages.Admin;

/// <summary>Store name, currency and storefront keys (create, rotate, revoke).</summary>
public sealed class SettingsModel(StoreDirectory stores) : AdminPage
{
    public IReadOnlyList<StorefrontKey> Keys { get; private set; } = [];

    /// <summary>A key just created, shown once (kept in TempData for the redirect only).</summary>
    [TempData] public string? NewKey { get; set; }

    public async Task OnGetAsync()
    {
        if (CurrentStore is not null) Keys = await stores.KeysAsync(StoreId, HttpContext.RequestAborted);
    }

    public Task<IActionResult> OnPostSaveAsync(string name, string currency) => ApplyAsync(async () =>
    {
        await stores.UpdateAsync(StoreId, name, currency, HttpContext.RequestAborted);
        Notice = "Saved.";
    });

    public Task<IActionResult> OnPostCreateKeyAsync() => ApplyAsync(async () =>
        NewKey = await stores.AddKeyAsync(StoreId, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostRotateAsync(string keyId) => ApplyAsync(async () =>
    {
        NewKey = await stores.RotateKeyAsync(StoreId, keyId, HttpContext.RequestAborted);
        Notice = "The old key is revoked; storefronts must use the new one.";
    });

    public Task<IActionResult> OnPostRevokeAsync(string keyId) => ApplyAsync(async () =>
    {
        await stores.RevokeKeyAsync(StoreId, keyId, HttpContext.RequestAborted);
        Notice = "Key revoked.";
    });
}

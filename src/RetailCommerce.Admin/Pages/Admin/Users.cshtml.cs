using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RetailCommerce.Admin.Accounts;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Admin.Pages.Admin;

/// <summary>Owners manage who can sign in: add users, unlock locked accounts, remove users.</summary>
[Authorize(Policy = AdminUi.OwnerPolicy)]
public sealed class UsersModel(MerchantAccounts accounts, IOptions<AdminUiOptions> options) : AdminPage
{
    public IReadOnlyList<MerchantUser> Users { get; private set; } = [];
    public int MinPasswordLength => options.Value.MinPasswordLength;

    public async Task OnGetAsync() => Users = await accounts.ListAsync(HttpContext.RequestAborted);

    public Task<IActionResult> OnPostCreateAsync(string userName, string? displayName, string password, MerchantRole role, string? stores) =>
        ApplyAsync(async () =>
        {
            var user = await accounts.CreateAsync(userName, displayName ?? "", password, role, (stores ?? "").Split(','), HttpContext.RequestAborted);
            Notice = $"Added {user.Id}.";
        });

    public Task<IActionResult> OnPostUnlockAsync(string userName) => ApplyAsync(async () =>
    {
        await accounts.UnlockAsync(userName, HttpContext.RequestAborted);
        Notice = $"Unlocked {userName}.";
    });

    public Task<IActionResult> OnPostRemoveAsync(string userName) => ApplyAsync(async () =>
    {
        if (userName == CurrentUser.Id) throw new RetailError(ErrorCodes.BadUserInput, "You cannot remove yourself.", "userName");
        await accounts.RemoveAsync(userName, HttpContext.RequestAborted);
        Notice = $"Removed {userName}.";
    });
}

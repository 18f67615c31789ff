using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Admin;
using RetailCommerce.Modules.Loyalty.Program;

namespace RetailCommerce.Modules.Loyalty.Pages.Admin;

/// <summary>The loyalty program's settings page (linked from the Modules page): earn rules, expiry, tiers and campaigns.</summary>
public sealed class LoyaltySettingsModel(PointsBook book) : AdminPage
{
    public LoyaltyProgram? Program { get; private set; }

    public async Task OnGetAsync()
    {
        if (CurrentStore is not null) Program = await book.ProgramAsync(StoreId, HttpContext.RequestAborted);
    }

    public Task<IActionResult> OnPostEarnRuleAsync(double rate, string? category, int? expiryDays) => ApplyAsync(async () =>
    {
        await book.SetEarnRuleAsync(StoreId, rate, category, expiryDays, HttpContext.RequestAborted);
        Notice = category is null ? $"Store-wide rate set to {rate} points per unit." : $"Category '{category}' earns {rate}× points.";
    });
}

using RetailCommerce.Modules;
using RetailCommerce.Shopping;

namespace RetailCommerce.Modules.Loyalty.Program;

/// <summary>
/// A customer's points balance and tier for other modules (the shopping assistant answers "how many points do I
/// have?" with it). Answers only for stores where Loyalty is enabled.
/// </summary>
public sealed class LoyaltyBalanceForOthers(PointsBook book, ModuleActivation activation) : ILoyaltyBalance
{
    public async Task<LoyaltyBalance?> BalanceAsync(string storeId, string customerId, CancellationToken ct)
    {
        if (!await activation.IsEnabledAsync(storeId, "loyalty", ct)) return null;
        var ledger = await book.LedgerAsync(storeId, customerId, ct);
        var program = await book.ProgramAsync(storeId, ct);
        return new LoyaltyBalance(customerId, ledger.Balance, program.TierFor(ledger.QualifyingPoints).Name);
    }
}

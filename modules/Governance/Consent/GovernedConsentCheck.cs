using RetailCommerce.Consent;

namespace RetailCommerce.Modules.Governance.Consent;

/// <summary>
/// The platform's <see cref="IConsentCheck"/> backed by recorded choices and the store's default policy. Stores
/// without the governance module enabled get the platform default (everything granted), so installing the module
/// changes nothing until a merchant enables it. Erased customers count as having withheld every purpose, so
/// events that still arrive with their id are stored without the link.
/// </summary>
public sealed class GovernedConsentCheck(ModuleActivation activation, ConsentBook book) : IConsentCheck
{
    public async Task<bool> IsGrantedAsync(string storeId, string customerId, ConsentPurpose purpose, CancellationToken ct = default) =>
        !await activation.IsEnabledAsync(storeId, GovernanceModule.Id, ct)
        || (await book.WithheldAsync(storeId, [customerId], purpose, ct)).Count == 0;

    public async Task<IReadOnlySet<string>> WithheldAsync(string storeId, IReadOnlyCollection<string> customerIds, ConsentPurpose purpose, CancellationToken ct = default) =>
        await activation.IsEnabledAsync(storeId, GovernanceModule.Id, ct)
            ? await book.WithheldAsync(storeId, customerIds, purpose, ct)
            : new HashSet<string>();
}

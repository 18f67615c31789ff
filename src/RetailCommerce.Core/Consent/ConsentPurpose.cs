namespace RetailCommerce.Consent;

/// <summary>What a shopper can agree to, separately.</summary>
public enum ConsentPurpose
{
    /// <summary>Profiles and personalized results (recommendations, ranking, content).</summary>
    Personalization,
    /// <summary>Marketing messages and incentives.</summary>
    Marketing,
    /// <summary>Linking behaviour to the customer for analytics.</summary>
    Analytics,
    /// <summary>Talking to the AI shopping assistant.</summary>
    AiAssistant,
}

/// <summary>
/// The one consent check every module uses. The platform's default grants everything (a store without a
/// consent-managing module); a governance module replaces it with the shopper's recorded choices.
/// </summary>
public interface IConsentCheck
{
    /// <summary>True when <paramref name="customerId"/> of <paramref name="storeId"/> has granted <paramref name="purpose"/>.</summary>
    Task<bool> IsGrantedAsync(string storeId, string customerId, ConsentPurpose purpose, CancellationToken ct = default);

    /// <summary>The customers among <paramref name="customerIds"/> who have not granted <paramref name="purpose"/>.</summary>
    Task<IReadOnlySet<string>> WithheldAsync(string storeId, IReadOnlyCollection<string> customerIds, ConsentPurpose purpose, CancellationToken ct = default);
}

/// <summary>Default when no module manages consent: everything granted.</summary>
public sealed class ConsentNotManaged : IConsentCheck
{
    public Task<bool> IsGrantedAsync(string storeId, string customerId, ConsentPurpose purpose, CancellationToken ct = default) => Task.FromResult(true);

    public Task<IReadOnlySet<string>> WithheldAsync(string storeId, IReadOnlyCollection<string> customerIds, ConsentPurpose purpose, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());
}

using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Consent;

namespace RetailCommerce.Modules.Recommendations.Tests.Integration;

/// <summary>
/// The real host with only the Recommendations module, on its own private PostgreSQL; consent is a test
/// double the tests switch per customer, and live signals refresh on every request.
/// </summary>
public sealed class RecommendationsHost : RetailHost
{
    public RecommendationsHost() : this(new SwitchableConsent()) { }

    private RecommendationsHost(SwitchableConsent consent) : base([typeof(Startup).Assembly],
        new Dictionary<string, string> { ["Retail:Recommendations:SignalsRefreshSeconds"] = "0" },
        services: s => s.AddSingleton<IConsentCheck>(consent))
    {
        Consent = consent;
    }

    /// <summary>Customers listed here have withdrawn personalization consent.</summary>
    public SwitchableConsent Consent { get; }
}

/// <summary>Grants everything except personalization for the customers in <see cref="WithoutPersonalization"/>.</summary>
public sealed class SwitchableConsent : IConsentCheck
{
    public ConcurrentDictionary<string, bool> WithoutPersonalization { get; } = new();

    public Task<bool> IsGrantedAsync(string storeId, string customerId, ConsentPurpose purpose, CancellationToken ct = default) =>
        Task.FromResult(purpose != ConsentPurpose.Personalization || !WithoutPersonalization.ContainsKey(customerId));

    public Task<IReadOnlySet<string>> WithheldAsync(string storeId, IReadOnlyCollection<string> customerIds, ConsentPurpose purpose, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlySet<string>>(purpose == ConsentPurpose.Personalization
            ? customerIds.Where(WithoutPersonalization.ContainsKey).ToHashSet()
            : new HashSet<string>());
}

[CollectionDefinition(Name)]
public sealed class RecommendationsHostCollection : ICollectionFixture<RecommendationsHost>
{
    public const string Name = "recommendations-host";
}

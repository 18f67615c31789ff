using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Consent;

namespace RetailCommerce.Modules.Search.Tests.Integration;

/// <summary>The real host with only the Search module, on its own PostgreSQL cluster; consent is a switch the tests flip.</summary>
public sealed class SearchHost : RetailHost
{
    public SearchHost() : this(new SwitchableConsent()) { }

    private SearchHost(SwitchableConsent consent) : base([typeof(Startup).Assembly], services: s => s.AddSingleton<IConsentCheck>(consent)) => Consent = consent;

    /// <summary>Customers who withdrew Personalization consent.</summary>
    public SwitchableConsent Consent { get; }
}

/// <summary>Grants everything except what a test withdraws.</summary>
public sealed class SwitchableConsent : IConsentCheck
{
    private readonly ConcurrentDictionary<(string Store, string Customer), bool> _withdrawn = new();

    public void Withdraw(string store, string customer) => _withdrawn[(store, customer)] = true;

    public Task<bool> IsGrantedAsync(string storeId, string customerId, ConsentPurpose purpose, CancellationToken ct = default) =>
        Task.FromResult(!(purpose == ConsentPurpose.Personalization && _withdrawn.ContainsKey((storeId, customerId))));

    public Task<IReadOnlySet<string>> WithheldAsync(string storeId, IReadOnlyCollection<string> customerIds, ConsentPurpose purpose, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlySet<string>>(customerIds.Where(c => purpose == ConsentPurpose.Personalization && _withdrawn.ContainsKey((storeId, c))).ToHashSet());
}

[CollectionDefinition(Name)]
public sealed class SearchHostCollection : ICollectionFixture<SearchHost>
{
    public const string Name = "search-host";
}

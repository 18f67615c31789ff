using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Consent;

namespace RetailCommerce.Modules.Assistant.Integration;

/// <summary>The real host with only the Assistant module, on a private PostgreSQL; one customer has withheld AI-assistant consent.</summary>
public sealed class AssistantHost() : RetailHost([typeof(Startup).Assembly], services: s => s.AddSingleton<IConsentCheck, WithheldFor>())
{
    public const string NoConsentCustomer = "c-no-ai";

    private sealed class WithheldFor : IConsentCheck
    {
        public Task<bool> IsGrantedAsync(string storeId, string customerId, ConsentPurpose purpose, CancellationToken ct = default) =>
            Task.FromResult(!(customerId == NoConsentCustomer && purpose == ConsentPurpose.AiAssistant));

        public Task<IReadOnlySet<string>> WithheldAsync(string storeId, IReadOnlyCollection<string> customerIds, ConsentPurpose purpose, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlySet<string>>(purpose == ConsentPurpose.AiAssistant && customerIds.Contains(NoConsentCustomer) ? new HashSet<string> { NoConsentCustomer } : new HashSet<string>());
    }
}

[CollectionDefinition(Name)]
public sealed class AssistantHostCollection : ICollectionFixture<AssistantHost>
{
    public const string Name = "assistant-host";
}

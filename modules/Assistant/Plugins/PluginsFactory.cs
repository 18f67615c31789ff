using RetailCommerce.Shopping;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Assistant.Knowledge;
using RetailCommerce.Modules.Assistant.Sources;

namespace RetailCommerce.Modules.Assistant.Plugins;

/// <summary>
/// Resolves the tools' sources: an implementation another module registered in DI (Search's finder, Pricing's
/// quotes, Loyalty's balances…) wins over the assistant's own default.
/// </summary>
public sealed class PluginsFactory(AssistantSourceSet sources)
{
    /// <summary>The tool context for one turn (fresh evidence).</summary>
    public Task<ToolContext> ContextAsync(string storeId, string? customerId, CancellationToken ct) =>
        Task.FromResult(new ToolContext(storeId, customerId, sources, new TurnEvidence()));

    /// <summary>The sources from DI, preferring registered implementations over the defaults.</summary>
    public static AssistantSourceSet FromServices(IServiceProvider sp)
    {
        var catalog = sp.GetRequiredService<StoreCatalogCache>();
        var orders = sp.GetServices<IOrderHistory>().LastOrDefault() ?? sp.GetRequiredService<EventOrderHistory>();
        var embeddings = sp.GetServices<IEmbeddingGenerator<string, Embedding<float>>>().LastOrDefault() ?? new HashedNgramEmbeddings();
        return new AssistantSourceSet(catalog,
            new FirstServingFinder([.. sp.GetServices<IProductFinder>(), new CatalogProductFinder(catalog)]),
            new FirstServingRecommendations([.. sp.GetServices<IRecommendationSource>(), new CatalogRecommendations(catalog, orders)]),
            sp.GetServices<IPriceQuote>().LastOrDefault() ?? new ListPriceQuote(),
            orders,
            sp.GetServices<ILoyaltyBalance>().LastOrDefault() ?? new NoLoyaltyBalance(),
            new KnowledgeSearch(sp.GetRequiredService<KnowledgeBase>(), embeddings));
    }
}

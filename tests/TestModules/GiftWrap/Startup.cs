using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;
using RetailCommerce.Jobs;
using RetailCommerce.Modules;
using RetailCommerce.Persistence;

namespace RetailCommerce.TestModules.GiftWrap;

/// <summary>How many products could be gift-wrapped at the last tally.</summary>
public sealed class GiftWrapTally
{
    public string Id { get; set; } = "tally";
    public int WrappableProducts { get; set; }
}

/// <summary>The papers on offer.</summary>
public sealed class GiftWrapPapers
{
    public IReadOnlyList<string> All { get; } = ["kraft", "gold foil", "recycled"];
}

/// <summary>Counts products in stock, stored per store.</summary>
public sealed class GiftWrapTallyJob(ProductCatalog catalog, StoreSessions sessions) : IStoreJob
{
    public async Task<string> RunAsync(string storeId, CancellationToken ct)
    {
        var count = 0;
        await foreach (var p in catalog.AllAsync(storeId, ct)) if (p.Stock > 0) count++;
        await using var session = sessions.Write(storeId);
        session.Store(new GiftWrapTally { WrappableProducts = count });
        await session.SaveChangesAsync(ct);
        return $"{count} wrappable products";
    }
}

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<GiftWrapPapers>();

    public override void ConfigureMarten(StoreOptions options) => options.Schema.For<GiftWrapTally>();

    public override void ConfigureGraphQL(ModuleGraph graph)
    {
        graph.StorefrontQuery(q => q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("giftWrapPapers")
            .Description("Gift wrap papers on offer.")
            .Resolve(c => c.Service<GiftWrapPapers>().All));
        graph.AdminQuery(q => q.Field<IntGraphType>("giftWrapTally")
            .Description("Wrappable products at the last tally job run.")
            .ResolveAsync(async c =>
            {
                await using var session = c.Service<StoreSessions>().Read(c.StoreId());
                return (await session.LoadAsync<GiftWrapTally>("tally", c.CancellationToken))?.WrappableProducts;
            }));
    }

    public override void ConfigureJobs(ModuleJobs jobs) =>
        jobs.Add<GiftWrapTallyJob>("giftwrap.tally", "0 0 4 * * ?", "Counts wrappable products");

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/giftwrap/ping", () => Results.Text("wrapped"));
}

using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Tracking;

namespace RetailCommerce.Core.Tests;

/// <summary>
/// Every asynchronous projection — the platform's and every module's — runs inside the one shopper-activity
/// composite, so the async daemon reads each batch of events once. A module that registered its own async shard
/// would bring back a separate poll, read and commit per batch, which halved ingest on a two-core host.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ShopperActivityProjectionTests(RetailHost host)
{
    [Fact]
    public void The_only_async_projection_is_the_shopper_activity_composite()
    {
        var options = (StoreOptions)host.Services.GetRequiredService<IDocumentStore>().Options;
        var asyncProjections = options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => p.Name).ToList();
        Assert.Equal([ShopperActivityProjections.Name], asyncProjections);
    }
}

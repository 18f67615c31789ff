using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Tracking;

namespace RetailCommerce.Core.Tests;

[Collection(HostCollection.Name)]
public sealed class TrackingTests(RetailHost host)
{
    private const string Track = "mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted duplicates rejected errors { index field message } } }";

    private async Task<(string Store, GraphQLClient Storefront)> StoreWithProducts()
    {
        var (store, key) = await host.NewStore();
        await host.Admin(store).Data("""mutation { importProducts(products: [{id: "p1", title: "Tent", price: 120}, {id: "p2", title: "Stove", price: 40}]) { imported } }""");
        return (store, host.Storefront(key));
    }

    [Fact]
    public async Task Replaying_the_same_ids_stores_nothing_twice()
    {
        var (store, storefront) = await StoreWithProducts();
        var events = new object[]
        {
            new { id = "e1", type = "VIEW", sessionId = "s1", productId = "p1" },
            new { id = "e2", type = "ADD_TO_CART", sessionId = "s1", productId = "p1", quantity = 2 },
            new { id = "e2", type = "ADD_TO_CART", sessionId = "s1", productId = "p1", quantity = 2 }, // duplicate within the batch
        };
        var first = (await storefront.Data(Track, new { e = events }))["trackEvents"]!;
        Assert.Equal(2, first["accepted"]!.GetValue<int>());
        Assert.Equal(1, first["duplicates"]!.GetValue<int>());

        var replay = (await storefront.Data(Track, new { e = events }))["trackEvents"]!;
        Assert.Equal(0, replay["accepted"]!.GetValue<int>());
        Assert.Equal(3, replay["duplicates"]!.GetValue<int>());

        // Concurrent replays of the same batch: still exactly one copy.
        var batch = Enumerable.Range(0, 50).Select(i => new { id = $"c{i}", type = "VIEW", sessionId = $"s{i % 5}", productId = "p2" }).ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => storefront.Data(Track, new { e = batch })));
        Assert.Equal(50, results.Sum(r => r["trackEvents"]!["accepted"]!.GetValue<int>()));
        Assert.Equal(150, results.Sum(r => r["trackEvents"]!["duplicates"]!.GetValue<int>()));

        Assert.Equal(52, (await host.Admin(store).Data("{ storeStats { events } }"))["storeStats"]!["events"]!.GetValue<int>());
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(store);
        var stored = await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "product_viewed").CountAsync();
        Assert.Equal(51, stored);
    }

    [Fact]
    public async Task Concurrent_batches_for_the_same_new_shoppers_store_every_event_once()
    {
        // Four calls at once, each touching the same 30 shoppers whose streams do not exist yet: appends to
        // one stream must never race (quick append reads the stream version without a lock).
        var (store, storefront) = await StoreWithProducts();
        var batches = Enumerable.Range(0, 4).Select(b => Enumerable.Range(0, 200).Select(i => new
        {
            id = $"b{b}-{i}", type = "VIEW", customerId = $"cust-{i % 30}", productId = i % 2 == 0 ? "p1" : "p2",
        }).ToArray()).ToArray();
        var results = await Task.WhenAll(batches.Select(batch => storefront.Data(Track, new { e = batch })));
        Assert.All(results, r => Assert.Equal(200, r["trackEvents"]!["accepted"]!.GetValue<int>()));

        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(store);
        var stored = await session.Events.QueryAllRawEvents().CountAsync();
        Assert.Equal(800, stored);
        for (var c = 0; c < 30; c++)
        {
            var stream = await session.Events.FetchStreamStateAsync($"cust-{c}");
            Assert.NotNull(stream);
            var expected = batches.Sum(b => b.Count(e => e.customerId == $"cust-{c}"));
            Assert.Equal(expected, stream!.Version);
        }
    }

    [Fact]
    public async Task Invalid_events_are_rejected_one_by_one_with_reasons_and_the_rest_stored()
    {
        var (store, storefront) = await StoreWithProducts();
        var events = new object[]
        {
            new { id = "ok", type = "VIEW", sessionId = "s", productId = "p1" },
            new { id = "t", type = "TELEPORT", sessionId = "s" },
            new { id = "p", type = "VIEW", sessionId = "s", productId = "unknown" },
            new { id = "q", type = "ADD_TO_CART", sessionId = "s", productId = "p1", quantity = 0 },
            new { id = "f", type = "VIEW", sessionId = "s", productId = "p1", occurredAt = DateTimeOffset.UtcNow.AddDays(1) },
            new { id = "w", type = "VIEW", productId = "p1" },
            new { id = "o", type = "PURCHASE", customerId = "c", productId = "p1", price = 10 },
            new { id = "ok2", type = "SEARCH", sessionId = "s", query = "tent" },
        };
        var r = (await storefront.Data(Track, new { e = events }))["trackEvents"]!;
        Assert.Equal(2, r["accepted"]!.GetValue<int>());
        Assert.Equal(6, r["rejected"]!.GetValue<int>());
        var errors = r["errors"]!.AsArray().Select(e => (e!["index"]!.GetValue<int>(), e["field"]!.GetValue<string>())).ToList();
        Assert.Equal([(1, "type"), (2, "productId"), (3, "quantity"), (4, "occurredAt"), (5, "customerId"), (6, "orderId")], errors);
        Assert.Equal(2, (await host.Admin(store).Data("{ storeStats { events } }"))["storeStats"]!["events"]!.GetValue<int>());
    }

    [Fact]
    public async Task Projections_maintain_the_shopper_profile_and_product_daily_stats_and_link_sessions_at_login()
    {
        var (store, storefront) = await StoreWithProducts();
        var day = new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);
        var events = new object[]
        {
            new { id = "1", type = "VIEW", sessionId = "anon", productId = "p1", occurredAt = day },
            new { id = "2", type = "VIEW", customerId = "ann", sessionId = "anon", productId = "p1", occurredAt = day.AddMinutes(1) },
            new { id = "3", type = "ADD_TO_CART", customerId = "ann", sessionId = "anon", productId = "p1", quantity = 1, occurredAt = day.AddMinutes(2) },
            new { id = "4", type = "PURCHASE", customerId = "ann", productId = "p1", orderId = "o1", quantity = 1, price = 120, occurredAt = day.AddMinutes(3) },
            new { id = "5", type = "PURCHASE", customerId = "ann", productId = "p2", orderId = "o1", quantity = 2, price = 40, occurredAt = day.AddMinutes(3) },
            new { id = "6", type = "RETURN", customerId = "ann", productId = "p2", orderId = "o1", quantity = 1, price = 40, occurredAt = day.AddDays(2) },
        };
        await storefront.Data(Track, new { e = events });
        var documents = host.Services.GetRequiredService<IDocumentStore>();
        await documents.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        await using var session = documents.QuerySession(store);
        var ann = await session.LoadAsync<ShopperProfile>("ann");
        Assert.NotNull(ann);
        Assert.Equal(1, ann.Views);
        Assert.Equal(1, ann.AddToCarts);
        Assert.Equal(1, ann.Orders);
        Assert.Equal(3, ann.ItemsPurchased);
        Assert.Equal(1, ann.Returns);
        Assert.Equal(120m + 80m - 40m, ann.Revenue);
        Assert.Equal(["anon"], ann.LinkedSessions);
        Assert.Equal(day.AddDays(2), ann.LastSeen);
        Assert.Equal(1, (await session.LoadAsync<ShopperProfile>("session:anon"))!.Views);

        var p2 = await session.LoadAsync<ProductDailyStats>(ProductDailyStats.IdFor("p2", day));
        Assert.Equal(2, p2!.Purchases);
        Assert.Equal(80m, p2.Revenue);
        var p1 = await session.LoadAsync<ProductDailyStats>(ProductDailyStats.IdFor("p1", day));
        Assert.Equal((2, 1, 1, 120m), (p1!.Views, p1.AddToCarts, p1.Purchases, p1.Revenue));
        Assert.Equal(-40m, (await session.LoadAsync<ProductDailyStats>(ProductDailyStats.IdFor("p2", day.AddDays(2))))!.Revenue);

        var stats = (await host.Admin(store).Data("{ storeStats { latestEventAt } }"))["storeStats"]!;
        Assert.Equal(day.AddDays(2), DateTimeOffset.Parse(stats["latestEventAt"]!.GetValue<string>()));
    }
}

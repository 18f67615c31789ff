using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Personalization.Sessions;

namespace RetailCommerce.Modules.Personalization.Tests;

/// <summary>
/// The in-memory live session cache (<see cref="LiveStreams"/>): once a session is cached, its new events must
/// reach segments and content within the documented bound (one 200 ms tail tick plus a query; asserted at 1 s),
/// and the per-store tail must never carry one store's events into another's sessions.
/// </summary>
[Collection(PersonalizationHostCollection.Name)]
public sealed class LiveSessionTests(PersonalizationHost host)
{
    private const string Track = "mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }";
    private const string Segments = "query($s:String){ segments(sessionId:$s){ live { segment } } }";

    private static object Event(string id, string type, string session, string? product, DateTimeOffset at, decimal? price = null, string? query = null) =>
        new { id, type, sessionId = session, productId = product, query, price, quantity = 1, occurredAt = at, context = new { device = "mobile" } };

    private static List<string> Live(JsonNode data) => data["segments"]!["live"]!.AsArray().Select(l => l!["segment"]!.GetValue<string>()).ToList();

    private async Task<(string Store, string Key)> NewStore()
    {
        var (store, key) = await host.NewStore("live", "personalization");
        await host.Admin(store).Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }",
            new { p = new[] { new { id = "p1", title = "Tent", category = "Sports > Camping", price = 80m } } });
        return (store, key);
    }

    [Fact]
    public async Task A_cached_session_reflects_new_events_within_a_second()
    {
        var (_, key) = await NewStore();
        var storefront = host.Storefront(key);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        await storefront.Data(Track, new { e = new[] { Event("v1", "VIEW", "s-live", "p1", at) } });
        // First call reads the stream and caches it; repeated calls are served from memory.
        for (var i = 0; i < 3; i++) Assert.DoesNotContain("high-intent", Live(await storefront.Data(Segments, new { s = "s-live" })));

        await storefront.Data(Track, new { e = new[] { Event("a1", "ADD_TO_CART", "s-live", "p1", at.AddSeconds(20), price: 80m) } });
        var watch = Stopwatch.StartNew();
        List<string> live;
        do live = Live(await storefront.Data(Segments, new { s = "s-live" }));
        while (!live.Contains("high-intent") && watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Contains("high-intent", live);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"the cart add reached the live segments after {watch.Elapsed.TotalMilliseconds:0} ms (documented bound ~0.3 s; asserted with margin for a loaded CI machine)");

        // A second event after that is picked up too (the tail keeps going, not a one-off refresh).
        await storefront.Data(Track, new { e = new[] { Event("q1", "SEARCH", "s-live", null, at.AddSeconds(40), query: "cheap tent deal") } });
        watch.Restart();
        do live = Live(await storefront.Data(Segments, new { s = "s-live" }));
        while (!live.Contains("discount-seeker") && watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Contains("discount-seeker", live);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"the search reached the live segments after {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_cached_anonymous_session_picks_up_a_sign_in_within_a_second()
    {
        var (store, key) = await NewStore();
        await host.Admin(store).Data("mutation($c:[CustomerInput!]!){ importCustomers(customers:$c){ imported } }",
            new { c = new[] { new { id = "c-live", email = "c-live@example.com" } } });
        var storefront = host.Storefront(key);
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        // An earlier visit of the customer, then a new anonymous session: "new-visitor" until the shopper signs in.
        await storefront.Data(Track, new { e = new[] { new { id = "old-1", type = "VIEW", customerId = "c-live", sessionId = "s-old", productId = "p1", quantity = 1, occurredAt = at } } });
        await storefront.Data(Track, new { e = new[] { Event("anon-1", "VIEW", "s-new", "p1", at.AddMinutes(50)) } });
        for (var i = 0; i < 3; i++) Assert.Contains("new-visitor", Live(await storefront.Data(Segments, new { s = "s-new" })));

        await storefront.Data(Track, new { e = new[] { new { id = "signed-1", type = "VIEW", customerId = "c-live", sessionId = "s-new", productId = "p1", quantity = 1, occurredAt = at.AddMinutes(51) } } });
        var watch = Stopwatch.StartNew();
        List<string> live;
        do live = Live(await storefront.Data(Segments, new { s = "s-new" }));
        while (!live.Contains("returning") && watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Contains("returning", live);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"the sign-in reached the session after {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task The_tail_keeps_stores_apart()
    {
        var (_, keyA) = await NewStore();
        var (_, keyB) = await NewStore();
        var a = host.Storefront(keyA);
        var b = host.Storefront(keyB);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        await a.Data(Track, new { e = new[] { Event("va1", "VIEW", "shared", "p1", at) } });
        await b.Data(Track, new { e = new[] { Event("vb1", "VIEW", "shared", "p1", at) } });
        Assert.DoesNotContain("high-intent", Live(await a.Data(Segments, new { s = "shared" })));
        Assert.DoesNotContain("high-intent", Live(await b.Data(Segments, new { s = "shared" })));

        // Store B's cart add must show in B, never in A's cached session of the same id.
        await b.Data(Track, new { e = new[] { Event("ab1", "ADD_TO_CART", "shared", "p1", at.AddSeconds(10), price: 80m) } });
        var streams = host.Services.GetRequiredService<LiveStreams>();
        var ticks = streams.Ticks;
        var watch = Stopwatch.StartNew();
        while (streams.Ticks < ticks + 3 && watch.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(50);
        Assert.Contains("high-intent", Live(await b.Data(Segments, new { s = "shared" })));
        Assert.DoesNotContain("high-intent", Live(await a.Data(Segments, new { s = "shared" })));
    }
}

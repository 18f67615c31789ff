using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using System.Text.Json.Nodes;
using RetailCommerce.Modules.Personalization.Abandonment;

namespace RetailCommerce.Modules.Personalization.Tests;

[Collection(PersonalizationHostCollection.Name)]
public sealed class ApiTests(PersonalizationHost host)
{
    private static object Event(string id, string type, string? customer, string session, string? product, DateTimeOffset at, string device = "mobile",
        decimal? price = null, int quantity = 1, string? orderId = null) =>
        new { id, type, customerId = customer, sessionId = session, productId = product, price, quantity, orderId, occurredAt = at, context = new { device, country = "DE" } };

    private async Task<(string Store, string Key)> StoreWithProducts()
    {
        var (store, key) = await host.NewStore("p", "personalization");
        var admin = host.Admin(store);
        await admin.Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }", new
        {
            p = Enumerable.Range(1, 5).Select(i => new { id = $"p{i}", title = $"Tent {i}", category = "Sports > Camping > Tents", price = 50m + i * 10,
                attributes = new[] { new { name = "margin", value = "0.4" } } }).ToArray(),
        });
        await admin.Data("mutation($c:[CustomerInput!]!){ importCustomers(customers:$c){ imported } }", new
        {
            c = new[] { new { id = "c1", email = "c1@example.com" }, new { id = "c2", email = "c2@example.com" } },
        });
        return (store, key);
    }

    [Fact]
    public async Task Ab_experiment_is_sticky_records_exposures_and_attributes_purchases()
    {
        var (store, key) = await StoreWithProducts();
        var admin = host.Admin(store);
        var saved = await admin.Data("""
            mutation { saveExperiment(experiment: { id: "hero-test", target: "hero", variants: [{ key: "a" }, { key: "b" }] }) { id status verdict } }
            """);
        Assert.Equal("RUNNING", saved["saveExperiment"]!["status"]!.GetValue<string>());
        var storefront = host.Storefront(key);
        var variants = new Dictionary<string, string>();
        for (var i = 0; i < 40; i++)
        {
            var data = await storefront.Data("query($s:String){ experimentVariant(experimentId:\"hero-test\", sessionId:$s){ variant reason } }", new { s = $"sess-{i}" });
            variants[$"sess-{i}"] = data["experimentVariant"]!["variant"]!.GetValue<string>();
        }
        Assert.Contains("a", variants.Values);
        Assert.Contains("b", variants.Values);
        // Sticky: the same session gets the same variant again.
        var again = await storefront.Data("{ experimentVariant(experimentId:\"hero-test\", sessionId:\"sess-3\"){ variant } }");
        Assert.Equal(variants["sess-3"], again["experimentVariant"]!["variant"]!.GetValue<string>());

        // Sessions of variant b buy; two a sessions buy too.
        var now = DateTimeOffset.UtcNow;
        var buyers = variants.Where(v => v.Value == "b").Select(v => v.Key).Concat(variants.Where(v => v.Value == "a").Take(2).Select(v => v.Key)).ToList();
        var track = await storefront.Send("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }",
            new { e = buyers.Select((s, i) => Event($"buy-{s}", "PURCHASE", null, s, "p1", now, price: 60m, orderId: $"o-{i}")).ToArray() });
        Assert.Equal(buyers.Count, track.Json["data"]!["trackEvents"]!["accepted"]!.GetValue<int>());

        var result = (await admin.Data("""
            { experiment(id: "hero-test") { verdict requiredVisitorsPerVariant variants { key visitors conversions revenuePerVisitor lift liftLow liftHigh probabilityToBeBest } } }
            """))["experiment"]!;
        var rows = result["variants"]!.AsArray();
        Assert.Equal(40, rows.Sum(r => r!["visitors"]!.GetValue<int>()));
        var b = rows.First(r => r!["key"]!.GetValue<string>() == "b")!;
        Assert.Equal(b["visitors"]!.GetValue<int>(), b["conversions"]!.GetValue<int>());
        Assert.Equal(2, rows.First(r => r!["key"]!.GetValue<string>() == "a")!["conversions"]!.GetValue<int>());
        Assert.Equal(60, b["revenuePerVisitor"]!.GetValue<double>(), 3);
        Assert.True(b["probabilityToBeBest"]!.GetValue<double>() > 0.95);
        Assert.Equal("COLLECTING", result["verdict"]!.GetValue<string>()); // 20 visitors an arm: far below the planned sample

        var stopped = await admin.Data("mutation { stopExperiment(id: \"hero-test\", serve: \"b\") { status servedAfterStop } }");
        Assert.Equal("STOPPED", stopped["stopExperiment"]!["status"]!.GetValue<string>());
        var after = await storefront.Data("{ experimentVariant(experimentId:\"hero-test\", sessionId:\"new-one\"){ variant } }");
        Assert.Equal("b", after["experimentVariant"]!["variant"]!.GetValue<string>());
    }

    [Fact]
    public async Task Content_slot_targets_live_segments_and_context_and_needs_the_customer_token()
    {
        var (store, key) = await StoreWithProducts();
        var admin = host.Admin(store);
        await admin.Data("""
            mutation { saveContentSlot(slot: { id: "promo", name: "Promo strip", defaultVariant: "plain", variants: [
              { key: "cart-nudge", content: "Free shipping on your cart today", segments: ["high-intent"], devices: ["mobile"] },
              { key: "desktop", content: "Desktop deals", devices: ["desktop"] },
              { key: "plain", content: "Welcome" } ] }) }
            """);
        var storefront = host.Storefront(key);
        var now = DateTimeOffset.UtcNow.AddMinutes(-2);
        await storefront.Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new
        {
            e = new[] { Event("cs-1", "VIEW", null, "cart-session", "p2", now), Event("cs-2", "ADD_TO_CART", null, "cart-session", "p2", now.AddSeconds(30), price: 70m) },
        });

        const string query = "query($s:String,$c:ID,$d:String){ personalizedContent(slot:\"promo\", sessionId:$s, customerId:$c, context:{device:$d}){ variant content isDefault reason } }";
        var cart = (await storefront.Data(query, new { s = "cart-session", d = "mobile" }))["personalizedContent"]!;
        Assert.Equal("cart-nudge", cart["variant"]!.GetValue<string>());
        Assert.Contains("high-intent", cart["reason"]!.GetValue<string>());
        var fresh = (await storefront.Data(query, new { s = "empty-session", d = "desktop" }))["personalizedContent"]!;
        Assert.Equal("desktop", fresh["variant"]!.GetValue<string>());
        var none = (await storefront.Data(query, new { s = "empty-session", d = "mobile" }))["personalizedContent"]!;
        Assert.True(none["isDefault"]!.GetValue<bool>());

        // A customer id without that customer's token gets the default, not their personalization.
        var noToken = (await storefront.Data(query, new { s = "x", c = "c1", d = "desktop" }))["personalizedContent"]!;
        Assert.True(noToken["isDefault"]!.GetValue<bool>());
        Assert.Contains("X-Customer-Token", noToken["reason"]!.GetValue<string>());
        var signedIn = host.Storefront(key, await host.CustomerToken(store, "c1"));
        var withToken = (await signedIn.Data(query, new { s = "x", c = "c1", d = "desktop" }))["personalizedContent"]!;
        Assert.Equal("desktop", withToken["variant"]!.GetValue<string>());

        var segments = (await storefront.Data("{ segments(sessionId:\"cart-session\"){ personalized live { segment reason } } }"))["segments"]!;
        Assert.Contains(segments["live"]!.AsArray(), s => s!["segment"]!.GetValue<string>() == "high-intent");
        var forbidden = await storefront.Send("{ segments(customerId:\"c2\"){ personalized } }");
        Assert.Equal("FORBIDDEN", forbidden.Code);
    }

    [Fact]
    public async Task Abandoned_cart_job_emits_a_signed_webhook_once()
    {
        var (store, key) = await StoreWithProducts();
        var storefront = host.Storefront(key);
        var t = DateTimeOffset.UtcNow.AddHours(-3);
        await storefront.Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new
        {
            e = new[]
            {
                Event("ab-1", "VIEW", "c2", "left-cart", "p3", t), Event("ab-2", "ADD_TO_CART", "c2", "left-cart", "p3", t.AddMinutes(1), price: 80m),
                // Later activity elsewhere moves the store clock on, so the cart is idle by the store's own clock.
                Event("ab-3", "VIEW", null, "other", "p1", DateTimeOffset.UtcNow.AddMinutes(-1)),
            },
        });
        await host.Services.GetRequiredService<Marten.IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var before = host.Webhook.Requests.Count;
        var run = await host.Admin(store).Data("mutation { runJob(id: \"personalization.abandoned-carts\") { succeeded outcome } }");
        Assert.True(run["runJob"]!["succeeded"]!.GetValue<bool>(), run.ToJsonString());
        Assert.Contains("1 abandoned", run["runJob"]!["outcome"]!.GetValue<string>());
        var request = host.Webhook.Requests.Skip(before).Single(r => r.Body.Contains("left-cart"));
        Assert.Equal(AbandonedCartsJob.Sign(request.Body, PersonalizationHost.Secret), request.Signature);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("cart.abandoned", body["event"]!.GetValue<string>());
        Assert.Equal(80, body["cart"]!["cartValue"]!.GetValue<decimal>());
        Assert.False(string.IsNullOrEmpty(body["cart"]!["recovery"]!.GetValue<string>()));

        var again = await host.Admin(store).Data("mutation { runJob(id: \"personalization.abandoned-carts\") { outcome } }");
        Assert.Contains("0 abandoned", again["runJob"]!["outcome"]!.GetValue<string>());
    }
}

using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RetailCommerce.Storefront.Tests.Shopping;

namespace RetailCommerce.Storefront.Tests;

/// <summary>What the page's tracker sends arrives in the store once, even when an answer is lost and the batch is resent.</summary>
[Collection(StorefrontCollection.Name)]
public sealed class TrackingTests(StorefrontHost shop)
{
    [Fact]
    public async Task Events_the_page_sent_are_stored_once_even_when_a_batch_is_retried()
    {
        await using var context = await shop.NewShopper();
        var page = await context.NewPageAsync();
        var s = new Shop(page, shop.Shop);
        var batches = new List<JsonNode>();
        var lostAnswers = 0;
        // The first tracking batch reaches the server, but its answer is "lost" on the way back: the page must resend
        // the same event ids, and the server must count them as duplicates.
        await page.RouteAsync("**/graphql", async route =>
        {
            var body = JsonNode.Parse(route.Request.PostData ?? "{}")!;
            if (body["operationName"]?.GetValue<string>() != "TrackEvents") { await route.ContinueAsync(); return; }
            batches.Add(body);
            if (Interlocked.Increment(ref lostAnswers) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });

        await s.Go("#/");
        await s.AcceptAllConsent();
        await s.Go("#/search?q=lamp");
        var first = page.Locator("#results .card").First;
        var productId = await first.GetAttributeAsync("data-product-id");
        var searchId = await page.Locator("#results").GetAttributeAsync("data-search-id");
        await first.Locator(".card-link").ClickAsync();
        await s.Ready($"#/product/{productId}?from={searchId}");
        await page.ClickAsync("#add-to-cart");
        await s.Go("#/cart");
        await page.ClickAsync($".cart-line[data-product-id='{productId}'] .link-button");
        await s.TrackingFlushed();

        var stats = JsonNode.Parse((await page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.hpTracking")).GetRawText())!;
        var sessionId = await s.SessionId();
        var stored = await shop.EventsOf("session:" + sessionId);
        var sentIds = batches.SelectMany(b => b["variables"]!["events"]!.AsArray()).Select(e => e!["id"]!.GetValue<string>()).ToList();

        Assert.True(stats["retries"]!.GetValue<int>() >= 1, "the lost answer made the page retry");
        Assert.True(stats["duplicates"]!.GetValue<int>() >= 1, "the resent batch was recognised as already stored");
        Assert.True(sentIds.Count > sentIds.Distinct().Count(), "some ids were sent twice");
        // Every distinct event the page queued is stored exactly once.
        Assert.Equal(stats["queued"]!.GetValue<int>(), sentIds.Distinct().Count());
        Assert.Equal(sentIds.Distinct().Order(), stored.Select(e => e.Key!).Order());
        Assert.Equal(stored.Count, stored.Select(e => e.Key).Distinct().Count());
        var types = stored.Select(e => e.Type).ToHashSet();
        foreach (var type in new[] { "product_viewed", "catalog_searched", "product_clicked", "added_to_cart", "removed_from_cart" })
            Assert.Contains(type, types);
        Assert.Contains(stored, e => e.Type == "product_clicked" && e.RecommendationId == searchId);
    }

    [Fact]
    public async Task Without_analytics_consent_only_cart_and_order_events_are_sent()
    {
        await using var context = await shop.NewShopper();
        var page = await context.NewPageAsync();
        var s = new Shop(page, shop.Shop);
        await s.Go("#/");
        await page.ClickAsync("#consent-necessary");
        await s.Go("#/search?q=lamp");
        var first = page.Locator("#results .card").First;
        var productId = await first.GetAttributeAsync("data-product-id");
        await first.Locator(".card-link").ClickAsync();
        await Assertions.Expect(page.Locator("#add-to-cart")).ToBeVisibleAsync();
        await page.ClickAsync("#add-to-cart");
        await s.TrackingFlushed();
        await page.WaitForFunctionAsync("() => window.hpTracking.accepted >= 1");

        var stored = await shop.EventsOf("session:" + await s.SessionId());
        Assert.Equal(["added_to_cart"], stored.Select(e => e.Type).ToArray());
        Assert.True(await page.EvaluateAsync<int>("() => window.hpTracking.skippedForConsent") >= 3, "the search, click and view stayed in the browser");
    }
}

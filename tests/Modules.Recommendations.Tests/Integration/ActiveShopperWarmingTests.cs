using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Recommendations.Serving;

namespace RetailCommerce.Modules.Recommendations.Tests.Integration;

/// <summary>
/// A shopper's view after training is ranked in the background as soon as trackEvents stores it, so their next
/// PERSONALIZED request is a lookup; a customer without personalization consent is never read or ranked.
/// </summary>
[Collection(RecommendationsHostCollection.Name)]
public sealed class ActiveShopperWarmingTests(RecommendationsHost host)
{
    private const string Query = "query($c:ID){recommendations(placement:PERSONALIZED,customerId:$c){" + TestShop.ListFields + "}}";

    [Fact]
    public async Task A_view_after_training_is_ranked_before_the_next_request_and_never_without_consent()
    {
        var shop = await TestShop.CreateAsync(host);
        await shop.SettleAsync();
        await shop.RetrainAsync();
        var model = await host.Services.GetRequiredService<ModelRegistry>().ActiveAsync(shop.Id, CancellationToken.None);
        Assert.NotNull(model);
        var asC03 = host.Storefront(shop.Key, await host.CustomerToken(shop.Id, "c03"));
        var before = TestShop.Ids((await asC03.Data(Query, new { c = "c03" }))["recommendations"]!);
        var (ranked, hits) = (model.ActiveLists.Ranked, model.ActiveLists.Hits);

        // c04 (no personalization consent) and then c03, an outdoor shopper, view kitchen products after the training cutoff.
        host.Consent.WithoutPersonalization["c04"] = true;
        try
        {
            var after = model.TrainedUntil.AddHours(1);
            await shop.TrackAsync([shop.Event("VIEW", "c04", "s-new-4", "p31", after)]);
            await shop.TrackAsync([shop.Event("VIEW", "c03", "s-new-3", "p31", after), shop.Event("VIEW", "c03", "s-new-3", "p33", after.AddMinutes(1))]);

            // The warmer takes shoppers in order: once c03's list is ranked, c04's turn has passed.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (model.ActiveLists.Ranked == ranked && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
            Assert.Equal(ranked + 1, model.ActiveLists.Ranked);

            var list = (await asC03.Data(Query, new { c = "c03" }))["recommendations"]!;
            Assert.Equal(hits + 1, model.ActiveLists.Hits); // served from the warmed list ...
            Assert.Equal(ranked + 1, model.ActiveLists.Ranked); // ... without ranking on the request
            // ... and it is the list of the new context: changed, and without the products just viewed.
            Assert.NotEqual(before, TestShop.Ids(list));
            Assert.Contains("p31", before);
            Assert.DoesNotContain("p31", TestShop.Ids(list));
            Assert.DoesNotContain("p33", TestShop.Ids(list));

            // c04 without consent gets the anonymous answer, which never touched the ranked set for c04.
            var asC04 = host.Storefront(shop.Key, await host.CustomerToken(shop.Id, "c04"));
            var anonymous = (await asC04.Data(Query, new { c = "c04" }))["recommendations"]!;
            Assert.StartsWith("cold-start", anonymous["strategy"]!.GetValue<string>());
            Assert.Equal(ranked + 1, model.ActiveLists.Ranked);
        }
        finally { host.Consent.WithoutPersonalization.TryRemove("c04", out _); }
    }
}

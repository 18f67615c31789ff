using System.Text.Json.Nodes;

namespace RetailCommerce.Modules.Recommendations.Tests.Integration;

[Collection(RecommendationsHostCollection.Name)]
public sealed class RecommendationsApiTests(RecommendationsHost host)
{
    private const string Query = "query($p:Placement!,$c:ID,$s:String,$id:ID,$cart:[ID!],$cat:String,$n:Int){recommendations(placement:$p,customerId:$c,sessionId:$s,productId:$id,cartProductIds:$cart,category:$cat,first:$n){" + TestShop.ListFields + "}}";

    private static async Task<JsonNode> Recommend(GraphQLClient client, string placement, string? customer = null, string? session = null, string? product = null,
        string[]? cart = null, string? category = null, int first = 10) =>
        (await client.Data(Query, new { p = placement, c = customer, s = session, id = product, cart, cat = category, n = first }))["recommendations"]!;

    [Fact]
    public async Task Bought_together_recovers_the_planted_pair_with_a_reason_and_never_shows_unavailable_products()
    {
        var shop = await TestShop.CreateAsync(host);
        await shop.SettleAsync();
        var outcome = await shop.RetrainAsync();
        Assert.StartsWith("succeeded: trained v1", outcome);

        var shopfront = host.Storefront(shop.Key);
        var fbt = await Recommend(shopfront, "FREQUENTLY_BOUGHT_TOGETHER", product: "p01");
        Assert.StartsWith("bought-together", fbt["strategy"]!.GetValue<string>());
        Assert.Equal("v1", fbt["modelVersion"]!.GetValue<string>());
        Assert.StartsWith("rec_", fbt["recommendationId"]!.GetValue<string>());
        var first = fbt["items"]![0]!;
        Assert.Equal("p21", first["productId"]!.GetValue<string>());
        Assert.Equal("Often bought with Product 01 Shoes", first["reason"]!.GetValue<string>());
        Assert.Equal("p01", fbt["sourceProduct"]!["id"]!.GetValue<string>());

        // Out of stock (p05) and disabled (p06) never appear, whatever the placement.
        foreach (var (placement, product) in new[] { ("TRENDING", (string?)null), ("SIMILAR", "p04"), ("ALSO_VIEWED", "p03"), ("PERSONALIZED", null), ("NEW_FOR_YOU", null) })
        {
            var list = await Recommend(shopfront, placement, session: "s1-0", product: product, first: 40);
            var ids = TestShop.Ids(list);
            Assert.DoesNotContain("p05", ids);
            Assert.DoesNotContain("p06", ids);
            Assert.All(list["items"]!.AsArray(), i => Assert.False(string.IsNullOrWhiteSpace(i!["reason"]!.GetValue<string>())));
        }

        var trendingKitchen = await Recommend(shopfront, "TRENDING", category: "Kitchen");
        Assert.Equal("trending:category", trendingKitchen["strategy"]!.GetValue<string>().Split('+')[0]);
        Assert.All(TestShop.Ids(trendingKitchen), id => Assert.True(int.Parse(id[1..]) > 20, id));
        Assert.Equal("Trending in Kitchen this week", trendingKitchen["items"]![0]!["reason"]!.GetValue<string>());

        var missing = await shopfront.Send(Query, new { p = "SIMILAR" });
        Assert.Equal("BAD_USER_INPUT", missing.Code);
        Assert.Equal("productId", missing.Field);
    }

    [Fact]
    public async Task Personalized_without_consent_equals_the_anonymous_answer_and_needs_the_customers_token()
    {
        var shop = await TestShop.CreateAsync(host);
        await shop.SettleAsync();
        await shop.RetrainAsync();
        // The customer's anonymous session before signing in: two kitchen views.
        await shop.TrackAsync([shop.Event("VIEW", null, "anon-1", "p31", TestShop.Start.AddDays(10)), shop.Event("VIEW", null, "anon-1", "p33", TestShop.Start.AddDays(10).AddMinutes(1))]);
        await shop.SettleAsync();

        var noToken = await host.Storefront(shop.Key).Send(Query, new { p = "PERSONALIZED", c = "c03" });
        Assert.Equal("FORBIDDEN", noToken.Code);

        var asCustomer = host.Storefront(shop.Key, await host.CustomerToken(shop.Id, "c03"));
        var personal = await Recommend(asCustomer, "PERSONALIZED", customer: "c03", session: "anon-1");
        Assert.Equal("itemknn", personal["strategy"]!.GetValue<string>().Split('+')[0]);
        // c03 browses outdoor products; the personal list leans there.
        Assert.Equal(10, TestShop.Ids(personal).Length);
        Assert.True(TestShop.Ids(personal).Count(id => int.Parse(id[1..]) <= 20) >= 5, string.Join(",", TestShop.Ids(personal)));

        host.Consent.WithoutPersonalization["c03"] = true;
        try
        {
            var withdrawn = await Recommend(asCustomer, "PERSONALIZED", customer: "c03", session: "anon-1");
            var anonymous = await Recommend(host.Storefront(shop.Key), "PERSONALIZED", session: "anon-1");
            Assert.Equal(TestShop.Ids(anonymous), TestShop.Ids(withdrawn));
            Assert.Equal(anonymous["strategy"]!.GetValue<string>(), withdrawn["strategy"]!.GetValue<string>());
            Assert.StartsWith("session:", withdrawn["strategy"]!.GetValue<string>());
            Assert.NotEqual(TestShop.Ids(personal), TestShop.Ids(withdrawn));

            // Recently viewed for a customer without consent: only the anonymous session's own views.
            var recent = await Recommend(asCustomer, "RECENTLY_VIEWED", customer: "c03", session: "anon-1");
            Assert.Equal(["p33", "p31"], TestShop.Ids(recent));
        }
        finally { host.Consent.WithoutPersonalization.TryRemove("c03", out _); }
    }

    [Fact]
    public async Task Fresh_orders_reach_bought_together_through_the_projections_without_a_retrain()
    {
        var shop = await TestShop.CreateAsync(host, history: false);
        var events = new List<object>();
        for (var n = 0; n < 3; n++) events.AddRange(shop.Order($"f{n}", ["p03", "p33"], TestShop.Start.AddHours(n)));
        events.AddRange(shop.Order("f9", ["p03", "p12"], TestShop.Start.AddHours(5)));
        // Other orders: pair scores (NPMI) are measured against the baskets without the product.
        for (var n = 0; n < 6; n++) events.AddRange(shop.Order($"g{n}", [TestShop.P(10 + n), TestShop.P(20 + n)], TestShop.Start.AddHours(6 + n)));
        await shop.TrackAsync(events);
        await shop.SettleAsync();

        var list = await Recommend(host.Storefront(shop.Key), "FREQUENTLY_BOUGHT_TOGETHER", product: "p03", first: 5);
        Assert.Null(list["modelVersion"]);
        Assert.Equal("bought-together", list["strategy"]!.GetValue<string>().Split('+')[0]);
        Assert.Equal("p33", TestShop.Ids(list)[0]);
        // p12 shared one order: it still counts as a pair, but its score is shrunk by its support (1 / (1 + 5)),
        // so it ranks below p33's three orders.
        var ids = TestShop.Ids(list);
        Assert.Contains("p12", ids);
        Assert.True(Array.IndexOf(ids, "p12") > Array.IndexOf(ids, "p33"));
        Assert.Equal("Often bought with Product 03 Shoes", list["items"]!.AsArray().First(i => i!["productId"]!.GetValue<string>() == "p12")!["reason"]!.GetValue<string>());

        var tiny = await TestShop.CreateAsync(host, history: false);
        await tiny.TrackAsync([.. tiny.Order("t1", ["p01", "p02"], TestShop.Start)]);
        await tiny.SettleAsync();
        Assert.Contains("store too small", await tiny.RetrainAsync());
    }

    [Fact]
    public async Task Retraining_makes_versions_and_rollback_switches_the_serving_model()
    {
        var shop = await TestShop.CreateAsync(host);
        await shop.SettleAsync();
        await shop.RetrainAsync();
        await shop.TrackAsync([.. shop.Order("c05", ["p07", "p27"], TestShop.Start.AddDays(11)), .. shop.Order("c06", ["p07", "p27"], TestShop.Start.AddDays(11).AddHours(1))]);
        await shop.SettleAsync();
        Assert.StartsWith("succeeded: trained v2", await shop.RetrainAsync());

        var admin = host.Admin(shop.Id);
        var models = (await admin.Data("{recommendationModels{version active loaded interactions blend holdoutNdcg10 holdoutPopularityNdcg10}}"))["recommendationModels"]!.AsArray();
        Assert.Equal(["v2", "v1"], models.Select(m => m!["version"]!.GetValue<string>()));
        Assert.True(models[0]!["active"]!.GetValue<bool>());
        Assert.True(models[1]!["loaded"]!.GetValue<bool>());
        Assert.True(models[0]!["interactions"]!.GetValue<int>() > models[1]!["interactions"]!.GetValue<int>());

        var rolled = await admin.Data("mutation{rollbackRecommendationModel(version:\"v1\"){version active}}");
        Assert.Equal("v1", rolled["rollbackRecommendationModel"]!["version"]!.GetValue<string>());
        var list = await Recommend(host.Storefront(shop.Key), "TRENDING");
        Assert.Equal("v1", list["modelVersion"]!.GetValue<string>());
        var after = (await admin.Data("{recommendationModels{version active}}"))["recommendationModels"]!.AsArray();
        Assert.True(after.Single(m => m!["version"]!.GetValue<string>() == "v1")!["active"]!.GetValue<bool>());

        var unknown = await admin.Send("mutation{rollbackRecommendationModel(version:\"v9\"){version}}");
        Assert.Equal("BAD_USER_INPUT", unknown.Code);
    }

    [Fact]
    public async Task Cart_complements_leave_out_the_cart_and_merchant_pins_and_caps_apply()
    {
        var shop = await TestShop.CreateAsync(host);
        await shop.SettleAsync();
        await shop.RetrainAsync();
        var shopfront = host.Storefront(shop.Key);
        var cart = await Recommend(shopfront, "CART_COMPLEMENTS", cart: ["p01", "p21"]);
        var ids = TestShop.Ids(cart);
        Assert.DoesNotContain("p01", ids);
        Assert.DoesNotContain("p21", ids);

        var withP01 = await Recommend(shopfront, "CART_COMPLEMENTS", cart: ["p01"]);
        Assert.Equal("p21", TestShop.Ids(withP01)[0]);
        Assert.Equal("Goes with Product 01 Shoes in your cart", withP01["items"]![0]!["reason"]!.GetValue<string>());

        await host.Admin(shop.Id).Data("mutation{saveRecommendationPlacement(placement:TRENDING,pins:[\"p40@1\",\"p05@2\"],maxPerCategory:2,explorationSlot:false)}");
        var trending = await Recommend(shopfront, "TRENDING", first: 6);
        var trendingIds = TestShop.Ids(trending);
        Assert.Equal("p40", trendingIds[0]);
        Assert.Equal("Featured by the shop", trending["items"]![0]!["reason"]!.GetValue<string>());
        Assert.DoesNotContain("p05", trendingIds); // a pinned product out of stock is still never shown
        // At most two per category among the model's picks (the pin is the merchant's own choice).
        Assert.All(trendingIds.Skip(1).GroupBy(id => TestShop.Category(int.Parse(id[1..]))), g => Assert.True(g.Count() <= 2, g.Key));

        var bad = await host.Admin(shop.Id).Send("mutation{saveRecommendationPlacement(placement:TRENDING,diversityLambda:3)}");
        Assert.Equal("BAD_USER_INPUT", bad.Code);
    }

    [Fact]
    public async Task Served_lists_are_logged_and_attributed_sales_reach_the_report()
    {
        var shop = await TestShop.CreateAsync(host);
        await shop.SettleAsync();
        var shopfront = host.Storefront(shop.Key);
        var list = await Recommend(shopfront, "TRENDING", session: "buyer-1", first: 5);
        var recommendationId = list["recommendationId"]!.GetValue<string>();
        var product = TestShop.Ids(list)[0];
        await shop.TrackAsync([
            shop.Event("CLICK", null, "buyer-1", product, TestShop.Start.AddDays(10), recommendationId: recommendationId),
            .. shop.Order("c30", [product], TestShop.Start.AddDays(10).AddMinutes(5), recommendationId)]);
        await shop.SettleAsync();

        var report = (await host.Admin(shop.Id).Data("{recommendationReport(days:30){exposures coverage exposureGini topTenShare recommendationClicks recommendedRevenue organicRevenue recommendedRevenueShare products{productId exposures recommendedRevenue}}}"))["recommendationReport"]!;
        Assert.True(report["exposures"]!.GetValue<double>() >= 5);
        Assert.Equal(1, report["recommendationClicks"]!.GetValue<int>());
        Assert.Equal(20m, report["recommendedRevenue"]!.GetValue<decimal>());
        Assert.True(report["organicRevenue"]!.GetValue<decimal>() > 0);
        Assert.InRange(report["coverage"]!.GetValue<double>(), 5.0 / 40, 1.0);
        Assert.InRange(report["exposureGini"]!.GetValue<double>(), 0.5, 1.0); // five of forty products shown
        var line = report["products"]!.AsArray().Single(p => p!["productId"]!.GetValue<string>() == product)!;
        Assert.Equal(20m, line["recommendedRevenue"]!.GetValue<decimal>());
        Assert.True(line["exposures"]!.GetValue<int>() >= 1);
    }
}

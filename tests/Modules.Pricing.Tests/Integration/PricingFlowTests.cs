using System.Net;
using System.Text.RegularExpressions;
using RetailCommerce.Admin.Accounts;

namespace RetailCommerce.Modules.Pricing.Tests.Integration;

[Collection(PricingHostCollection.Name)]
public sealed partial class PricingFlowTests(PricingHost host)
{
    private const string Price = "query($p:ID!){ price(productId:$p){ productId amount currency referencePrice changedAt } }";

    [Fact]
    public async Task Recommend_only_proposal_waits_for_approval_then_changes_the_price_for_everyone()
    {
        var store = await host.DemandStoreAsync();
        var admin = host.Admin(store.Id);
        await admin.Data("mutation{ setPriceGuardrails(input:{ scope: PRODUCT, target:\"s01-i01\", cost: 4, floor: 6, ceiling: 14, priceEnding: 0.99, maxStepChangePercent: 10, minHoursBetweenChanges: 24 }){ target } }");
        await admin.Data("mutation{ setPricingSettings(mode: RECOMMEND_ONLY, objective: REVENUE){ mode } }");
        var outcome = (await admin.Data("mutation{ repriceProducts(productIds:[\"s01-i01\"]) }"))["repriceProducts"]!.GetValue<string>();
        Assert.Equal("1 products: 0 changed, 1 proposed, 0 unchanged", outcome);

        var proposals = (await admin.Data("{ priceProposals { productId currentPrice proposedPrice reason effect { unitsBefore unitsAfter revenueBefore revenueAfter } } }"))["priceProposals"]!.AsArray();
        var proposal = proposals.Single(p => p!["productId"]!.GetValue<string>() == "s01-i01")!;
        var proposed = proposal["proposedPrice"]!.GetValue<decimal>();
        Assert.Equal(0.99m, proposed - Math.Floor(proposed));
        Assert.InRange(proposed, 9m, 11m); // within the 10% step
        Assert.NotEqual(10m, proposed);
        Assert.False(string.IsNullOrWhiteSpace(proposal["reason"]!.GetValue<string>()));
        Assert.True(proposal["effect"]!["revenueAfter"]!.GetValue<double>() > proposal["effect"]!["revenueBefore"]!.GetValue<double>());

        // Nothing changes before approval.
        var before = (await host.Storefront(store.Key).Data(Price, new { p = "s01-i01" }))["price"]!;
        Assert.Equal(10m, before["amount"]!.GetValue<decimal>());
        Assert.Equal("USD", before["currency"]!.GetValue<string>());
        Assert.Equal(10m, before["referencePrice"]!.GetValue<decimal>());

        await admin.Data("mutation{ approvePriceProposal(productId:\"s01-i01\"){ kind } }");
        var anonymous = (await host.Storefront(store.Key).Data(Price, new { p = "s01-i01" }))["price"]!;
        var signedIn = (await host.Storefront(store.Key, await host.CustomerToken(store.Id, "c7")).Data(Price, new { p = "s01-i01" }))["price"]!;
        Assert.Equal(proposed, anonymous["amount"]!.GetValue<decimal>());
        Assert.Equal(proposed, signedIn["amount"]!.GetValue<decimal>()); // the same price for every shopper
        Assert.Equal(10m, anonymous["referencePrice"]!.GetValue<decimal>()); // the typical recent price is still 10
        var catalog = (await host.Storefront(store.Key).Data("{ product(id:\"s01-i01\"){ price } }"))["product"]!["price"]!.GetValue<decimal>();
        Assert.Equal(proposed, catalog);

        var history = (await admin.Data("{ priceHistory(productId:\"s01-i01\"){ kind oldPrice newPrice reason source } }"))["priceHistory"]!.AsArray();
        Assert.Equal(["CHANGED", "APPROVED", "PROPOSED"], history.Take(3).Select(h => h!["kind"]!.GetValue<string>()));
        Assert.Equal("approved", history[0]!["source"]!.GetValue<string>());

        // Within 24 h of store time of the change, the next repricing leaves it alone.
        var again = (await admin.Data("mutation{ repriceProducts(productIds:[\"s01-i01\"]) }"))["repriceProducts"]!.GetValue<string>();
        Assert.Equal("1 products: 0 changed, 0 proposed, 1 unchanged", again);

        var decisions = host.Decisions.Recorded.Where(d => d.Store == store.Id && d.Decision.ProductId == "s01-i01").Select(d => d.Decision).ToList();
        Assert.Contains(decisions, d => d.Kind == "price-proposal" && d.ModuleId == "pricing" && d.Inputs.ContainsKey("elasticity"));
        Assert.Contains(decisions, d => d.Kind == "price-change" && d.Explanation.Contains(proposed.ToString("0.00")));
    }

    [Fact]
    public async Task Automatic_mode_matches_a_competitor_within_the_guardrails()
    {
        var store = await host.DemandStoreAsync();
        var admin = host.Admin(store.Id);
        var import = (await admin.Data("""
            mutation { importCompetitorPrices(prices: [
              { productId: "s01-i02", competitor: "Rival", price: 9.45 },
              { productId: "nope", competitor: "Rival", price: 5 },
              { productId: "s01-i02", competitor: "Other", price: -1 } ]) { imported rejected errors { index field } } }
            """))["importCompetitorPrices"]!;
        Assert.Equal(1, import["imported"]!.GetValue<int>());
        Assert.Equal(2, import["rejected"]!.GetValue<int>());
        Assert.Equal(["productId", "price"], import["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
        Assert.Single((await admin.Data("{ competitorPrices(productId:\"s01-i02\"){ competitor price } }"))["competitorPrices"]!.AsArray());

        await admin.Data("mutation{ setPriceGuardrails(input:{ scope: PRODUCT, target:\"s01-i02\", competitor: MATCH, maxStepChangePercent: 10 }){ target } }");
        await admin.Data("mutation{ setPricingSettings(mode: AUTOMATIC){ mode } }");
        try
        {
            var outcome = (await admin.Data("mutation{ repriceProducts(productIds:[\"s01-i02\"]) }"))["repriceProducts"]!.GetValue<string>();
            Assert.Equal("1 products: 1 changed, 0 proposed, 0 unchanged", outcome);
            var price = (await host.Storefront(store.Key).Data(Price, new { p = "s01-i02" }))["price"]!;
            Assert.Equal(9.45m, price["amount"]!.GetValue<decimal>());
            var history = (await admin.Data("{ priceHistory(productId:\"s01-i02\"){ kind source reason } }"))["priceHistory"]!.AsArray();
            Assert.Equal("automatic", history[0]!["source"]!.GetValue<string>());
            Assert.Contains("competitor match", history[0]!["reason"]!.GetValue<string>());
        }
        finally { await admin.Data("mutation{ setPricingSettings(mode: RECOMMEND_ONLY){ mode } }"); }
    }

    [Fact]
    public async Task Bad_guardrails_are_refused_by_field_and_the_previous_settings_stay()
    {
        var (store, _) = await host.NewStore("grd", "pricing");
        var admin = host.Admin(store);
        await admin.Data("mutation{ importProducts(products:[{ id:\"tea\", title:\"Tea\", category:\"Food > Tea\", price: 5 }]){ imported } }");
        await admin.Data("mutation{ setPriceGuardrails(input:{ scope: STORE, ceiling: 50 }){ scope } }");
        await admin.Data("mutation{ setPriceGuardrails(input:{ scope: PRODUCT, target:\"tea\", floor: 3, ceiling: 8, cost: 2 }){ target } }");

        foreach (var (input, field) in new[]
        {
            ("{ scope: PRODUCT, target:\"tea\", floor: 9, ceiling: 8 }", "floor"),
            ("{ scope: PRODUCT, target:\"tea\", cost: -1 }", "cost"),
            ("{ scope: PRODUCT, target:\"coffee\", floor: 1 }", "target"),
            ("{ scope: PRODUCT, target:\"tea\", floor: 60 }", "floor"), // above the store's ceiling it would inherit
            ("{ scope: CATEGORY, target:\"Food\", floor: 70 }", "floor"),
        })
        {
            var r = await admin.Send($"mutation{{ setPriceGuardrails(input:{input}){{ target }} }}");
            Assert.True(r.Code == "BAD_USER_INPUT", $"{input}: {r.Body}");
            Assert.Equal(field, r.Field);
            Assert.StartsWith(field + ":", r.Errors[0]!["message"]!.GetValue<string>());
        }
        var sets = (await admin.Data("{ pricingGuardrails { scope target floor ceiling cost } }"))["pricingGuardrails"]!.AsArray();
        Assert.Equal(2, sets.Count);
        var tea = sets.Single(x => x!["scope"]!.GetValue<string>() == "PRODUCT")!;
        Assert.Equal(3m, tea["floor"]!.GetValue<decimal>());
        Assert.Equal(8m, tea["ceiling"]!.GetValue<decimal>());
        Assert.Equal(2m, tea["cost"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task The_admin_page_shows_proposals_and_approves_them()
    {
        var store = await host.DemandStoreAsync();
        var admin = host.Admin(store.Id);
        await admin.Data("mutation{ setPricingSettings(mode: RECOMMEND_ONLY, objective: REVENUE){ mode } }");
        await admin.Data("mutation{ repriceProducts(productIds:[\"s01-i03\"]) }");

        var browser = await host.AdminBrowserAsync(store.Id);
        var page = await browser.GetStringAsync("/admin/pricing");
        Assert.Contains("data-proposal=\"s01-i03\"", page);
        Assert.Contains("Proposals awaiting approval", page);

        var approve = await browser.PostAsync("/admin/pricing?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["productId"] = "s01-i03", ["__RequestVerificationToken"] = AdminPages.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        var after = await browser.GetStringAsync("/admin/pricing");
        Assert.DoesNotContain("data-proposal=\"s01-i03\"", after);
        Assert.Contains("s01-i03: approved", after);
    }

}

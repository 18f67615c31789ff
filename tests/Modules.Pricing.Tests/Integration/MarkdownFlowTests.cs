using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Admin.Accounts;

namespace RetailCommerce.Modules.Pricing.Tests.Integration;

/// <summary>Markdown planning, applying a plan as proposals, and the stock-at-risk list, through GraphQL and the admin page.</summary>
[Collection(PricingHostCollection.Name)]
public sealed partial class MarkdownFlowTests(PricingHost host)
{
    private static readonly DateOnly Last = new(2017, 3, 31);
    private const string Plan = "query($p:ID!,$t:Float!,$b:Date!){ markdownPlan(productId:$p, targetSellThrough:$t, by:$b){ productId stock currentPrice reachable expectedSellThrough sellThroughWithoutMarkdown from by explanation steps { date price expectedUnits expectedSellThrough } } }";

    /// <summary>
    /// 70 days of sales ending <see cref="Last"/>: md-a (stock 400) and md-b (stock 3) sell about 6 a day, md-c
    /// (stock 100,000) about 2 a day.
    /// </summary>
    private async Task<(string Id, string Key)> StoreAsync()
    {
        var store = await host.NewStore("md", "pricing");
        var admin = host.Admin(store.Id);
        await admin.Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }", new
        {
            p = new[]
            {
                new { id = "md-a", title = "Summer dress", category = "Clothes > Dresses", price = 40.0, currency = "USD", stock = 400 },
                new { id = "md-b", title = "Sandals", category = "Clothes > Shoes", price = 30.0, currency = "USD", stock = 3 },
                new { id = "md-c", title = "Scarf", category = "Clothes > Scarves", price = 15.0, currency = "USD", stock = 100_000 },
            },
        });
        var events = new List<object>();
        for (var d = 0; d < 70; d++)
        {
            var day = Last.AddDays(-69 + d);
            foreach (var (id, units, price) in new[] { ("md-a", 5 + d % 3, 40.0), ("md-b", 6 + d % 2, 30.0), ("md-c", 1 + d % 3, 15.0) })
                events.Add(new
                {
                    id = $"e-{id}-{d}", type = "PURCHASE", customerId = $"c{d % 9}", productId = id, orderId = $"o-{id}-{d}", quantity = units, price,
                    occurredAt = day.ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                });
        }
        var r = await host.Storefront(store.Key).Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ rejected } }", new { e = events });
        Assert.Equal(0, r["trackEvents"]!["rejected"]!.GetValue<int>());
        await host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await admin.Data("mutation{ runJob(id:\"pricing.retrain\"){ outcome } }");
        return store;
    }

    [Fact]
    public async Task Plans_a_markdown_applies_it_as_proposals_and_lists_stock_at_risk()
    {
        var store = await StoreAsync();
        var admin = host.Admin(store.Id);
        // A retrain within a week of store time reuses the quantile calibration (one fit instead of two).
        var retrain = (await admin.Data("mutation{ runJob(id:\"pricing.retrain\"){ outcome } }"))["runJob"]!["outcome"]!.GetValue<string>();
        Assert.EndsWith("(quantile bands reused from 2017-03-31)", retrain);

        // Bad input names its field; the store clock (2017-03-31), not the wall clock, decides what is past.
        foreach (var (product, target, by, code, field) in new[]
        {
            ("md-a", 0.0, "2017-04-30", "BAD_USER_INPUT", "targetSellThrough"),
            ("md-a", 1.5, "2017-04-30", "BAD_USER_INPUT", "targetSellThrough"),
            ("md-a", 0.8, "2017-03-31", "BAD_USER_INPUT", "by"),
            ("md-a", 0.8, "2017-01-01", "BAD_USER_INPUT", "by"),
            ("nope", 0.8, "2017-04-30", "NOT_FOUND", "productId"),
        })
        {
            var bad = await admin.Send(Plan, new { p = product, t = target, b = by });
            Assert.True(bad.Code == code, $"{product} {target} {by}: {bad.Body}");
            Assert.Equal(field, bad.Field);
            Assert.StartsWith(field + ":", bad.Message);
        }

        // 400 units, about 6 a day: 30 days at 40.00 sell under half; selling 95% needs markdowns.
        var plan = (await admin.Data(Plan, new { p = "md-a", t = 0.95, b = "2017-04-30" }))["markdownPlan"]!;
        Assert.Equal("2017-03-31", plan["from"]!.GetValue<string>());
        Assert.True(plan["reachable"]!.GetValue<bool>(), plan.ToJsonString());
        Assert.True(plan["sellThroughWithoutMarkdown"]!.GetValue<double>() < 0.6);
        Assert.InRange(plan["expectedSellThrough"]!.GetValue<double>(), 0.95, 1.0);
        var steps = plan["steps"]!.AsArray();
        Assert.NotEmpty(steps);
        var previous = 40m;
        foreach (var s in steps)
        {
            var price = s!["price"]!.GetValue<decimal>();
            Assert.True(price < previous && price >= previous * 0.9m, $"step {price} after {previous} breaks the default 10% step cap");
            previous = price;
        }
        Assert.Equal(plan["expectedSellThrough"]!.GetValue<double>(), steps[^1]!["expectedSellThrough"]!.GetValue<double>(), 3);
        var unreachable = (await admin.Data(Plan, new { p = "md-c", t = 0.9, b = "2017-04-30" }))["markdownPlan"]!;
        Assert.False(unreachable["reachable"]!.GetValue<bool>());
        Assert.StartsWith("Unreachable", unreachable["explanation"]!.GetValue<string>());

        // Apply as proposals: the steps due today wait for approval; the optimizer leaves the product alone.
        await admin.Data("mutation{ setPricingSettings(mode: AUTOMATIC){ mode } }");
        var applied = (await admin.Data("mutation($t:Float!){ applyMarkdownPlan(productId:\"md-a\", targetSellThrough:$t, by:\"2017-04-30\", mode: RECOMMEND_ONLY){ active automatic stepsDone status plan { steps { date price } } } }",
            new { t = 0.95 }))["applyMarkdownPlan"]!;
        Assert.True(applied["active"]!.GetValue<bool>());
        Assert.False(applied["automatic"]!.GetValue<bool>());
        var first = applied["plan"]!["steps"]![0]!;
        // A 95% target from under 50% needs the first cut today (the smallest markdowns start as late as they can).
        Assert.Equal("2017-03-31", first["date"]!.GetValue<string>());
        Assert.Equal(1, applied["stepsDone"]!.GetValue<int>());
        Assert.Equal("0 products: 0 changed, 0 proposed, 0 unchanged",
            (await admin.Data("mutation{ repriceProducts(productIds:[\"md-a\"]) }"))["repriceProducts"]!.GetValue<string>());
        var proposal = (await admin.Data("{ priceProposals { productId proposedPrice reason } }"))["priceProposals"]!.AsArray()
            .Single(p => p!["productId"]!.GetValue<string>() == "md-a")!;
        Assert.Equal(first["price"]!.GetValue<decimal>(), proposal["proposedPrice"]!.GetValue<decimal>());
        Assert.StartsWith("Markdown step 1 of", proposal["reason"]!.GetValue<string>());
        var shown = (await host.Storefront(store.Key).Data("{ product(id:\"md-a\"){ price } }"))["product"]!["price"]!.GetValue<decimal>();
        Assert.Equal(40m, shown); // nothing changes before approval
        await admin.Data("mutation{ approvePriceProposal(productId:\"md-a\"){ kind } }");
        shown = (await host.Storefront(store.Key).Data("{ product(id:\"md-a\"){ price } }"))["product"]!["price"]!.GetValue<decimal>();
        Assert.Equal(first["price"]!.GetValue<decimal>(), shown);
        Assert.Contains(host.Decisions.Recorded, d => d.Store == store.Id && d.Decision.ProductId == "md-a" && d.Decision.Inputs.ContainsKey("targetSellThrough"));
        // The next step is dated tomorrow (store clock): the reprice job keeps it waiting.
        var job = (await admin.Data("mutation{ runJob(id:\"pricing.reprice\"){ outcome } }"))["runJob"]!["outcome"]!.GetValue<string>();
        Assert.EndsWith("markdowns: 0 steps submitted, 1 waiting, 0 stopped", job);
        Assert.StartsWith("next step 2 on 2017-04-01", (await admin.Data("{ appliedMarkdowns { status } }"))["appliedMarkdowns"]![0]!["status"]!.GetValue<string>());
        Assert.True((await admin.Data("mutation{ cancelMarkdownPlan(productId:\"md-a\") }"))["cancelMarkdownPlan"]!.GetValue<bool>());
        var list = (await admin.Data("{ appliedMarkdowns { productId active status } }"))["appliedMarkdowns"]!.AsArray();
        Assert.Equal("cancelled by the merchant", list.Single()!["status"]!.GetValue<string>());

        // Stock at risk: md-b (3 units, ~6 a day, 7-day lead time) runs out; md-c holds far more than a busy quarter sells.
        var risks = (await admin.Data("{ inventoryRisks(first: 10){ productId risk stock daysOfCover leadTimeDays highDemandOverHorizon explanation } }"))["inventoryRisks"]!.AsArray();
        Assert.Equal(["md-b", "md-c"], risks.Select(r => r!["productId"]!.GetValue<string>()));
        Assert.Equal("STOCK_OUT", risks[0]!["risk"]!.GetValue<string>());
        Assert.True(risks[0]!["daysOfCover"]!.GetValue<int>() < risks[0]!["leadTimeDays"]!.GetValue<int>());
        Assert.Equal("OVERSTOCK", risks[1]!["risk"]!.GetValue<string>());
        Assert.True(risks[1]!["stock"]!.GetValue<int>() > risks[1]!["highDemandOverHorizon"]!.GetValue<double>());

        // The admin page lists them and plans a markdown.
        var browser = await host.AdminBrowserAsync(store.Id);
        var page = await browser.GetStringAsync("/admin/pricing?MarkdownProduct=md-c&MarkdownTarget=90&MarkdownBy=2017-04-30");
        Assert.Contains("data-risk=\"md-b\"", page);
        Assert.Contains("data-risk=\"md-c\"", page);
        Assert.DoesNotContain("data-risk=\"md-a\"", page);
        Assert.Contains("data-plan-reachable=\"false\"", page);
        Assert.Contains("data-markdown=\"md-a\"", page);
    }

}

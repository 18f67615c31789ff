using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Decisions;

namespace RetailCommerce.Modules.Governance.Tests;

[Collection(GovernanceHostCollection.Name)]
public sealed class DecisionAndRetentionTests(GovernanceHost host)
{
    [Fact]
    public async Task Decisions_are_browsable_explainable_to_their_customer_and_feed_the_fairness_report()
    {
        var (store, key) = await host.NewStore("gd", "governance");
        var admin = host.Admin(store);
        await Shop.Products(admin, "p1", "p2", "p3");
        var at = new DateTimeOffset(2025, 2, 1, 10, 15, 0, TimeSpan.Zero);
        var ids = await host.Services.GetRequiredService<IAiDecisionLog>().RecordAsync(store,
        [
            new AiDecision { ModuleId = "pricing", Kind = "price-shown", CustomerId = "c-1", ProductId = "p1", At = at, Model = "ranker@1", Explanation = "Standard price.", Inputs = new Dictionary<string, string> { ["basePrice"] = "100.00" } },
            new AiDecision { ModuleId = "pricing", Kind = "price-shown", CustomerId = "c-2", ProductId = "p1", At = at.AddMinutes(10), Explanation = "Standard price.", Inputs = new Dictionary<string, string> { ["basePrice"] = "104.99", ["customer_age"] = "41" } },
            new AiDecision { ModuleId = "recommendations", Kind = "recommendations-served", CustomerId = "c-1", At = at, Explanation = "Similar to your views.", Inputs = new Dictionary<string, string> { ["productIds"] = "p1,p2" } },
        ]);
        Assert.Equal(3, ids.Count);

        var list = (await admin.Data("query($c:String){ decisions(customerId:$c, from:\"2025-02-01T00:00:00Z\", to:\"2025-02-02T00:00:00Z\"){ id kind productId } }", new { c = "c-1" }))["decisions"]!.AsArray();
        Assert.Equal(2, list.Count);
        var byProduct = (await admin.Data("query{ decisions(productId:\"p1\"){ id customerId } }"))["decisions"]!.AsArray();
        Assert.Equal(2, byProduct.Count);
        Assert.Equal("BAD_USER_INPUT", (await admin.Send("query{ decisions{ id } }")).Code);

        const string Explain = "query($id:String!){ explainDecision(id:$id){ explanation narrative model inputs { name value } } }";
        var own = await host.Storefront(key, await host.CustomerToken(store, "c-1")).Data(Explain, new { id = ids[0] });
        Assert.Contains("ranker@1", own["explainDecision"]!["narrative"]!.GetValue<string>());
        Assert.Contains("basePrice = 100.00", own["explainDecision"]!["narrative"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", (await host.Storefront(key, await host.CustomerToken(store, "c-2")).Send(Explain, new { id = ids[0] })).Code);

        var fairness = (await admin.Data("query{ fairnessReport(from:\"2025-02-01T00:00:00Z\", to:\"2025-02-02T00:00:00Z\"){ priceDecisions priceInconsistencies { productId basePrices customers } catalogCoverage exposureGini protectedAttributes { attribute moduleId decisions } } }"))["fairnessReport"]!;
        var inconsistency = fairness["priceInconsistencies"]!.AsArray().Single()!;
        Assert.Equal("p1", inconsistency["productId"]!.GetValue<string>());
        Assert.Equal(2, inconsistency["customers"]!.GetValue<int>());
        Assert.Equal(2.0 / 3, fairness["catalogCoverage"]!.GetValue<double>(), 3);
        Assert.Equal("age", fairness["protectedAttributes"]!.AsArray().Single()!["attribute"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retention_expires_old_search_texts_and_events_but_keeps_the_aggregates()
    {
        var (store, key) = await host.NewStore("gr", "governance");
        var admin = host.Admin(store);
        await Shop.Products(admin, "p1");
        var now = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        await Shop.Track(host.Storefront(key),
            new { id = "old-1", type = "SEARCH", customerId = "c-1", query = "very old search", occurredAt = now.AddDays(-400) },
            new { id = "old-2", type = "VIEW", customerId = "c-1", productId = "p1", occurredAt = now.AddDays(-400) },
            new { id = "mid-1", type = "SEARCH", customerId = "c-1", query = "two month old search", occurredAt = now.AddDays(-60) },
            new { id = "new-1", type = "SEARCH", customerId = "c-1", query = "fresh search", occurredAt = now.AddDays(-1) },
            new { id = "new-2", type = "VIEW", customerId = "c-1", productId = "p1", occurredAt = now });
        await host.CatchUp();
        Assert.Contains("no retention", (await admin.Data("mutation{ runJob(id:\"governance.retention\"){ outcome } }"))["runJob"]!["outcome"]!.GetValue<string>());

        await admin.Data("mutation{ a: setRetention(kind:\"search_text\", days:30){ policyVersion } b: setRetention(kind:\"events\", days:365){ policyVersion } }");
        Assert.Equal("BAD_USER_INPUT", (await admin.Send("mutation{ setRetention(kind:\"everything\", days:3){ policyVersion } }")).Code);
        var stats = await host.Strings("select data::text from retail.mt_doc_productdailystats where tenant_id = @t order by id", ("t", store));

        var outcome = (await admin.Data("mutation{ runJob(id:\"governance.retention\"){ outcome } }"))["runJob"]!["outcome"]!.GetValue<string>();
        var progress = string.Join("; ", await host.Strings("select name || '=' || last_seq_id from retail.mt_event_progression"));
        var maxSeq = await host.Scalar<long>("select max(seq_id) from retail.mt_events");
        Assert.True(outcome.Contains("2 search text(s) older than 30 days expired"), outcome + " | " + progress + " | max " + maxSeq);
        Assert.Contains("2 event(s) older than 365 days deleted", outcome);

        var queries = await host.Strings("select data->>'Query' from retail.mt_events where tenant_id = @t and data->>'Query' is not null order by seq_id", ("t", store));
        Assert.Equal(["[expired]", "fresh search"], queries);
        Assert.Equal(stats, await host.Strings("select data::text from retail.mt_doc_productdailystats where tenant_id = @t order by id", ("t", store)));
    }
}

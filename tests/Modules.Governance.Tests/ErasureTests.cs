using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Decisions;

namespace RetailCommerce.Modules.Governance.Tests;

[Collection(GovernanceHostCollection.Name)]
public sealed class ErasureTests(GovernanceHost host)
{
    private const string Ann = "cust-ann-7f3e";
    private const string AnnEmail = "ann.erasure@example.com";
    private const string AnnName = "Annabelle Zwiebelfisch";
    private const string AnnSearch = "quokka hammock for annabelle";
    private const string AnnChat = "do you have a wombat lantern for my goddaughter";
    private const string Bob = "cust-bob-91c2";
    private const string Export = "query($c:String!){ exportCustomerData(customerId:$c) }";
    private const string Erase = "mutation($c:String!){ eraseCustomer(customerId:$c){ subjectHash verified remaining customerRecordDeleted streamsAnonymized eventsAnonymized eventsDeleted moduleStreamsDeleted documentsDeleted documentsAnonymized freeTextsErased holders { name deleted } } }";
    private const string Insights = "query{ insights(from:\"2025-01-01\", to:\"2025-01-31\"){ totals { sessions visitors productViews searches addToCarts orders unitsSold revenue } topSearches { query searches } } }";

    private async Task<(string Store, string Key)> FilledStore()
    {
        var (store, key) = await host.NewStore("ge", "governance", "loyalty", "insights", "assistant");
        var admin = host.Admin(store);
        await Shop.Products(admin, "p1", "p2");
        await Shop.Customer(admin, Ann, AnnEmail, AnnName, "DE");
        await Shop.Customer(admin, Bob, "bob@example.com", "Bob Builder", "FR");
        var shop = host.Storefront(key);
        var day = new DateTimeOffset(2025, 1, 10, 9, 0, 0, TimeSpan.Zero);
        await Shop.Track(shop,
            // Ann browses anonymously, then signs in within the same session and buys.
            new { id = "a1", type = "VIEW", sessionId = "sess-ann-4d1c", productId = "p1", occurredAt = day },
            new { id = "a2", type = "SEARCH", sessionId = "sess-ann-4d1c", query = AnnSearch, occurredAt = day.AddMinutes(1) },
            new { id = "a3", type = "SEARCH", sessionId = "sess-ann-4d1c", query = "blue tent", occurredAt = day.AddMinutes(2) },
            new { id = "bob-1", type = "SEARCH", customerId = Bob, sessionId = "sess-bob-0001", query = "blue tent", occurredAt = day },
            new { id = "bob-2", type = "PURCHASE", customerId = Bob, sessionId = "sess-bob-0001", productId = "p2", orderId = "o-bob-1", quantity = 2, price = 101m, occurredAt = day.AddMinutes(5) });
        await Shop.Track(shop,
            new { id = "a4", type = "ADD_TO_CART", customerId = Ann, sessionId = "sess-ann-4d1c", productId = "p1", quantity = 1, occurredAt = day.AddMinutes(3) },
            new { id = "a5", type = "PURCHASE", customerId = Ann, sessionId = "sess-ann-4d1c", productId = "p1", orderId = "o-ann-1", quantity = 1, price = 100m, occurredAt = day.AddMinutes(4),
                  context = new { device = "mobile", referrer = "https://mail.example.com/inbox?u=" + AnnEmail, country = "DE" } },
            new { id = $"evt-{Ann}-6", type = "VIEW", customerId = Ann, productId = "p2", occurredAt = day.AddDays(1) });
        await admin.Data("mutation($c:String!){ setConsent(customerId:$c, purpose:\"marketing\", granted:true, policyVersion:\"v1\"){ customerId } }", new { c = Ann });
        // Ann chats with the assistant, signed in: the transcript holds her own words.
        await host.Storefront(key, await host.CustomerToken(store, Ann)).Data("mutation($m:String!){ chat(message:$m){ conversationId } }", new { m = AnnChat });
        await admin.Data("mutation($c:ID!){ awardPoints(customerId:$c, points:50, reason:\"welcome\"){ balance } }", new { c = Ann });
        await admin.Data("mutation($c:ID!){ awardPoints(customerId:$c, points:20, reason:\"welcome\"){ balance } }", new { c = Bob });
        // Book the purchase points now, as the scheduled loyalty.points job would (every 5 minutes): otherwise a run
        // that happens to fire mid-test adds an event to Bob's ledger between the before/after comparisons.
        var points = await admin.Data("mutation { runJob(id: \"loyalty.points\") { succeeded outcome } }");
        Assert.True(points["runJob"]!["succeeded"]!.GetValue<bool>(), points.ToJsonString());
        await host.Services.GetRequiredService<IAiDecisionLog>().RecordAsync(store,
        [
            new AiDecision { ModuleId = "recommendations", Kind = "recommendations-served", CustomerId = Ann, Explanation = "Showed tents because of recent views.", Inputs = new Dictionary<string, string> { ["productIds"] = "p1,p2" } },
            new AiDecision { ModuleId = "recommendations", Kind = "recommendations-served", CustomerId = Bob, Explanation = "Showed p2.", Inputs = new Dictionary<string, string> { ["productIds"] = "p2" } },
        ]);
        await host.CatchUp();
        return (store, key);
    }

    [Fact]
    public async Task Export_holds_everything_and_erasure_leaves_no_trace_while_aggregates_and_others_stay()
    {
        var (store, key) = await FilledStore();
        var admin = host.Admin(store);

        // Right of access: the export has the record, both searches, the events, consent, points and the decision.
        var export = (await admin.Data(Export, new { c = Ann }))["exportCustomerData"]!;
        var text = export.ToJsonString();
        foreach (var needle in new[] { AnnEmail, AnnName, AnnSearch, "blue tent", "o-ann-1", "module:loyalty:" + Ann, "consent_given", "Showed tents", AnnChat })
            Assert.Contains(needle, text);
        Assert.Equal(6, export["events"]!.AsArray().Count(e => e!["type"]!.GetValue<string>() != "session_linked_to_customer"));
        Assert.Equal(1, export["profile"]!["Orders"]!.GetValue<int>());
        // Consent purposes by name, as the API spells them, never as enum numbers.
        Assert.Equal(["personalization", "marketing", "analytics", "ai_assistant"], export["consent"]!["purposes"]!.AsArray().Select(p => p!["purpose"]!.GetValue<string>()));
        Assert.DoesNotContain(Bob, text);

        // Beforehand, the auditor's scan does find Ann everywhere.
        Assert.NotEmpty(await host.ScanAll(store, Ann));
        Assert.NotEmpty(await host.ScanAll(store, AnnSearch));

        var statsBefore = await Aggregates(store);
        var insightsBefore = (await admin.Data(Insights))["insights"]!["totals"]!.ToJsonString();
        var bobBefore = await BobsData(store);

        var report = (await admin.Data(Erase, new { c = Ann }))["eraseCustomer"]!;
        Assert.True(report["verified"]!.GetValue<bool>(), report.ToJsonString());
        Assert.True(report["customerRecordDeleted"]!.GetValue<bool>());
        Assert.Equal(2, report["streamsAnonymized"]!.GetValue<int>()); // her stream and the linked session
        Assert.Equal(2, report["moduleStreamsDeleted"]!.GetValue<int>()); // consent and points
        Assert.Equal(1, report["freeTextsErased"]!.GetValue<int>() > 0 ? 1 : 0);
        Assert.DoesNotContain(Ann, report.ToJsonString());

        await host.CatchUp();
        foreach (var needle in new[] { Ann, AnnEmail, AnnName, AnnSearch, "sess-ann-4d1c", "wombat lantern" })
            Assert.True((await host.ScanAll(store, needle)).Count == 0, $"'{needle}' still in: {string.Join(", ", await host.ScanAll(store, needle))}");

        // Aggregates and the other customer's data are untouched.
        Assert.Equal(statsBefore, await Aggregates(store));
        Assert.Equal(insightsBefore, (await admin.Data(Insights))["insights"]!["totals"]!.ToJsonString());
        Assert.Equal(bobBefore, await BobsData(store));
        var searches = (await admin.Data(Insights))["insights"]!["topSearches"]!.AsArray().Select(s => s!["query"]!.GetValue<string>()).ToList();
        Assert.Contains("blue tent", searches); // typed by Bob too: stays
        Assert.DoesNotContain(AnnSearch, searches);

        // No API re-identifies her.
        var token = await host.CustomerToken(store, Ann);
        Assert.Null((await host.Storefront(key, token).Data("{ me { id email } }"))["me"]);
        Assert.Equal("NOT_FOUND", (await admin.Send(Export, new { c = Ann })).Code);
        Assert.True((await admin.Data("query($c:String!){ consent(customerId:$c){ erased } }", new { c = Ann }))["consent"]!["erased"]!.GetValue<bool>());
        Assert.Empty((await admin.Data("query($c:String){ decisions(customerId:$c){ id } }", new { c = Ann }))["decisions"]!.AsArray());

        // Events that still arrive with her id are stored without the link.
        await Shop.Track(host.Storefront(key), new { id = "late-1", type = "VIEW", customerId = Ann, sessionId = "s-late", productId = "p1" });
        Assert.Empty(await host.Strings("select id from retail.mt_streams where tenant_id = @t and id = @c", ("t", store), ("c", Ann)));
    }

    [Fact]
    public async Task Unknown_customer_and_someone_elses_export_are_refused_and_change_nothing()
    {
        var (store, key) = await FilledStore();
        var admin = host.Admin(store);
        var rows = await host.Scalar<long>("select count(*) from retail.mt_events where tenant_id = @t", ("t", store));

        var unknown = await admin.Send(Erase, new { c = "cust-nobody" });
        Assert.Equal("NOT_FOUND", unknown.Code);
        Assert.Equal("NOT_FOUND", (await admin.Send(Export, new { c = "cust-nobody" })).Code);

        var bobShop = host.Storefront(key, await host.CustomerToken(store, Bob));
        Assert.Equal("FORBIDDEN", (await bobShop.Send(Export, new { c = Ann })).Code);
        Assert.Equal("FORBIDDEN", (await bobShop.Send(Erase, new { c = Ann })).Code);
        var own = (await bobShop.Data(Export, new { c = Bob }))["exportCustomerData"]!;
        Assert.Equal(Bob, own["customerId"]!.GetValue<string>());
        Assert.DoesNotContain(Ann, own.ToJsonString());

        Assert.Equal(rows, await host.Scalar<long>("select count(*) from retail.mt_events where tenant_id = @t", ("t", store)));
        Assert.Equal(0L, await host.Scalar<long>("select count(*) from retail.mt_doc_erasurerecord where tenant_id = @t", ("t", store)));
        Assert.NotEmpty(await host.ScanAll(store, Ann));
    }

    private async Task<string> Aggregates(string store) => string.Join("\n",
        (await host.Strings("select id || ' ' || data::text from retail.mt_doc_productdailystats where tenant_id = @t order by id", ("t", store)))
        .Concat(await host.Strings("select (data->>'Events') || ' ' || (data->>'LatestEventAt') from retail.mt_doc_storeactivity where tenant_id = @t", ("t", store))));

    private async Task<string> BobsData(string store) => string.Join("\n",
        (await host.Strings("select stream_id || ' ' || version || ' ' || data::text from retail.mt_events where tenant_id = @t and (stream_id = @b or stream_id = @l) order by seq_id",
            ("t", store), ("b", Bob), ("l", "module:loyalty:" + Bob)))
        .Concat(await host.Strings("select data::text from retail.mt_doc_shopperprofile where tenant_id = @t and id = @b", ("t", store), ("b", Bob)))
        .Concat(await host.Strings("select data::text from retail.mt_doc_customer where tenant_id = @t and id = @b", ("t", store), ("b", Bob)))
        .Concat(await host.Strings("select data::text from retail.mt_doc_aidecisionrecord where tenant_id = @t and data->>'CustomerId' = @b", ("t", store), ("b", Bob))));
}

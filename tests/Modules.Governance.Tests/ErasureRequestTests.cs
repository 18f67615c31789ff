using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Governance.Privacy;

namespace RetailCommerce.Modules.Governance.Tests;

[Collection(GovernanceHostCollection.Name)]
public sealed class ErasureRequestTests(GovernanceHost host)
{
    private const string Fields = "id customerId note source requestedAt status dueAt overdue completedAt erasureId erasedAt erasureVerified";
    private const string Request = "mutation($c:String!,$n:String){ requestErasure(customerId:$c, note:$n){ " + Fields + " } }";
    private const string List = "query($o:Boolean,$f:Int){ erasureRequests(open:$o, first:$f){ " + Fields + " } }";
    private const string Erase = "mutation($c:String!){ eraseCustomer(customerId:$c){ subjectHash erasedAt verified remaining } }";

    private async Task<(string Store, string Key)> StoreWith(params string[] customers)
    {
        var (store, key) = await host.NewStore("gr", "governance");
        var admin = host.Admin(store);
        await Shop.Products(admin, "p1");
        foreach (var c in customers) await Shop.Customer(admin, c, $"{c}@example.com", "Name of " + c, "DE");
        return (store, key);
    }

    [Fact]
    public async Task A_shopper_requests_erasure_for_themselves_only_and_asking_again_returns_the_open_request()
    {
        var (store, key) = await StoreWith("c-ann", "c-bob");
        var ann = host.Storefront(key, await host.CustomerToken(store, "c-ann"));
        var bob = host.Storefront(key, await host.CustomerToken(store, "c-bob"));

        var filed = (await ann.Data(Request, new { c = "c-ann", n = "  Please delete my account.  " }))["requestErasure"]!;
        Assert.StartsWith("er-", filed["id"]!.GetValue<string>());
        Assert.Equal("c-ann", filed["customerId"]!.GetValue<string>());
        Assert.Equal("Please delete my account.", filed["note"]!.GetValue<string>());
        Assert.Equal("storefront", filed["source"]!.GetValue<string>());
        Assert.Equal("OPEN", filed["status"]!.GetValue<string>());
        Assert.False(filed["overdue"]!.GetValue<bool>());
        Assert.Null(filed["completedAt"]);
        var requestedAt = filed["requestedAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(requestedAt.AddDays(30), filed["dueAt"]!.GetValue<DateTimeOffset>());

        // Someone else's token, or none, is refused and files nothing.
        Assert.Equal("FORBIDDEN", (await bob.Send(Request, new { c = "c-ann" })).Code);
        Assert.Equal("FORBIDDEN", (await host.Storefront(key).Send(Request, new { c = "c-ann" })).Code);

        // Asking again while the request is open returns it unchanged, also when many ask at once.
        var again = (await ann.Data(Request, new { c = "c-ann", n = "Second try" }))["requestErasure"]!;
        Assert.Equal(filed["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        Assert.Equal("Please delete my account.", again["note"]!.GetValue<string>());
        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => bob.Data(Request, new { c = "c-bob" })));
        var bobIds = racing.Select(r => r["requestErasure"]!["id"]!.GetValue<string>()).Distinct().ToList();
        Assert.Single(bobIds);

        // The admin list: both open, oldest first; one event per request in the module's streams.
        var open = (await host.Admin(store).Data(List, new { o = true }))["erasureRequests"]!.AsArray();
        Assert.Equal(["c-ann", "c-bob"], open.Select(r => r!["customerId"]!.GetValue<string>()));
        Assert.Empty((await host.Admin(store).Data(List, new { o = false }))["erasureRequests"]!.AsArray());
        var streams = await host.Strings("select stream_id from retail.mt_events where tenant_id = @t and type = 'erasure_requested' order by seq_id", ("t", store));
        Assert.Equal(2, streams.Count);
        Assert.All(streams, s => Assert.StartsWith("module:governance:erasure:er-", s));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_BAD_USER_INPUT_naming_the_field()
    {
        var (store, key) = await StoreWith("c-ann");
        var ann = host.Storefront(key, await host.CustomerToken(store, "c-ann"));
        var admin = host.Admin(store);

        var empty = await admin.Send(Request, new { c = "  " });
        Assert.Equal(("BAD_USER_INPUT", "customerId"), (empty.Code, empty.Field));
        var longNote = await ann.Send(Request, new { c = "c-ann", n = new string('x', 2_000) });
        Assert.Equal(("BAD_USER_INPUT", "note"), (longNote.Code, longNote.Field));
        Assert.StartsWith("note:", longNote.Message);
        var first = await admin.Send(List, new { f = 0 });
        Assert.Equal(("BAD_USER_INPUT", "first"), (first.Code, first.Field));
        var deadline = await admin.Send("mutation{ setErasureDeadline(days: 0){ erasureDeadlineDays } }");
        Assert.Equal(("BAD_USER_INPUT", "days"), (deadline.Code, deadline.Field));

        // Nothing was filed by the refused calls.
        Assert.Empty((await admin.Data(List))["erasureRequests"]!.AsArray());
    }

    [Fact]
    public async Task EraseCustomer_completes_the_open_request_which_stays_as_proof_without_naming_the_customer()
    {
        const string Note = "I moved away, erase me — Annabelle Quist";
        var (store, key) = await StoreWith("c-ann-5e1", "c-bob");
        var shop = host.Storefront(key);
        await Shop.Track(shop, new { id = "e1", type = "VIEW", customerId = "c-ann-5e1", sessionId = "s-ann-77a1", productId = "p1" });
        var admin = host.Admin(store);
        await admin.Data("mutation($c:String!){ setConsent(customerId:$c, purpose:\"ai_assistant\", granted:false, policyVersion:\"v2\"){ customerId } }", new { c = "c-ann-5e1" });
        var ann = host.Storefront(key, await host.CustomerToken(store, "c-ann-5e1"));
        var filed = (await ann.Data(Request, new { c = "c-ann-5e1", n = Note }))["requestErasure"]!;
        var bobsRequest = (await host.Storefront(key, await host.CustomerToken(store, "c-bob")).Data(Request, new { c = "c-bob" }))["requestErasure"]!;
        await host.CatchUp();

        // Right of access first: consent purposes and modes by name, never as numbers; the request is in the export.
        var export = (await ann.Data("query($c:String!){ exportCustomerData(customerId:$c) }", new { c = "c-ann-5e1" }))["exportCustomerData"]!;
        var purposes = export["consent"]!["purposes"]!.AsArray();
        Assert.Equal(["personalization", "marketing", "analytics", "ai_assistant"], purposes.Select(p => p!["purpose"]!.GetValue<string>()));
        Assert.All(purposes, p => Assert.Contains(p!["defaultMode"]!.GetValue<string>(), new[] { "opt_in", "opt_out" }));
        Assert.False(purposes.Single(p => p!["purpose"]!.GetValue<string>() == "ai_assistant")!["granted"]!.GetValue<bool>());
        Assert.Contains(Note, export.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var report = (await admin.Data(Erase, new { c = "c-ann-5e1" }))["eraseCustomer"]!;
        Assert.True(report["verified"]!.GetValue<bool>(), report.ToJsonString());

        var completed = (await admin.Data(List, new { o = false }))["erasureRequests"]!.AsArray().Single()!;
        Assert.Equal(filed["id"]!.GetValue<string>(), completed["id"]!.GetValue<string>());
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        Assert.Equal(report["subjectHash"]!.GetValue<string>(), completed["erasureId"]!.GetValue<string>());
        Assert.Equal(report["erasedAt"]!.GetValue<DateTimeOffset>(), completed["erasedAt"]!.GetValue<DateTimeOffset>());
        Assert.True(completed["erasureVerified"]!.GetValue<bool>());
        Assert.False(completed["overdue"]!.GetValue<bool>());
        Assert.NotNull(completed["completedAt"]);
        Assert.Equal(filed["requestedAt"]!.GetValue<DateTimeOffset>(), completed["requestedAt"]!.GetValue<DateTimeOffset>());
        // The proof names nobody: a pseudonym instead of the customer, the note blanked, nothing of hers anywhere.
        Assert.StartsWith("erased-", completed["customerId"]!.GetValue<string>());
        Assert.Equal("[erased]", completed["note"]!.GetValue<string>());
        await host.CatchUp();
        foreach (var needle in new[] { "c-ann-5e1", "Annabelle Quist", Note, "s-ann-77a1" })
            Assert.True((await host.ScanAll(store, needle)).Count == 0, $"'{needle}' still in: {string.Join(", ", await host.ScanAll(store, needle))}");

        // Bob's request is untouched; Ann may file a new one (a new open request).
        var open = (await admin.Data(List, new { o = true }))["erasureRequests"]!.AsArray().Single()!;
        Assert.Equal(bobsRequest["id"]!.GetValue<string>(), open["id"]!.GetValue<string>());
        Assert.Equal("c-bob", open["customerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_customer_known_only_by_their_request_can_still_be_erased_and_the_request_completes()
    {
        var (store, key) = await host.NewStore("gr", "governance");
        var carl = host.Storefront(key, await host.CustomerToken(store, "c-carl-only"));
        await carl.Data(Request, new { c = "c-carl-only" });

        var report = (await host.Admin(store).Data(Erase, new { c = "c-carl-only" }))["eraseCustomer"]!;
        Assert.True(report["verified"]!.GetValue<bool>(), report.ToJsonString());
        var all = (await host.Admin(store).Data(List))["erasureRequests"]!.AsArray();
        Assert.Equal("COMPLETED", Assert.Single(all)!["status"]!.GetValue<string>());
        Assert.Empty(await host.ScanAll(store, "c-carl-only"));
    }

    [Fact]
    public async Task The_admin_page_lists_open_requests_flags_overdue_ones_and_erase_now_completes_them()
    {
        var (store, key) = await StoreWith("c-dora", "c-old");
        var admin = host.Admin(store);
        await Shop.Track(host.Storefront(key), new { id = "d1", type = "VIEW", customerId = "c-dora", sessionId = "s-dora-1234", productId = "p1" });
        var dora = (await host.Storefront(key, await host.CustomerToken(store, "c-dora")).Data(Request, new { c = "c-dora", n = "bye" }))["requestErasure"]!["id"]!.GetValue<string>();
        // A request received 40 days ago (as if filed then): past the 30-day deadline.
        await using (var session = host.Services.GetRequiredService<IDocumentStore>().LightweightSession(store))
        {
            session.Events.StartStream(ErasureRequests.StreamKey("er-old"), new ErasureRequested("er-old", "c-old", null, DateTimeOffset.UtcNow.AddDays(-40), "storefront"));
            await session.SaveChangesAsync();
        }
        var listed = (await admin.Data(List, new { o = true }))["erasureRequests"]!.AsArray();
        Assert.Equal(["er-old", dora], listed.Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal([true, false], listed.Select(r => r!["overdue"]!.GetValue<bool>()));

        var browser = await host.AdminBrowserAsync(store);
        var page = await browser.GetStringAsync("/admin/governance");
        Assert.True(page.Contains($"data-erasure-request=\"{dora}\" data-overdue=\"false\""), page);
        Assert.Contains("data-erasure-request=\"er-old\" data-overdue=\"true\"", page);
        Assert.Contains("overdue</span>", page);
        Assert.DoesNotContain("data-completed-request", page);

        var erase = await browser.PostAsync("/admin/governance?handler=Erase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["requestId"] = dora, ["__RequestVerificationToken"] = AdminPages.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, erase.StatusCode);
        var after = await browser.GetStringAsync("/admin/governance");
        Assert.Contains($"Request {dora}: customer erased (verified", after);
        Assert.Contains($"data-completed-request=\"{dora}\"", after);
        Assert.DoesNotContain($"data-erasure-request=\"{dora}\"", after);
        Assert.Contains("data-erasure-request=\"er-old\"", after);
        var completed = (await admin.Data(List, new { o = false }))["erasureRequests"]!.AsArray().Single()!;
        Assert.Equal(dora, completed["id"]!.GetValue<string>());
        Assert.NotNull(completed["erasureId"]);
        Assert.Equal("NOT_FOUND", (await admin.Send("query($c:String!){ exportCustomerData(customerId:$c) }", new { c = "c-dora" })).Code);

        // Erasing a completed request again is refused with the reason shown on the page.
        var twice = await browser.PostAsync("/admin/governance?handler=Erase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["requestId"] = dora, ["__RequestVerificationToken"] = AdminPages.AntiforgeryToken(after),
        }));
        Assert.Equal(HttpStatusCode.Redirect, twice.StatusCode);
        Assert.Contains("already completed", await browser.GetStringAsync("/admin/governance"));

        // The deadline is the store's: with 60 days the old request is no longer overdue.
        Assert.Equal(60, (await admin.Data("mutation{ setErasureDeadline(days: 60){ erasureDeadlineDays } }"))["setErasureDeadline"]!["erasureDeadlineDays"]!.GetValue<int>());
        Assert.False((await admin.Data(List, new { o = true }))["erasureRequests"]!.AsArray().Single()!["overdue"]!.GetValue<bool>());
    }
}

using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Consent;
using RetailCommerce.Decisions;

namespace RetailCommerce.Modules.Governance.Tests;

[Collection(GovernanceHostCollection.Name)]
public sealed class ConsentTests(GovernanceHost host)
{
    private const string ConsentQuery = "query($c:String!){ consent(customerId:$c){ customerId erased purposes { purpose granted explicit policyVersion source defaultMode } } }";
    private const string SetConsent = "mutation($c:String!,$p:String!,$g:Boolean!,$v:String!){ setConsent(customerId:$c, purpose:$p, granted:$g, policyVersion:$v){ purposes { purpose granted explicit policyVersion source } } }";

    [Fact]
    public async Task A_customer_records_their_own_choice_as_an_event_and_the_check_follows_it()
    {
        var (store, key) = await host.NewStore("gc", "governance");
        var token = await host.CustomerToken(store, "c-1");
        var shop = host.Storefront(key, token);

        var before = await shop.Data(ConsentQuery, new { c = "c-1" });
        var defaults = before["consent"]!["purposes"]!.AsArray();
        Assert.Equal(4, defaults.Count);
        Assert.All(defaults, p => Assert.False(p!["explicit"]!.GetValue<bool>()));
        Assert.False(defaults.Single(p => p!["purpose"]!.GetValue<string>() == "marketing")!["granted"]!.GetValue<bool>()); // opt-in by default
        Assert.True(defaults.Single(p => p!["purpose"]!.GetValue<string>() == "personalization")!["granted"]!.GetValue<bool>());

        var after = await shop.Data(SetConsent, new { c = "c-1", p = "personalization", g = false, v = "2025-03" });
        var personalization = after["setConsent"]!["purposes"]!.AsArray().Single(p => p!["purpose"]!.GetValue<string>() == "personalization")!;
        Assert.False(personalization["granted"]!.GetValue<bool>());
        Assert.True(personalization["explicit"]!.GetValue<bool>());
        Assert.Equal("2025-03", personalization["policyVersion"]!.GetValue<string>());
        Assert.Equal("storefront", personalization["source"]!.GetValue<string>());

        await host.Admin(store).Data(SetConsent, new { c = "c-1", p = "marketing", g = true, v = "2025-03" });
        var check = host.Services.GetRequiredService<IConsentCheck>();
        Assert.False(await check.IsGrantedAsync(store, "c-1", ConsentPurpose.Personalization));
        Assert.True(await check.IsGrantedAsync(store, "c-1", ConsentPurpose.Marketing));

        // Each choice is an event in the module's stream for the customer.
        var events = await host.Strings("select type from retail.mt_events where tenant_id = @t and stream_id = @s order by seq_id", ("t", store), ("s", "module:governance:c-1"));
        Assert.Equal(["consent_withdrawn", "consent_given"], events);
    }

    [Fact]
    public async Task Unknown_purpose_and_another_customers_consent_are_refused_and_change_nothing()
    {
        var (store, key) = await host.NewStore("gc", "governance");
        var shop = host.Storefront(key, await host.CustomerToken(store, "c-a"));

        var unknown = await shop.Send(SetConsent, new { c = "c-a", p = "telepathy", g = true, v = "1" });
        Assert.Equal("BAD_USER_INPUT", unknown.Code);
        Assert.Equal("purpose", unknown.Field);
        Assert.Contains("purpose", unknown.Message);

        var other = await shop.Send(SetConsent, new { c = "c-b", p = "analytics", g = false, v = "1" });
        Assert.Equal("FORBIDDEN", other.Code);
        var otherRead = await shop.Send(ConsentQuery, new { c = "c-b" });
        Assert.Equal("FORBIDDEN", otherRead.Code);

        Assert.Equal(0L, await host.Scalar<long>("select count(*) from retail.mt_events where tenant_id = @t", ("t", store)));
    }

    [Fact]
    public async Task Without_analytics_consent_events_are_stored_without_the_customer_link()
    {
        var (store, key) = await host.NewStore("gc", "governance");
        var admin = host.Admin(store);
        await Shop.Products(admin, "p1");
        await admin.Data(SetConsent, new { c = "c-quiet", p = "analytics", g = false, v = "1" });
        await Shop.Track(host.Storefront(key),
            new { id = "e1", type = "VIEW", customerId = "c-quiet", sessionId = "s-quiet-1", productId = "p1" },
            new { id = "e2", type = "VIEW", customerId = "c-loud", sessionId = "s-loud-1", productId = "p1" });
        var streams = await host.Strings("select id from retail.mt_streams where tenant_id = @t and id not like 'module:%' order by id", ("t", store));
        Assert.Equal(["c-loud", "session:s-quiet-1"], streams);
    }

    [Fact]
    public async Task Regional_defaults_apply_by_the_customers_country()
    {
        var (store, _) = await host.NewStore("gc", "governance");
        var admin = host.Admin(store);
        await Shop.Customer(admin, "c-de", country: "DE");
        await Shop.Customer(admin, "c-us", country: "US");
        await admin.Data("mutation{ setConsentDefault(purpose:\"personalization\", mode: OPT_IN, region:\"EU\", countries:[\"DE\",\"FR\"]){ regions { name countries } } }");

        var check = host.Services.GetRequiredService<IConsentCheck>();
        var withheld = await check.WithheldAsync(store, ["c-de", "c-us"], ConsentPurpose.Personalization);
        Assert.Equal(["c-de"], withheld);

        var de = await admin.Data(ConsentQuery, new { c = "c-de" });
        var p = de["consent"]!["purposes"]!.AsArray().Single(x => x!["purpose"]!.GetValue<string>() == "personalization")!;
        Assert.Equal("OPT_IN", p["defaultMode"]!.GetValue<string>());
        Assert.False(p["granted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Stores_without_the_module_keep_the_platform_defaults()
    {
        var (enabled, _) = await host.NewStore("gc", "governance");
        var (plain, _) = await host.NewStore("gc");
        var check = host.Services.GetRequiredService<IConsentCheck>();
        Assert.False(await check.IsGrantedAsync(enabled, "c-1", ConsentPurpose.Marketing)); // governed: opt-in default
        Assert.True(await check.IsGrantedAsync(plain, "c-1", ConsentPurpose.Marketing));
        Assert.Empty(await check.WithheldAsync(plain, ["c-1", "c-2"], ConsentPurpose.Marketing));

        var log = host.Services.GetRequiredService<IAiDecisionLog>();
        var decision = new AiDecision { ModuleId = "test", Kind = "k", Explanation = "x", CustomerId = "c-1" };
        Assert.Empty(await log.RecordAsync(plain, [decision]));
        Assert.Single(await log.RecordAsync(enabled, [decision]));

        var disabled = await host.Admin(plain).Send("query{ consent(customerId:\"c-1\"){ customerId } }");
        Assert.Equal("MODULE_DISABLED", disabled.Code);
    }
}

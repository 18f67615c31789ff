namespace RetailCommerce.Core.Tests;

[Collection(HostCollection.Name)]
public sealed class ModuleHostTests(RetailHost host)
{
    [Fact]
    public async Task Modules_are_discovered_from_referenced_assemblies_with_their_manifests()
    {
        var (store, _) = await host.NewStore();
        var data = await host.Admin(store).Data("{ modules { id name description category dependencies enabled } }");
        var modules = data["modules"]!.AsArray();
        var messages = modules.Single(m => m!["id"]!.GetValue<string>() == "GiftMessages")!;
        Assert.Equal("Gift messages", messages["name"]!.GetValue<string>());
        Assert.Equal("Test", messages["category"]!.GetValue<string>());
        Assert.Equal(["GiftWrap"], messages["dependencies"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.All(modules, m => Assert.False(m!["enabled"]!.GetValue<bool>())); // a new store starts with nothing enabled
    }

    [Fact]
    public async Task Enabling_pulls_in_dependencies_and_disabling_a_dependency_is_refused()
    {
        var (store, key) = await host.NewStore();
        var admin = host.Admin(store);
        await admin.Data("mutation { enableModule(id: \"GiftMessages\") { id enabled } }");

        var modules = (await admin.Data("{ modules { id enabled } }"))["modules"]!.AsArray();
        Assert.True(modules.Single(m => m!["id"]!.GetValue<string>() == "GiftWrap")!["enabled"]!.GetValue<bool>());

        var refused = await admin.Send("mutation { disableModule(id: \"GiftWrap\") { id } }");
        Assert.Equal("BAD_USER_INPUT", refused.Code);
        Assert.Contains("Gift messages", refused.Message);
        Assert.Contains("depend", refused.Message);

        await admin.Data("mutation { disableModule(id: \"GiftMessages\") { id } }");
        var disabled = await admin.Data("mutation { disableModule(id: \"GiftWrap\") { id enabled } }");
        Assert.False(disabled["disableModule"]!["enabled"]!.GetValue<bool>());
        _ = key;
    }

    [Fact]
    public async Task A_disabled_modules_fields_answer_MODULE_DISABLED_and_work_on_the_next_request_after_enabling()
    {
        var (store, key) = await host.NewStore();
        var storefront = host.Storefront(key);
        var before = await storefront.Send("{ giftWrapPapers }");
        Assert.Equal("MODULE_DISABLED", before.Code);

        await host.Admin(store).Data("mutation { enableModule(id: \"GiftWrap\") { id } }");
        var after = await storefront.Data("{ giftWrapPapers }");
        Assert.Contains("kraft", after["giftWrapPapers"]!.AsArray().Select(p => p!.GetValue<string>()));

        await host.Admin(store).Data("mutation { disableModule(id: \"GiftWrap\") { id } }");
        Assert.Equal("MODULE_DISABLED", (await storefront.Send("{ giftWrapPapers }")).Code);
    }

    [Fact]
    public async Task Enabling_an_unknown_module_is_NOT_FOUND()
    {
        var r = await host.Admin().Send("mutation { enableModule(id: \"Teleporter\") { id } }");
        Assert.Equal("NOT_FOUND", r.Code);
        Assert.Contains("Teleporter", r.Message);
    }

    [Fact]
    public async Task Module_jobs_are_listed_run_on_demand_and_record_their_outcome()
    {
        var (store, _) = await host.NewStore();
        var admin = host.Admin(store);
        Assert.Equal("MODULE_DISABLED", (await admin.Send("mutation { runJob(id: \"giftwrap.tally\") { outcome } }")).Code);
        Assert.DoesNotContain("giftwrap.tally", (await admin.Data("{ jobs { id } }"))["jobs"]!.ToJsonString());

        await admin.Data("mutation { enableModule(id: \"GiftWrap\") { id } }");
        await admin.Data("""mutation { importProducts(products: [{id: "a", title: "A", price: 1, stock: 2}, {id: "b", title: "B", price: 1, stock: 0}, {id: "c", title: "C", price: 1, stock: 9}]) { imported } }""");
        var run = (await admin.Data("mutation { runJob(id: \"giftwrap.tally\") { jobId succeeded outcome } }"))["runJob"]!;
        Assert.True(run["succeeded"]!.GetValue<bool>());
        Assert.Equal("succeeded: 2 wrappable products", run["outcome"]!.GetValue<string>());
        Assert.Equal(2, (await admin.Data("{ giftWrapTally }"))["giftWrapTally"]!.GetValue<int>());

        var job = (await admin.Data("{ jobs { id module schedule lastRunAt lastOutcome } }"))["jobs"]!.AsArray()
            .Single(j => j!["id"]!.GetValue<string>() == "giftwrap.tally")!;
        Assert.Equal("GiftWrap", job["module"]!.GetValue<string>());
        Assert.Equal("0 0 4 * * ?", job["schedule"]!.GetValue<string>());
        Assert.NotNull(job["lastRunAt"]);
        Assert.Equal("succeeded: 2 wrappable products", job["lastOutcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Module_endpoints_are_mapped()
    {
        var text = await host.CreateClient().GetStringAsync("/giftwrap/ping");
        Assert.Equal("wrapped", text);
    }
}

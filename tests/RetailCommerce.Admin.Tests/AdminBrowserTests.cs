using System.Globalization;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RetailCommerce.Admin.Accounts;

namespace RetailCommerce.Admin.Tests;

/// <summary>
/// A merchant in a real headless Chromium (Debian's, at /usr/bin/chromium): signs in, switches store, turns a
/// module off and on while the storefront API follows, rotates a storefront key, and reads the dashboards.
/// Screenshots go to docs/images when RETAIL_SCREENSHOTS is set to that folder.
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class AdminBrowserTests(AdminHost admin) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task A_merchant_disables_and_re_enables_a_module_and_the_storefront_API_follows()
    {
        var (store, key) = await NewStoreWithGiftModules();
        var storefront = admin.GraphQL(h => h.DefaultRequestHeaders.Add("X-Store-Key", key));
        Assert.Null((await storefront.Send("{ giftWrapPapers }")).Code);

        var page = await SignedInPage();
        await SwitchTo(page, store);
        await page.GotoAsync(admin.Address + "/admin/modules");

        // Disabling GiftWrap is refused while GiftMessages (which depends on it) is enabled, with the reason.
        await page.Locator("tr[data-module=GiftWrap] button").ClickAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("depend on it");
        Assert.Null((await storefront.Send("{ giftWrapPapers }")).Code);
        await Screenshot(page, "admin-modules-refused");

        await page.Locator("tr[data-module=GiftMessages] button").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Disabled GiftMessages");
        await page.Locator("tr[data-module=GiftWrap] button").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-module=GiftWrap] .tag")).ToHaveTextAsync("Disabled");
        Assert.Equal("MODULE_DISABLED", (await storefront.Send("{ giftWrapPapers }")).Code);

        // Enabling GiftMessages brings GiftWrap back with it.
        await page.Locator("tr[data-module=GiftMessages] button").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("GiftWrap");
        await Assertions.Expect(page.Locator("tr[data-module=GiftWrap] .tag")).ToHaveTextAsync("Enabled");
        var back = await storefront.Send("{ giftWrapPapers }");
        Assert.Null(back.Code);
        Assert.NotEmpty(back.Json["data"]!["giftWrapPapers"]!.AsArray());
    }

    [Fact]
    public async Task The_dashboards_show_the_same_totals_as_the_API()
    {
        var (store, key) = await NewStoreWithGiftModules();
        var api = admin.Host.Admin(store);
        await api.Data("mutation { enableModule(id: \"insights\") { id } }");
        await api.Data("""mutation { importProducts(products: [{id: "tent", title: "Trail tent", price: 120}, {id: "mug", title: "Camp mug", price: 8.5}]) { imported } }""");
        await api.Data("""mutation { importCustomers(customers: [{id: "c1", email: "c1@example.com"}, {id: "c2", email: "c2@example.com"}]) { imported } }""");
        var day = new DateTimeOffset(2026, 10, 5, 12, 0, 0, TimeSpan.Zero);
        var events = new List<object>();
        for (var i = 0; i < 12; i++)
        {
            var at = day.AddDays(i % 4).AddMinutes(i);
            events.Add(new { id = $"v{i}", type = "VIEW", sessionId = $"s{i}", productId = i % 2 == 0 ? "tent" : "mug", occurredAt = at });
            if (i % 3 == 0) events.Add(new { id = $"c{i}", type = "ADD_TO_CART", sessionId = $"s{i}", productId = "tent", quantity = 1, occurredAt = at.AddMinutes(1) });
            if (i % 6 == 0) events.Add(new { id = $"p{i}", type = "PURCHASE", sessionId = $"s{i}", customerId = "c1", productId = "tent", orderId = $"o{i}", quantity = 1, price = 120m, occurredAt = at.AddMinutes(2) });
            if (i % 4 == 0) events.Add(new { id = $"q{i}", type = "SEARCH", sessionId = $"s{i}", query = "tent", occurredAt = at });
        }
        var storefront = admin.GraphQL(h => h.DefaultRequestHeaders.Add("X-Store-Key", key));
        await storefront.Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new { e = events });
        await admin.Host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var stats = (await api.Data("{ storeStats { products customers events } }"))["storeStats"]!;
        var page = await SignedInPage();
        await SwitchTo(page, store);
        await page.GotoAsync(admin.Address + "/admin");
        Assert.Equal(stats["products"]!.GetValue<int>(), await Kpi(page, "products"));
        Assert.Equal(stats["customers"]!.GetValue<int>(), await Kpi(page, "customers"));
        Assert.Equal(stats["events"]!.GetValue<int>(), await Kpi(page, "events"));

        var insights = (await api.Data("""{ insights(from: "2026-10-01", to: "2026-10-31") { totals { sessions visitors productViews addToCarts checkouts orders revenue } } }"""))["insights"]!["totals"]!;
        Assert.True(insights["productViews"]!.GetValue<int>() == 12, insights.ToJsonString());
        await page.GotoAsync(admin.Address + "/admin/insights?from=2026-10-01&to=2026-10-31");
        foreach (var kpi in new[] { "sessions", "visitors", "productViews", "addToCarts", "checkouts", "orders" })
            Assert.Equal(insights[kpi]!.GetValue<int>(), await Kpi(page, kpi));
        Assert.Equal(insights["revenue"]!.GetValue<decimal>(), decimal.Parse(await page.Locator("[data-kpi=revenue]").InnerTextAsync(), NumberStyles.Number, CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("svg").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_demo_store_dashboards_equal_counts_over_the_events_in_PostgreSQL()
    {
        // Direct counts over retail.mt_events, independent of every projection the pages read. Shopper events only:
        // modules keep their own streams (module:<id>:…) in the same table, e.g. points ledgers and served lists.
        await using var session = admin.Host.Services.GetRequiredService<IDocumentStore>().QuerySession("demo");
        var counts = (await session.QueryAsync<string>("""
            select json_build_object(
              'events', (select count(*) from retail.mt_events where tenant_id = ? and type <> 'session_linked_to_customer' and stream_id not like 'module:%'),
              'views', (select count(*) from retail.mt_events where tenant_id = ? and type = 'product_viewed'),
              'carts', (select count(*) from retail.mt_events where tenant_id = ? and type = 'added_to_cart'),
              'orders', (select count(distinct data ->> 'OrderId') from retail.mt_events where tenant_id = ? and type = 'item_purchased'),
              'from', (select min(((data ->> 'OccurredAt')::timestamptz at time zone 'UTC')::date) from retail.mt_events where tenant_id = ?),
              'to', (select max(((data ->> 'OccurredAt')::timestamptz at time zone 'UTC')::date) from retail.mt_events where tenant_id = ?))::text
            """, "demo", "demo", "demo", "demo", "demo", "demo")).Single();
        var sql = JsonNode.Parse(counts)!;
        Assert.True(sql["views"]!.GetValue<int>() > 1_000, counts); // a real year of shopping, not an empty shop

        var page = await SignedInPage();
        await SwitchTo(page, "demo");
        await page.GotoAsync(admin.Address + "/admin");
        Assert.Equal(sql["events"]!.GetValue<int>(), await Kpi(page, "events"));
        await Screenshot(page, "admin-dashboard");

        await page.GotoAsync($"{admin.Address}/admin/insights?from={sql["from"]}&to={sql["to"]}");
        Assert.Equal(sql["views"]!.GetValue<int>(), await Kpi(page, "productViews"));
        Assert.Equal(sql["carts"]!.GetValue<int>(), await Kpi(page, "addToCarts"));
        Assert.Equal(sql["orders"]!.GetValue<int>(), await Kpi(page, "orders"));
        await Screenshot(page, "admin-insights");

        await page.GotoAsync(admin.Address + "/admin/modules");
        await Screenshot(page, "admin-modules");
    }

    [Fact]
    public async Task A_module_contributes_its_own_page_and_settings_page()
    {
        var page = await SignedInPage();
        await SwitchTo(page, "demo");
        await page.GotoAsync(admin.Address + "/admin/modules");
        await page.Locator("tr[data-module=loyalty] a:has-text('Settings')").ClickAsync();
        Assert.EndsWith("/admin/loyalty/settings", page.Url);

        // A refused setting names the field and changes nothing; a valid one is stored and shown.
        await page.FillAsync("#rate", "5000");
        await page.EvaluateAsync("document.getElementById('rate').removeAttribute('max')");
        await page.ClickAsync("button:has-text('Save rule')");
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("pointsPerCurrencyUnit");
        await page.FillAsync("#rate", "3");
        await page.FillAsync("#category", "Home");
        await page.ClickAsync("button:has-text('Save rule')");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("'Home' earns 3");
        await Assertions.Expect(page.Locator("tr[data-rule=Home]")).ToBeVisibleAsync();
        await Screenshot(page, "admin-loyalty-settings");

        // The module's own page, reached from the menu: fit the models and read them as the API reports them.
        await page.ClickAsync("nav a:has-text('Loyalty')");
        await page.ClickAsync("button:has-text('Fit now')");
        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();
        var model = (await admin.Host.Admin("demo").Data("{ clvModel { r alpha a b } }"))["clvModel"]!;
        var cells = await page.Locator("tr[data-fit] td").AllInnerTextsAsync();
        Assert.Equal(model["r"]!.GetValue<double>(), double.Parse(cells[0], CultureInfo.InvariantCulture), 3);
        Assert.Equal(model["alpha"]!.GetValue<double>(), double.Parse(cells[1], CultureInfo.InvariantCulture), 3);
        await Screenshot(page, "admin-loyalty");
    }

    [Fact]
    public async Task Every_module_page_opens_for_the_demo_store()
    {
        var contributions = admin.Host.Services.GetRequiredService<AdminContributions>();
        var paths = contributions.Pages.Select(p => p.Path)
            .Concat(admin.Host.Services.GetRequiredService<RetailCommerce.Modules.ModuleCatalog>().Modules
                .Select(m => contributions.SettingsPathOf(m.Id)).OfType<string>())
            .Distinct().ToList();
        Assert.Contains("/admin/insights", paths);
        var page = await SignedInPage();
        await SwitchTo(page, "demo");
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(admin.Address + path);
            Assert.True(response!.Status == 200, $"{path}: HTTP {response.Status}");
            await Assertions.Expect(page.Locator("main h1")).Not.ToBeEmptyAsync();
            Assert.DoesNotContain("An internal error", await page.ContentAsync());
            await Screenshot(page, "admin" + path[("/admin".Length)..].Replace('/', '-'));
        }
    }

    [Fact]
    public async Task Rotating_a_storefront_key_in_settings_replaces_it_at_once()
    {
        var (store, key) = await NewStoreWithGiftModules();
        var page = await SignedInPage();
        await SwitchTo(page, store);
        await page.GotoAsync(admin.Address + "/admin/settings");
        await page.FillAsync("#name", "Renamed shop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Saved");
        Assert.Equal("Renamed shop", await page.InputValueAsync("#name"));

        await page.Locator("button:has-text('Rotate')").First.ClickAsync();
        var newKey = await page.Locator("[data-new-key]").InnerTextAsync();
        Assert.StartsWith("sk_", newKey);
        await Screenshot(page, "admin-settings");

        var oldClient = admin.GraphQL(h => h.DefaultRequestHeaders.Add("X-Store-Key", key));
        Assert.Equal("UNAUTHENTICATED", (await oldClient.Send("{ products(first: 1) { edges { node { id } } } }")).Code);
        var newClient = admin.GraphQL(h => h.DefaultRequestHeaders.Add("X-Store-Key", newKey));
        Assert.Null((await newClient.Send("{ products(first: 1) { edges { node { id } } } }")).Code);

        // The key is shown once: reloading does not show it again.
        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator("[data-new-key]").CountAsync());
    }

    [Fact]
    public async Task Owners_add_users_and_the_sign_in_page_refuses_wrong_passwords()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(admin.Address + "/admin/signin");
        await Screenshot(page, "admin-signin");
        await page.FillAsync("#userName", FirstOwner.UserName);
        await page.FillAsync("#password", "not the password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("Wrong user name or password");

        var owner = await SignedInPage();
        await owner.GotoAsync(admin.Address + "/admin/users");
        await owner.FillAsync("#userName", "browser-made");
        await owner.FillAsync("#password", "a long enough password");
        await owner.ClickAsync("button:has-text('Add')");
        await Assertions.Expect(owner.Locator(".notice")).ToContainTextAsync("Added browser-made");
        await Assertions.Expect(owner.Locator("tr[data-user=browser-made]")).ToBeVisibleAsync();
        await Screenshot(owner, "admin-users");

        var merchant = await _browser.NewPageAsync();
        await SignIn(merchant, "browser-made", "a long enough password");
        Assert.EndsWith("/admin", merchant.Url);
    }

    private async Task<(string Store, string Key)> NewStoreWithGiftModules()
    {
        var id = $"ui-{Guid.NewGuid():N}"[..16];
        var created = await admin.Host.Admin().Data("mutation($id:String!){createStore(id:$id,name:\"Browser shop\"){id storefrontKey}}", new { id });
        await admin.Host.Admin(id).Data("mutation { enableModule(id: \"giftmessages\") { id } }");
        return (id, created["createStore"]!["storefrontKey"]!.GetValue<string>());
    }

    private async Task<IPage> SignedInPage()
    {
        var page = await (await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1360, Height = 900 } })).NewPageAsync();
        await SignIn(page, FirstOwner.UserName, AdminHost.OwnerPassword);
        return page;
    }

    private async Task SignIn(IPage page, string user, string password)
    {
        await page.GotoAsync(admin.Address + "/admin");
        Assert.Contains("/admin/signin", page.Url);
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        // The first sign-in of a run also compiles and renders every module's dashboard card; on a 2-core CI machine
        // running two test assemblies at once that once took over the default 30 s.
        await page.WaitForURLAsync(admin.Address + "/admin", new() { Timeout = 90_000 });
    }

    private static async Task SwitchTo(IPage page, string store)
    {
        await page.SelectOptionAsync("#store-switcher", store);
        await Assertions.Expect(page.Locator("#store-switcher")).ToHaveValueAsync(store);
    }

    private static async Task<int> Kpi(IPage page, string name) =>
        int.Parse(await page.Locator($"[data-kpi={name}]").First.InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static async Task Screenshot(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("RETAIL_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "retail-screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}

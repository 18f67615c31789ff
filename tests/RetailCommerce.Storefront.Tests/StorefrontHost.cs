using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RetailCommerce.DemoStore;
using RetailCommerce.Hosting;

namespace RetailCommerce.Storefront.Tests;

/// <summary>
/// The real host with every module on a loopback port, serving the storefront over a small but whole demo store,
/// prepared as a merchant would: models trained, points booked, a home hero slot with a variant for returning
/// shoppers. Also starts Debian's Chromium once for all browser tests.
/// </summary>
public sealed class StorefrontHost : IAsyncLifetime
{
    public const string HeroSlot = "home-hero";

    public RetailHost Host { get; } = RetailHost.With(settings: new Dictionary<string, string>
    {
        ["Retail:Bootstrap:DemoData"] = "true",
        ["Retail:Bootstrap:Demo:Products"] = "150",
        ["Retail:Bootstrap:Demo:Customers"] = "120",
        ["Retail:Bootstrap:Demo:AnonymousSessionsPerDay"] = "4",
    }, kestrel: true);

    public string Address => Host.Address;

    /// <summary>The shop's home page.</summary>
    public string Shop => Address + "/store/";

    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        var browser = StartBrowser();
        await Host.InitializeAsync();
        await Host.DemoStoreLoadedAsync();
        var admin = Host.Admin();
        // What the merchant's nightly jobs would have done by the time a shopper arrives.
        await admin.Data("""mutation { a: runJob(id: "recommendations.retrain") { succeeded } b: runJob(id: "loyalty.points") { succeeded } }""");
        await admin.Data($$"""
            mutation { saveContentSlot(slot: { id: "{{HeroSlot}}", name: "Home hero", defaultVariant: "everyone", variants: [
              { key: "returning", content: "Welcome back: new picks since your last visit|Chosen from what you browsed and bought", segments: ["returning"] },
              { key: "everyone", content: "Good things for home, garden and the road ahead|Free returns within 30 days" } ] }) }
            """);
        await browser;
    }

    private async Task StartBrowser()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await ((IAsyncLifetime)Host).DisposeAsync();
    }

    /// <summary>A fresh browser profile (no consent, no cart, no sign-in) at desktop or phone width.</summary>
    public Task<IBrowserContext> NewShopper(int width = 1280, int height = 900, bool bypassCsp = false) =>
        Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = width < 500,
            HasTouch = width < 500,
            AcceptDownloads = true,
            BypassCSP = bypassCsp, // only to inject axe-core, which the page's CSP would (rightly) refuse
            Locale = "en-IE",
        });

    /// <summary>Events stored in a shopper stream (a customer id, or session:&lt;id&gt;).</summary>
    public async Task<IReadOnlyList<Shopping.StoredEvent>> EventsOf(string streamKey)
    {
        await using var read = Host.Services.GetRequiredService<IDocumentStore>().QuerySession(Bootstrap.DemoStoreId);
        var events = await read.Events.QueryAllRawEvents().Where(e => e.StreamKey == streamKey).ToListAsync();
        return events.Select(e => new Shopping.StoredEvent(e.EventTypeName, (e.Data as Tracking.ShopperEvent)?.EventKey, (e.Data as Tracking.ShopperEvent)?.RecommendationId)).ToList();
    }

    /// <summary>Where screenshots go: RETAIL_SCREENSHOTS (e.g. docs/images), or nowhere.</summary>
    public static async Task Screenshot(IPage page, string name, bool fullPage = false)
    {
        var folder = Environment.GetEnvironmentVariable("RETAIL_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        // Let a passing status message fade first; it would cover the content.
        await page.Locator("#toast.show").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 5_000 }).ContinueWith(_ => { });
        if (fullPage) await page.EvaluateAsync("() => scrollTo(0, 0)"); // a sticky header would otherwise be stitched in mid-page
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = fullPage });
    }

    /// <summary>The admin's view of a customer's consent (to check the storefront's choice reached the store).</summary>
    public async Task<JsonNode> ConsentOf(string customerId) =>
        (await Host.Admin().Data("query($c: String!) { consent(customerId: $c) { purposes { purpose granted explicit source } } }", new { c = customerId }))["consent"]!;
}

[CollectionDefinition(Name)]
public sealed class StorefrontCollection : ICollectionFixture<StorefrontHost>
{
    public const string Name = "storefront";
}

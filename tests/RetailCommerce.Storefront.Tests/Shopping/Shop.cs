using Microsoft.Playwright;

namespace RetailCommerce.Storefront.Tests.Shopping;

/// <summary>An event as stored: its type, idempotency key and list id.</summary>
public sealed record StoredEvent(string Type, string? Key, string? RecommendationId);

/// <summary>What a shopper does in the storefront, as page steps.</summary>
public sealed class Shop(IPage page, string shopUrl)
{
    public IPage Page => page;

    /// <summary>Opens a route (#/…) and waits until the router has rendered it.</summary>
    public async Task Go(string hash)
    {
        if (page.Url.StartsWith(shopUrl, StringComparison.Ordinal)) await page.EvaluateAsync("h => { location.hash = h; }", hash);
        else await page.GotoAsync(shopUrl + hash);
        await Ready(hash);
    }

    /// <summary>Waits until the router finished rendering <paramref name="hash"/>.</summary>
    public Task Ready(string hash) => Assertions.Expect(page.Locator("main")).ToHaveAttributeAsync("data-ready", hash, new() { Timeout = 30_000 });

    public async Task AcceptAllConsent()
    {
        await page.ClickAsync("#consent-accept");
        await Assertions.Expect(page.Locator("#consent")).ToBeHiddenAsync();
    }

    /// <summary>Signs in through the demo sign-in and returns the customer id.</summary>
    public async Task<string> SignIn()
    {
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#sign-in[data-customer-id]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        var customerId = (await page.GetAttributeAsync("#sign-in", "data-customer-id"))!;
        // The page renders again once signed in; wait for that rendering, not the anonymous one before it.
        await Assertions.Expect(page.Locator("main")).ToHaveAttributeAsync("data-customer", customerId, new() { Timeout = 30_000 });
        return customerId;
    }

    /// <summary>Waits until every queued event has been answered by the store.</summary>
    public async Task TrackingFlushed()
    {
        await page.WaitForFunctionAsync("() => JSON.parse(localStorage.getItem('hp.outbox') ?? '[]').length === 0", null, new() { Timeout = 30_000 });
    }

    public async Task<string> SessionId() => await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('hp.session')).id");
}

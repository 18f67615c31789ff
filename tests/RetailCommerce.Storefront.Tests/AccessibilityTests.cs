using System.Text.Json;
using Microsoft.Playwright;
using RetailCommerce.Storefront.Tests.Shopping;

namespace RetailCommerce.Storefront.Tests;

/// <summary>
/// axe-core (from npm, tests/RetailCommerce.Storefront.Tests/node_modules) run inside every page of the shop,
/// at desktop and phone width: no serious or critical WCAG 2.1 A/AA violation. Plus a keyboard-only path.
/// </summary>
[Collection(StorefrontCollection.Name)]
public sealed class AccessibilityTests(StorefrontHost shop)
{
    private static readonly string Axe = FindAxe();

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task Every_page_has_no_serious_or_critical_axe_violations(int width)
    {
        await using var context = await shop.NewShopper(width, 900, bypassCsp: true);
        var page = await context.NewPageAsync();
        var s = new Shop(page, shop.Shop);
        var problems = new List<string>();

        await s.Go("#/");
        problems.AddRange(await Check(page, "home with the consent banner"));
        await s.AcceptAllConsent();
        await s.SignIn();
        await s.Ready("#/");
        problems.AddRange(await Check(page, "home"));
        await s.Go("#/search?q=skilet");
        problems.AddRange(await Check(page, "search"));
        var productId = await page.Locator("#results .card").First.GetAttributeAsync("data-product-id");
        await s.Go($"#/product/{productId}");
        problems.AddRange(await Check(page, "product"));
        await page.ClickAsync("#add-to-cart");
        await s.Go("#/cart");
        await Assertions.Expect(page.Locator("#points")).ToContainTextAsync("points");
        problems.AddRange(await Check(page, "cart"));
        await s.Go("#/privacy");
        problems.AddRange(await Check(page, "privacy"));
        await page.ClickAsync("#chat-toggle");
        await page.FillAsync("#chat-input", "a gift for a friend under 40");
        await page.PressAsync("#chat-input", "Enter");
        await Assertions.Expect(page.Locator(".msg.assistant:not([aria-busy])")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        problems.AddRange(await Check(page, "assistant"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_keyboard_user_can_search_open_a_product_and_add_it_to_the_cart()
    {
        await using var context = await shop.NewShopper();
        var page = await context.NewPageAsync();
        var s = new Shop(page, shop.Shop);
        await s.Go("#/");
        await s.AcceptAllConsent();
        await page.ReloadAsync();
        await s.Ready("#/");
        // The skip link is the first stop and leads to the content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.FocusAsync("#search-input");
        await page.Keyboard.TypeAsync("skillet", new() { Delay = 30 });
        await Assertions.Expect(page.Locator("#suggestions")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.NotNull(await page.GetAttributeAsync("#search-input", "aria-activedescendant"));
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Enter");
        await s.Ready("#/search?q=skillet");
        await page.FocusAsync("#results .card-link");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#add-to-cart")).ToBeVisibleAsync();
        await page.FocusAsync("#add-to-cart");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#cart-count")).ToHaveTextAsync("1");
    }

    private static async Task<IEnumerable<string>> Check(IPage page, string name)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'")) await page.AddScriptTagAsync(new() { Path = Axe });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
              .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
            """);
        return violations.EnumerateArray().Select(v => $"{name}: {v.GetString()}").ToList();
    }

    private static string FindAxe()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "RetailCommerce.Storefront.Tests", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate)) return candidate;
            candidate = Path.Combine(dir.FullName, "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("axe-core is not installed: run `npm ci` in tests/RetailCommerce.Storefront.Tests (test.sh does).");
    }
}

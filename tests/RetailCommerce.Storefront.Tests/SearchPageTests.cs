using Microsoft.Playwright;
using RetailCommerce.Storefront.Tests.Shopping;

namespace RetailCommerce.Storefront.Tests;

/// <summary>The search page never leaves a shopper at "no results": it says what it did and shows something to buy.</summary>
[Collection(StorefrontCollection.Name)]
public sealed class SearchPageTests(StorefrontHost shop)
{
    [Fact]
    public async Task A_query_with_no_match_still_shows_products_and_a_partly_matching_one_says_which_word_was_left_out()
    {
        await using var context = await shop.NewShopper();
        var page = await context.NewPageAsync();
        var s = new Shop(page, shop.Shop);
        await s.Go("#/");
        await s.AcceptAllConsent();

        await s.Go("#/search?q=qqqjjj");
        // Nothing matches the word: the page says so (zero results with popular picks, or the closest related products
        // from semantic-only retrieval) and still shows products.
        await Assertions.Expect(page.Locator("main .notice").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex("We found nothing for “qqqjjj”|No exact matches"));
        Assert.True(await page.Locator("#results .card").CountAsync() > 0, "products are shown instead of an empty page");

        await s.Go("#/search?q=skillet%20qqqjjj");
        await Assertions.Expect(page.Locator(".notice").First).ToContainTextAsync("we left out");
        await Assertions.Expect(page.Locator(".notice strong").First).ToHaveTextAsync("qqqjjj");
        var titles = await page.Locator("#results .card .card-title").AllInnerTextsAsync();
        Assert.Contains(titles, t => t.Contains("Skillet", StringComparison.OrdinalIgnoreCase));
    }
}

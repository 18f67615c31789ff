using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Search.Indexing;

namespace RetailCommerce.Modules.Search.Tests.Integration;

[Collection(SearchHostCollection.Name)]
public sealed class SearchApiTests(SearchHost host)
{
    private const string Search = """
        query($q:String!,$first:Int,$after:String,$filters:SearchFilters,$sort:SearchSort,$customerId:ID){
          search(query:$q, first:$first, after:$after, filters:$filters, sort:$sort, customerId:$customerId){
            items { product { id title price } score highlights { field snippet } explanation }
            totalCount correctedQuery zeroResults fallback droppedWords fallbackCategory searchId endCursor hasNextPage personalized
            facets { categories { name path count children { name count } } brands { value count } prices { from to count } attributes { name values { value count } } }
          } }
        """;

    private async Task<(string Store, string Key)> Shop()
    {
        var (store, key) = await host.NewStore("srch", "search");
        var import = await host.Admin(store).Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported rejected } }", new { p = ShopCatalog.Products });
        Assert.Equal(ShopCatalog.Products.Length, import["importProducts"]!["imported"]!.GetValue<int>());
        return (store, key);
    }

    private static List<string> Ids(JsonNode result) => result["items"]!.AsArray().Select(i => i!["product"]!["id"]!.GetValue<string>()).ToList();

    private async Task<JsonNode> Run(string key, object variables, string? customerToken = null) =>
        (await host.Storefront(key, customerToken).Data(Search, variables))["search"]!;

    [Fact]
    public async Task Finds_the_product_with_highlights_facets_and_a_search_id()
    {
        var (_, key) = await Shop();
        var r = await Run(key, new { q = "grey sofa" });
        Assert.Equal("sofa-1", Ids(r)[0]);
        Assert.Contains(r["items"]![0]!["highlights"]!.AsArray(), h => h!["field"]!.GetValue<string>() == "title" && h["snippet"]!.GetValue<string>().Contains("<em>Sofa</em>"));
        Assert.False(r["zeroResults"]!.GetValue<bool>());
        Assert.StartsWith("search-", r["searchId"]!.GetValue<string>());
        var furniture = r["facets"]!["categories"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "Furniture");
        Assert.True(furniture["count"]!.GetValue<int>() >= 3);
        Assert.Contains(r["facets"]!["brands"]!.AsArray(), b => b!["value"]!.GetValue<string>() == "Hampton");
        Assert.Contains(r["facets"]!["attributes"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "colour");
    }

    [Fact]
    public async Task Typos_are_forgiven_and_filters_and_paging_work()
    {
        var (_, key) = await Shop();
        var typo = await Run(key, new { q = "expresso machine" });
        Assert.Equal("coffee-1", Ids(typo)[0]);

        var black = await Run(key, new { q = "black", filters = new { category = "Kitchen", attributes = new[] { new { name = "colour", values = new[] { "black" } } } } });
        Assert.NotEmpty(Ids(black));
        Assert.All(Ids(black), id => Assert.True(id.StartsWith("pan") || id.StartsWith("kettle") || id.StartsWith("coffee"), id));

        var page1 = await Run(key, new { q = "black", first = 2 });
        Assert.True(page1["hasNextPage"]!.GetValue<bool>());
        var page2 = await Run(key, new { q = "black", first = 2, after = page1["endCursor"]!.GetValue<string>() });
        Assert.Empty(Ids(page1).Intersect(Ids(page2)));

        var cheap = await Run(key, new { q = "black", sort = "PRICE_ASCENDING", first = 50 });
        var prices = cheap["items"]!.AsArray().Select(i => i!["product"]!["price"]!.GetValue<decimal>()).ToList();
        Assert.True(prices.Count > 3);
        Assert.Equal(prices.OrderBy(p => p), prices);
    }

    [Fact]
    public async Task Bad_input_is_a_clear_error_naming_the_field()
    {
        var (_, key) = await Shop();
        var shop = host.Storefront(key);
        foreach (var (variables, field) in new (object, string)[]
                 {
                     (new { q = "" }, "query"),
                     (new { q = new string('a', 10_000) }, "query"),
                     (new { q = "sofa", filters = new { attributes = new[] { new { name = "wattage", values = new[] { "5" } } } } }, "filters.attributes"),
                     (new { q = "sofa", after = "not-a-cursor" }, "after"),
                     (new { q = "sofa", first = 1000 }, "first"),
                 })
        {
            var r = await shop.Send(Search, variables);
            Assert.Equal(200, r.Status);
            Assert.Equal("BAD_USER_INPUT", r.Code);
            Assert.Equal(field, r.Field);
        }
        var auto = await shop.Send("{ autocomplete(prefix:\"\"){ queries } }");
        Assert.Equal("BAD_USER_INPUT", auto.Code);
    }

    [Fact]
    public async Task No_dead_ends_and_zero_result_queries_are_logged()
    {
        var (store, key) = await Shop();
        // Filters that exclude everything are loosened.
        var loosened = await Run(key, new { q = "sofa", filters = new { brands = new[] { "NoSuchBrand" } } });
        Assert.Contains("FILTERS_RELAXED", loosened["fallback"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Contains("sofa-1", Ids(loosened));

        // Words that appear nowhere: one is dropped, the rest still match.
        var dropped = await Run(key, new { q = "oak table zzyzx" });
        Assert.Contains("table-1", Ids(dropped).Take(3));

        // Nothing at all: popular items of the closest category, flagged and logged.
        var nothing = await Run(key, new { q = "xqzv wqk" });
        Assert.True(nothing["zeroResults"]!.GetValue<bool>());
        Assert.Contains("POPULAR_IN_CATEGORY", nothing["fallback"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.NotEmpty(Ids(nothing));

        var zero = await host.Admin(store).Data("{ searchQueries(zeroResultsOnly:true){ query zeroResultSearches } }");
        Assert.Contains(zero["searchQueries"]!.AsArray(), q => q!["query"]!.GetValue<string>() == "xqzv wqk");
        var top = await host.Admin(store).Data("{ searchQueries { query searches } }");
        Assert.Contains(top["searchQueries"]!.AsArray(), q => q!["query"]!.GetValue<string>() == "sofa");
    }

    [Fact]
    public async Task Imports_update_the_index_and_autocomplete_suggests_products()
    {
        var (store, key) = await Shop();
        Assert.Empty(Ids(await Run(key, new { q = "hammock" })).Where(id => id == "hammock-1"));
        await host.Admin(store).Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }",
            new { p = new[] { ShopCatalog.Product("hammock-1", "Striped Garden Hammock", "GreenThumb", "Garden > Furniture > Hammocks", 69m) } });
        Assert.Equal("hammock-1", Ids(await Run(key, new { q = "hammock" }))[0]);

        // Out of stock after an import: still found, but ranked after an in-stock twin.
        var auto = await host.Storefront(key).Data("{ autocomplete(prefix:\"oak din\"){ queries products { id } } }");
        var suggested = auto["autocomplete"]!["products"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("chair-1", suggested);
        Assert.Contains("table-1", suggested);
    }

    [Fact]
    public async Task Merchant_synonyms_and_rules_change_results_within_their_window()
    {
        var (store, key) = await Shop();
        var admin = host.Admin(store);
        Assert.DoesNotContain("sofa-1", Ids(await Run(key, new { q = "settee" })).Take(3));
        await admin.Data("mutation{ setSearchSynonyms(lines:[\"sofa, couch, settee\"]){ synonyms } }");
        Assert.Contains("sofa-1", Ids(await Run(key, new { q = "settee" })).Take(3));

        await admin.Data("mutation($r:SearchRuleInput!){ saveSearchRule(rule:$r){ rules { id } } }",
            new { r = new { id = "pin-rug", action = "PIN", query = "Sofa", productIds = new[] { "rug-1" } } });
        await admin.Data("mutation($r:SearchRuleInput!){ saveSearchRule(rule:$r){ rules { id } } }",
            new { r = new { id = "hide-leather", action = "HIDE", productIds = new[] { "sofa-2" } } });
        await admin.Data("mutation($r:SearchRuleInput!){ saveSearchRule(rule:$r){ rules { id } } }",
            new { r = new { id = "old-boost", action = "BOOST", factor = 50.0, productIds = new[] { "sofa-3" }, startsAt = "2020-01-01T00:00:00Z", endsAt = "2020-02-01T00:00:00Z" } });
        var ruled = Ids(await Run(key, new { q = "sofa" }));
        Assert.Equal("rug-1", ruled[0]);
        Assert.DoesNotContain("sofa-2", ruled);
        Assert.Equal("sofa-1", ruled[1]); // the expired boost did nothing for sofa-3 (out of stock, so it trails)

        await admin.Data("mutation($r:SearchRuleInput!){ saveSearchRule(rule:$r){ rules { id } } }",
            new { r = new { id = "old-boost", action = "BOOST", factor = 50.0, productIds = new[] { "sofa-3" } } });
        var boosted = Ids(await Run(key, new { q = "sofa" }));
        Assert.Equal("sofa-3", boosted[1]);

        var explain = await admin.Data("{ searchExplain(query:\"sofa\"){ items { product { id } explanation } } }");
        var why = explain["searchExplain"]!["items"]!.AsArray().Select(i => i!["explanation"]!.GetValue<string>()).ToList();
        Assert.Contains("pin-rug", why[0]);
        Assert.Contains("old-boost", why[1]);

        var bad = await admin.Send("mutation($r:SearchRuleInput!){ saveSearchRule(rule:$r){ rules { id } } }",
            new { r = new { id = "x", action = "BOOST", factor = 0.5, productIds = new[] { "sofa-3" } } });
        Assert.Equal("factor", bad.Field);
    }

    [Fact]
    public async Task Personalization_needs_consent_and_withdrawn_consent_ranks_like_anonymous()
    {
        var (store, key) = await Shop();
        // c-kitchen has bought and browsed kitchen products.
        var events = new[] { "pan-1", "kettle-1", "pot-1", "coffee-1" }.SelectMany((p, i) => new object[]
        {
            new { id = $"v{i}", type = "VIEW", customerId = "c-kitchen", productId = p },
            new { id = $"b{i}", type = "PURCHASE", customerId = "c-kitchen", productId = p, orderId = $"o{i}", quantity = 1, price = 10.0 },
        }).ToArray();
        await host.Storefront(key).Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new { e = events });
        var token = await host.CustomerToken(store, "c-kitchen");

        var anonymous = Ids(await Run(key, new { q = "black", first = 50 }));
        var personal = await Run(key, new { q = "black", first = 50, customerId = "c-kitchen" }, token);
        Assert.True(personal["personalized"]!.GetValue<bool>());
        var kitchenRankAnon = anonymous.FindIndex(id => id.StartsWith("pan") || id.StartsWith("kettle") || id.StartsWith("coffee"));
        Assert.True(kitchenRankAnon > 0, "test needs a non-kitchen product first for anonymous shoppers");
        Assert.True(Ids(personal)[0].StartsWith("pan") || Ids(personal)[0].StartsWith("kettle") || Ids(personal)[0].StartsWith("coffee"));

        host.Consent.Withdraw(store, "c-kitchen");
        var withdrawn = await Run(key, new { q = "black", first = 50, customerId = "c-kitchen" }, token);
        Assert.False(withdrawn["personalized"]!.GetValue<bool>());
        Assert.Equal(anonymous, Ids(withdrawn));

        // Another shopper's history is not for the asking.
        var other = await host.Storefront(key).Send(Search, new { q = "black", customerId = "c-kitchen" });
        Assert.Equal("FORBIDDEN", other.Code);
    }

    [Fact]
    public async Task Rebuild_job_and_restarts_reuse_stored_vectors()
    {
        var (store, key) = await Shop();
        var empty = await host.NewStore("srch0", "search");
        var tooSmall = await host.Admin(empty.Id).Data("mutation{ runJob(id:\"search.rebuild-index\"){ succeeded outcome } }");
        Assert.Contains("store too small", tooSmall["runJob"]!["outcome"]!.GetValue<string>());

        var run = await host.Admin(store).Data("mutation{ runJob(id:\"search.rebuild-index\"){ succeeded outcome } }");
        Assert.True(run["runJob"]!["succeeded"]!.GetValue<bool>(), run.ToJsonString());
        Assert.Contains($"indexed {ShopCatalog.Products.Length} products", run["runJob"]!["outcome"]!.GetValue<string>());

        // What a restart does: load the stored model and vectors; nothing is embedded again.
        var indexes = host.Services.GetRequiredService<SearchIndexes>();
        var report = await indexes.RebuildAsync(store, retrain: false, CancellationToken.None);
        Assert.Equal(0, report.Embedded);
        Assert.Equal(ShopCatalog.Products.Length, report.ReusedVectors);
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(store);
        Assert.Equal(ShopCatalog.Products.Length, await session.Query<SearchProductVector>().CountAsync());
        Assert.Equal("sofa-1", Ids(await Run(key, new { q = "grey sofa" }))[0]);
    }
}

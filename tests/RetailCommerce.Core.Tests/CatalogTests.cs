namespace RetailCommerce.Core.Tests;

[Collection(HostCollection.Name)]
public sealed class CatalogTests(RetailHost host)
{
    private const string Import = "mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported rejected errors { index message field } } }";

    [Fact]
    public async Task Import_stores_the_valid_items_and_reports_each_rejected_index_with_the_field()
    {
        var (store, key) = await host.NewStore();
        var admin = host.Admin(store);
        var products = new object[]
        {
            new { id = "ok-1", title = "Trail Runner 2", price = 89.9, currency = "EUR", stock = 3, category = "Outdoor > Shoes > Trail", brand = "Peak",
                  attributes = new[] { new { name = "colour", value = "red" } } },
            new { title = "No id", price = 1 },
            new { id = "neg", title = "Negative", price = -5 },
            new { id = "stock", title = "Negative stock", price = 5, stock = -1 },
            new { id = "cur", title = "Bad currency", price = 5, currency = "ABC" },
            new { id = "long", title = new string('x', 501), price = 5 },
            new { id = "ok-2", title = "Sock", price = 3 },
        };
        var result = (await admin.Data(Import, new { p = products }))["importProducts"]!;
        Assert.Equal(2, result["imported"]!.GetValue<int>());
        Assert.Equal(5, result["rejected"]!.GetValue<int>());
        var errors = result["errors"]!.AsArray().Select(e => (e!["index"]!.GetValue<int>(), e["field"]!.GetValue<string>())).ToList();
        Assert.Equal([(1, "id"), (2, "price"), (3, "stock"), (4, "currency"), (5, "title")], errors);

        var product = (await host.Storefront(key).Data("{ product(id: \"ok-1\") { title brand category categoryPath price currency stock inStock attributes { name value } } }"))["product"]!;
        Assert.Equal("Outdoor > Shoes > Trail", product["category"]!.GetValue<string>());
        Assert.Equal(3, product["categoryPath"]!.AsArray().Count);
        Assert.Equal(89.9m, product["price"]!.GetValue<decimal>());
        Assert.Equal("EUR", product["currency"]!.GetValue<string>());
        Assert.Equal("red", product["attributes"]![0]!["value"]!.GetValue<string>());
        Assert.Null((await host.Storefront(key).Data("{ product(id: \"neg\") { id } }"))["product"]);
    }

    [Fact]
    public async Task Import_upserts_by_id_and_keeps_the_creation_time()
    {
        var (store, key) = await host.NewStore();
        var admin = host.Admin(store);
        await admin.Data(Import, new { p = new[] { new { id = "p", title = "Old", price = 10m } } });
        var first = (await host.Storefront(key).Data("{ product(id: \"p\") { createdAt } }"))["product"]!["createdAt"]!.GetValue<string>();
        await admin.Data(Import, new { p = new[] { new { id = "p", title = "New", price = 12m } } });
        var product = (await host.Storefront(key).Data("{ product(id: \"p\") { title price createdAt } products { totalCount } }"));
        Assert.Equal("New", product["product"]!["title"]!.GetValue<string>());
        Assert.Equal(12m, product["product"]!["price"]!.GetValue<decimal>());
        Assert.Equal(first, product["product"]!["createdAt"]!.GetValue<string>());
        Assert.Equal(1, product["products"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Products_are_paged_as_a_relay_connection_with_a_size_cap()
    {
        var (store, key) = await host.NewStore();
        var items = Enumerable.Range(0, 25).Select(i => new { id = $"p{i:D3}", title = $"Product {i}", price = 1m + i }).ToArray();
        await host.Admin(store).Data(Import, new { p = items });
        var storefront = host.Storefront(key);

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = (await storefront.Data("query($a:String){ products(first: 10, after: $a) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }", new { a = after }))["products"]!;
            Assert.Equal(25, page["totalCount"]!.GetValue<int>());
            seen.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));
            if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>()) break;
            after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }
        Assert.Equal(items.Select(i => i.id), seen);

        var tooMany = await storefront.Send("{ products(first: 101) { totalCount } }");
        Assert.Equal("BAD_USER_INPUT", tooMany.Code);
        Assert.Contains("first", tooMany.Message);
        Assert.Equal("BAD_USER_INPUT", (await storefront.Send("{ products(after: \"garbage\") { totalCount } }")).Code);
    }

    [Fact]
    public async Task Batches_over_1000_items_are_refused_naming_the_argument()
    {
        var items = Enumerable.Range(0, 1001).Select(i => new { id = $"p{i}", title = "x", price = 1m }).ToArray();
        var r = await host.Admin().Send(Import, new { p = items });
        Assert.Equal("BAD_USER_INPUT", r.Code);
        Assert.StartsWith("products:", r.Message);
    }

    [Fact]
    public async Task Customers_import_with_partial_rejection()
    {
        var (store, _) = await host.NewStore();
        var customers = new object[]
        {
            new { id = "c1", email = "ann@example.com", name = "Ann", country = "de" },
            new { id = "c2", email = "not-an-email" },
            new { email = "x@example.com" },
            new { id = "c4", country = "Germany" },
            new { id = "c5", createdAt = DateTimeOffset.UtcNow.AddDays(3) },
            new { id = "session:x" },
        };
        var r = (await host.Admin(store).Data("mutation($c:[CustomerInput!]!){ importCustomers(customers:$c){ imported rejected errors { index field } } }", new { c = customers }))["importCustomers"]!;
        Assert.Equal(1, r["imported"]!.GetValue<int>());
        Assert.Equal(5, r["rejected"]!.GetValue<int>());
        Assert.Equal(["email", "id", "country", "createdAt", "id"], r["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
        Assert.Equal(1, (await host.Admin(store).Data("{ storeStats { customers } }"))["storeStats"]!["customers"]!.GetValue<int>());
    }
}

namespace RetailCommerce.Modules.Governance.Tests;

/// <summary>Small helpers to fill a test store through the public API.</summary>
internal static class Shop
{
    public static async Task Products(GraphQLClient admin, params string[] ids) =>
        await admin.Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }",
            new { p = ids.Select((id, i) => new { id, title = "Product " + id, brand = i % 2 == 0 ? "Peak" : "Vale", category = "Outdoor > Tents", price = 100m + i, currency = "EUR", stock = 5 }).ToArray() });

    public static async Task Customer(GraphQLClient admin, string id, string? email = null, string? name = null, string? country = null) =>
        await admin.Data("mutation($c:[CustomerInput!]!){ importCustomers(customers:$c){ imported } }", new { c = new[] { new { id, email, name, country } } });

    public static async Task Track(GraphQLClient shop, params object[] events)
    {
        var data = await shop.Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted rejected errors { message } } }", new { e = events });
        Assert.Equal(0, data["trackEvents"]!["rejected"]!.GetValue<int>());
    }
}

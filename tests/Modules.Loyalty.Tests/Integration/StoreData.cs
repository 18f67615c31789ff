using RetailCommerce.Modules.Loyalty.Lifetime;

namespace RetailCommerce.Modules.Loyalty.Tests.Integration;

/// <summary>Loads products and shopper events into a store through the public API, as a merchant would.</summary>
internal static class StoreData
{
    public static async Task Products(LoyaltyHost host, string store, params (string Id, string Category, decimal Price)[] products)
    {
        var input = products.Select(p => new { id = p.Id, title = "Product " + p.Id, category = p.Category, price = p.Price, currency = "EUR", stock = 10 }).ToArray();
        var data = await host.Admin(store).Data("mutation($p:[ProductInput!]!){importProducts(products:$p){imported rejected}}", new { p = input });
        Assert.Equal(products.Length, data["importProducts"]!["imported"]!.GetValue<int>());
    }

    public static async Task Track(LoyaltyHost host, string key, IReadOnlyList<object> events)
    {
        foreach (var batch in events.Chunk(1_000))
        {
            var data = await host.Storefront(key).Data("mutation($e:[EventInput!]!){trackEvents(events:$e){accepted duplicates rejected errors{index message}}}", new { e = batch });
            Assert.True(data["trackEvents"]!["rejected"]!.GetValue<int>() == 0, data.ToJsonString());
        }
    }

    public static object Purchase(string id, string customer, string order, string product, decimal price, DateTimeOffset at, int quantity = 1) =>
        new { id, type = "PURCHASE", customerId = customer, productId = product, orderId = order, quantity, price, occurredAt = at };

    public static object Return(string id, string customer, string order, string product, DateTimeOffset at, int quantity = 1) =>
        new { id, type = "RETURN", customerId = customer, productId = product, orderId = order, quantity, occurredAt = at };

    public static object View(string id, string customer, string product, DateTimeOffset at) =>
        new { id, type = "VIEW", customerId = customer, productId = product, occurredAt = at };

    /// <summary>Simulated purchases (BG/NBD + Gamma-Gamma generative process) as PURCHASE events of one product.</summary>
    public static List<object> Simulated(IReadOnlyList<CustomerTransaction> transactions, string product) =>
        transactions.Select((t, i) => Purchase($"sim-{i}", t.CustomerId, $"o-{i}", product, Math.Max(0.01m, t.Amount),
            new DateTimeOffset(t.Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero))).ToList();

    public static async Task<string> RunJob(LoyaltyHost host, string store, string job)
    {
        var data = await host.Admin(store).Data("mutation($id:String!){runJob(id:$id){succeeded outcome}}", new { id = job });
        Assert.True(data["runJob"]!["succeeded"]!.GetValue<bool>(), data.ToJsonString());
        return data["runJob"]!["outcome"]!.GetValue<string>();
    }

    public static async Task<int> Balance(LoyaltyHost host, string store, string customer) =>
        (await host.Admin(store).Data("query($c:ID!){loyalty(customerId:$c){balance}}", new { c = customer }))["loyalty"]!["balance"]!.GetValue<int>();
}

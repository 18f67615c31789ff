using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Recommendations.Exposure;

namespace RetailCommerce.Modules.Recommendations.Tests.Integration;

/// <summary>
/// A small seeded shop: 40 products in four categories (p05 out of stock, p06 disabled), 30 customers with
/// category tastes browsing over ten days, and two planted bought-together pairs (p01 with p21, p02 with p22).
/// </summary>
public sealed class TestShop
{
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);
    private readonly RecommendationsHost _host;
    private int _eventNo;

    private TestShop(RecommendationsHost host, string id, string key) { _host = host; Id = id; Key = key; }

    public string Id { get; }
    public string Key { get; }

    public static string Category(int i) => i switch { <= 10 => "Outdoor > Shoes", <= 20 => "Outdoor > Tents", <= 30 => "Kitchen > Stoves", _ => "Kitchen > Cups" };
    public static string P(int i) => $"p{i:00}";

    /// <summary>Creates the store and its catalog; <paramref name="history"/> also tracks the browsing history and planted orders.</summary>
    public static async Task<TestShop> CreateAsync(RecommendationsHost host, bool history = true)
    {
        var (id, key) = await host.NewStore("rec", "recommendations");
        var shop = new TestShop(host, id, key);
        var products = Enumerable.Range(1, 40).Select(i => new
        {
            id = P(i), title = $"Product {i:00} {Category(i).Split(" > ")[1]}", brand = i % 2 == 0 ? "Peak" : "Ridge",
            category = Category(i), price = 10m + i, currency = "EUR", stock = i == 5 ? 0 : 10,
            attributes = i == 6 ? new[] { new { name = "status", value = "disabled" } } : [],
        }).ToArray();
        await host.Admin(id).Data("mutation($p:[ProductInput!]!){importProducts(products:$p){imported}}", new { p = products });
        if (history) await shop.SeedHistoryAsync();
        return shop;
    }

    private async Task SeedHistoryAsync()
    {
        var random = new Random(11);
        var events = new List<object>();
        for (var c = 1; c <= 30; c++)
        {
            var outdoor = c <= 15;
            for (var visit = 0; visit < 4; visit++)
            {
                var at = Start.AddDays(random.Next(0, 10)).AddMinutes(random.Next(0, 600));
                var session = $"s{c}-{visit}";
                for (var v = 0; v < 5; v++)
                {
                    var i = outdoor ? random.Next(1, 21) : random.Next(21, 41);
                    events.Add(Event("VIEW", $"c{c:00}", session, P(i), at = at.AddMinutes(2)));
                }
            }
        }
        // Planted pairs: p01 with p21 in 8 orders, p02 with p22 in 6 orders, by different customers.
        for (var n = 0; n < 8; n++) events.AddRange(Order($"c{n + 1:00}", [P(1), P(21)], Start.AddDays(1 + n % 8).AddHours(15)));
        for (var n = 0; n < 6; n++) events.AddRange(Order($"c{n + 16:00}", [P(2), P(22)], Start.AddDays(2 + n % 6).AddHours(16)));
        await TrackAsync(events);
    }

    public object Event(string type, string? customer, string? session, string? product, DateTimeOffset at, string? order = null, decimal? price = null, string? recommendationId = null) =>
        new { id = $"e{Interlocked.Increment(ref _eventNo)}-{Guid.NewGuid():N}", type, customerId = customer, sessionId = session, productId = product, orderId = order, quantity = order is null ? (int?)null : 1, price, recommendationId, occurredAt = at };

    public IEnumerable<object> Order(string customer, string[] products, DateTimeOffset at, string? recommendationId = null)
    {
        var order = "o-" + Guid.NewGuid().ToString("N")[..10];
        return products.Select((p, n) => Event("PURCHASE", customer, null, p, at.AddSeconds(n), order, 20m, recommendationId));
    }

    public async Task TrackAsync(IReadOnlyList<object> events)
    {
        foreach (var chunk in events.Chunk(500))
        {
            var r = await _host.Storefront(Key).Data("mutation($e:[EventInput!]!){trackEvents(events:$e){accepted rejected errors{message}}}", new { e = chunk });
            Assert.Equal(0, r["trackEvents"]!["rejected"]!.GetValue<int>());
        }
    }

    /// <summary>Waits until the async projections (store clock, daily stats, baskets, exposures) caught up.</summary>
    public async Task SettleAsync()
    {
        await _host.Services.GetRequiredService<ExposureWriter>().FlushAsync(CancellationToken.None);
        await _host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
    }

    public async Task<string> RetrainAsync()
    {
        var run = await _host.Admin(Id).Data("mutation{runJob(id:\"recommendations.retrain\"){succeeded outcome}}");
        Assert.True(run["runJob"]!["succeeded"]!.GetValue<bool>(), run.ToJsonString());
        return run["runJob"]!["outcome"]!.GetValue<string>();
    }

    public const string ListFields = "recommendationId strategy modelVersion sourceProduct{id} items{product{id title} productId score reason}";

    public static string[] Ids(JsonNode list) => [.. list["items"]!.AsArray().Select(i => i!["productId"]!.GetValue<string>())];
}

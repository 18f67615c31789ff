using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Recommendations.Bench;

/// <summary>One shopper event of the synthetic shop, before it becomes a <c>ShopperEvent</c> (in process) or an <c>EventInput</c> (over HTTP).</summary>
public sealed record SyntheticEvent(string Id, string Type, string CustomerId, string SessionId, string ProductId, string? OrderId, DateTimeOffset At);

/// <summary>
/// The load runs' store: products in 100 taste clusters (10 departments, 37 brands, every 50th out of stock) and
/// customers who mostly browse and buy inside one cluster over 90 days (4–23 events each). Deterministic (seed 5),
/// so the in-process and the HTTP load run serve the same shop.
/// </summary>
public sealed class SyntheticShop
{
    private const int Clusters = 100;

    /// <summary>When the shop's history starts.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public required IReadOnlyList<Product> Catalog { get; init; }

    /// <summary>Each customer's events ("c0", "c1", …), in generation order.</summary>
    public required IReadOnlyDictionary<string, List<SyntheticEvent>> History { get; init; }

    /// <summary>Every event, customer by customer.</summary>
    public IEnumerable<SyntheticEvent> Events => History.Values.SelectMany(e => e);

    public static SyntheticShop Create(int products, int customers)
    {
        var random = new Random(5);
        var catalog = Enumerable.Range(0, products).Select(i => new Product
        {
            Id = $"p{i}", Title = $"Product {i} {(i % Clusters)} series", Brand = $"brand{i % 37}", CategoryPath = [$"Dept{i % 10}", $"Cat{i % Clusters}"], Stock = i % 50 == 0 ? 0 : 5,
        }).ToList();
        var byCluster = catalog.GroupBy(p => int.Parse(p.Id[1..]) % Clusters).ToDictionary(g => g.Key, g => g.Select(p => p.Id).ToArray());
        var history = new Dictionary<string, List<SyntheticEvent>>(customers);
        for (var c = 0; c < customers; c++)
        {
            var taste = byCluster[random.Next(Clusters)];
            var id = $"c{c}";
            var mine = new List<SyntheticEvent>();
            var n = 4 + random.Next(20);
            for (var k = 0; k < n; k++)
            {
                var product = random.NextDouble() < 0.8 ? taste[random.Next(taste.Length)] : $"p{random.Next(products)}";
                var at = Start.AddMinutes(random.Next(0, 90 * 24 * 60));
                var type = random.NextDouble() < 0.15 ? "PURCHASE" : "VIEW";
                mine.Add(new SyntheticEvent($"{id}-{k}", type, id, $"{id}-s{k / 5}", product, type == "PURCHASE" ? $"{id}-o{k / 5}" : null, at));
            }
            history[id] = mine;
        }
        return new SyntheticShop { Catalog = catalog, History = history };
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using RetailCommerce.Testing;

namespace RetailCommerce.Modules.Personalization.Bench;

/// <summary>
/// Load run: starts the real host (Kestrel, private PostgreSQL) with this module, seeds a store with 200 sessions
/// of events, a rule segment and a content slot, then runs N concurrent clients calling the live segments and
/// content fields over HTTP and prints p50/p95/p99 and throughput per field.
/// </summary>
public static class LoadRun
{
    public static async Task RunAsync(int clients, int seconds)
    {
        await using var host = RetailHost.With([typeof(Startup).Assembly], kestrel: true);
        await host.InitializeAsync();
        try
        {
            var (store, key) = await host.NewStore("load", "personalization");
            var admin = host.Admin(store);
            await admin.Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }",
                new { p = Enumerable.Range(1, 50).Select(i => new { id = $"p{i}", title = $"Product {i}", category = "Sports > Camping", price = 10m + i }).ToArray() });
            var now = DateTimeOffset.UtcNow.AddMinutes(-30);
            var events = Enumerable.Range(0, 200).SelectMany(s => Enumerable.Range(0, 6).Select(k => (object)new
            {
                id = $"e-{s}-{k}", type = k == 5 && s % 3 == 0 ? "ADD_TO_CART" : k == 0 ? "SEARCH" : "VIEW", sessionId = $"s-{s}",
                productId = k == 0 ? null : $"p{(s + k) % 50 + 1}", query = k == 0 ? "tent under 50" : null, price = k == 0 ? (decimal?)null : 20m,
                quantity = 1, occurredAt = now.AddSeconds(s + k * 20), context = new { device = s % 2 == 0 ? "mobile" : "desktop" },
            })).ToArray();
            foreach (var chunk in events.Chunk(500))
                await host.Storefront(key).Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new { e = chunk });
            await admin.Data("""
                mutation { saveContentSlot(slot: { id: "hero", defaultVariant: "plain", variants: [
                  { key: "nudge", content: "Complete your order", segments: ["high-intent"] },
                  { key: "deals", content: "Deals", segments: ["discount-seeker"], devices: ["mobile"] },
                  { key: "plain", content: "Welcome" } ] }) }
                """);
            await admin.Data("""mutation { saveRuleSegment(segment: { id: "mobile-deals", conditions: [{ field: "device", operator: "eq", value: "mobile" }, { field: "liveSegment", operator: "eq", value: "discount-seeker" }] }) }""");

            var latencies = new System.Collections.Concurrent.ConcurrentBag<(string Field, double Ms)>();
            var until = DateTime.UtcNow.AddSeconds(seconds + 3);
            var warmupEnd = DateTime.UtcNow.AddSeconds(3);
            var workers = Enumerable.Range(0, clients).Select(async c =>
            {
                using var http = new HttpClient { BaseAddress = new Uri(host.Address) };
                http.DefaultRequestHeaders.Add("X-Store-Key", key);
                var random = new Random(c);
                while (DateTime.UtcNow < until)
                {
                    var session = $"s-{random.Next(200)}";
                    var content = random.Next(2) == 0;
                    var query = content
                        ? "query($s:String){ personalizedContent(slot:\"hero\", sessionId:$s, context:{device:\"mobile\"}){ variant reason } }"
                        : "query($s:String){ segments(sessionId:$s, context:{device:\"mobile\"}){ live { segment } rules } }";
                    var watch = Stopwatch.StartNew();
                    using var response = await http.PostAsJsonAsync("/graphql", new { query, variables = new { s = session } });
                    var body = await response.Content.ReadAsStringAsync();
                    watch.Stop();
                    if (!response.IsSuccessStatusCode || body.Contains("\"errors\"")) throw new InvalidOperationException(body);
                    if (DateTime.UtcNow > warmupEnd) latencies.Add((content ? "personalizedContent" : "segments", watch.Elapsed.TotalMilliseconds));
                }
            }).ToArray();
            await Task.WhenAll(workers);
            foreach (var group in latencies.GroupBy(l => l.Field).Append(latencies.GroupBy(_ => "all").First()))
            {
                var sorted = group.Select(g => g.Ms).Order().ToArray();
                double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
                Console.WriteLine($"load field={group.Key} clients={clients} seconds={seconds} requests={sorted.Length} rps={sorted.Length / (double)seconds:0} p50_ms={P(0.5):0.0} p95_ms={P(0.95):0.0} p99_ms={P(0.99):0.0}");
            }
        }
        finally { host.DeleteData(); }
    }
}

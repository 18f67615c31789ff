using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RetailCommerce.Cli;

/// <summary>
/// Load run for event ingest: sends VIEW / ADD_TO_CART / PURCHASE events in batches through <c>trackEvents</c>
/// from several concurrent clients, then checks that the count stored in PostgreSQL equals what was accepted.
/// Prints throughput and per-batch latency percentiles.
/// </summary>
public static class IngestBenchmark
{
    public static async Task<int> Run(ApiTarget target, int events, int batchSize, int concurrency, int products, CancellationToken ct)
    {
        var store = target.Store ?? "bench";
        var runId = Guid.NewGuid().ToString("N")[..8];
        using (var admin = new RetailApi(target with { Store = null }))
        {
            try { await admin.Run("mutation($id:String!){ createStore(id:$id, name:\"Ingest benchmark\"){ id } }", new { id = store }, ct); }
            catch (InvalidOperationException e) when (e.Message.Contains("already exists")) { }
        }
        using var api = new RetailApi(target with { Store = store });
        var catalog = Enumerable.Range(0, products).Select(i => new { id = $"bench-{i}", title = $"Benchmark product {i}", price = 5m + i % 100, stock = 100 }).ToArray();
        foreach (var chunk in catalog.Chunk(1000))
            await api.Run("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }", new { p = chunk }, ct);
        var random = new Random(42);
        var batches = Enumerable.Range(0, (events + batchSize - 1) / batchSize).Select(b =>
        {
            var list = new JsonArray();
            for (var i = b * batchSize; i < Math.Min(events, (b + 1) * batchSize); i++)
            {
                var roll = random.NextDouble();
                var type = roll < 0.8 ? "VIEW" : roll < 0.95 ? "ADD_TO_CART" : "PURCHASE";
                var customer = random.Next(20_000);
                var e = new JsonObject
                {
                    ["id"] = $"{runId}-{i}", ["type"] = type, ["customerId"] = $"cust-{customer}", ["sessionId"] = $"sess-{customer}-{i / 50}",
                    ["productId"] = $"bench-{random.Next(products)}", ["quantity"] = 1, ["price"] = 9.99m,
                };
                if (type == "PURCHASE") e["orderId"] = $"{runId}-order-{i}";
                list.Add(e);
            }
            return list;
        }).ToList();

        // Warm-up (JIT, connection pool, first stream creations), untimed and not counted below.
        using (var warm = new RetailApi(target with { Store = store }))
            for (var w = 0; w < 4; w++)
                await warm.Run("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new
                {
                    e = Enumerable.Range(0, batchSize).Select(i => new { id = $"{runId}-warmup-{w}-{i}", type = "VIEW", customerId = $"warmup-{i % 100}", productId = $"bench-{i % products}" }).ToArray(),
                }, ct);
        var before = (await api.Run("{ storeStats { events } }", ct: ct))["storeStats"]!["events"]!.GetValue<int>();

        var latencies = new List<double>();
        long accepted = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            using var client = new RetailApi(target with { Store = store });
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Count)
            {
                var started = Stopwatch.GetTimestamp();
                var r = await client.Run("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted rejected } }", new { e = batches[index] }, ct);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies) latencies.Add(ms);
                Interlocked.Add(ref accepted, r["trackEvents"]!["accepted"]!.GetValue<int>());
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var after = (await api.Run("{ storeStats { events } }", ct: ct))["storeStats"]!["events"]!.GetValue<int>();
        latencies.Sort();
        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];

        Console.WriteLine($"events_sent={events}");
        Console.WriteLine($"events_accepted={accepted}");
        Console.WriteLine($"events_stored={after - before}");
        Console.WriteLine($"lost={accepted - (after - before)}");
        Console.WriteLine($"batch_size={batchSize} concurrency={concurrency}");
        Console.WriteLine($"seconds={seconds:F2}");
        Console.WriteLine($"throughput_events_per_s={accepted / seconds:F0}");
        Console.WriteLine($"batch_latency_ms p50={P(0.50):F1} p95={P(0.95):F1} p99={P(0.99):F1}");
        return accepted == events && after - before == accepted ? 0 : 1;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace RetailCommerce.Testing;

/// <summary>
/// The module benches' load runs: <c>clients</c> workers, each calling again as soon as its last call returned (no
/// think time), for a warm-up and then the measured seconds. Prints p50/p95/p99 and throughput per field (what the
/// call returns, e.g. the GraphQL field or placement it asked for) and, when there are several, for all together.
/// </summary>
public static class ClosedLoopLoad
{
    /// <summary>Runs the load; <paramref name="call"/> gets the worker's number and its own seeded random. Returns the measured calls.</summary>
    public static async Task<int> MeasureAsync(string name, int clients, int seconds, Func<int, Random, Task<string?>> call, int warmupSeconds = 3)
    {
        var latencies = new ConcurrentBag<(string Field, double Ms)>();
        var warmupEnd = DateTime.UtcNow.AddSeconds(warmupSeconds);
        var until = warmupEnd.AddSeconds(seconds);
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            while (DateTime.UtcNow < until)
            {
                var started = Stopwatch.GetTimestamp();
                var field = await call(c, random);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (DateTime.UtcNow > warmupEnd) latencies.Add((field ?? "all", ms));
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var groups = latencies.GroupBy(l => l.Field).ToList();
        if (groups.Count > 1) groups.Add(latencies.GroupBy(_ => "all").First());
        foreach (var group in groups)
        {
            var sorted = group.Select(g => g.Ms).Order().ToArray();
            double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            Console.WriteLine($"{name} field={group.Key} clients={clients} seconds={seconds} requests={sorted.Length} rps={sorted.Length / (double)seconds:0} p50_ms={P(0.5):0.000} p95_ms={P(0.95):0.000} p99_ms={P(0.99):0.000} mean_ms={sorted.Average():0.000}");
        }
        return latencies.Count;
    }
}

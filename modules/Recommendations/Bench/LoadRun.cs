using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RetailCommerce.Catalog;
using RetailCommerce.Modules.Recommendations.Freshness;
using RetailCommerce.Modules.Recommendations.Serving;
using RetailCommerce.Modules.Recommendations.Training;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Bench;

/// <summary>
/// Load run of the serving engine in process: a synthetic store of 10,000 products and 100,000 customers
/// (taste clusters, bought-together pairs), trained through <see cref="RecommendationTrainer"/>, then 50
/// concurrent clients asking a placement mix for random customers and products. It measures the engine
/// (models, rules, reasons); the per-request read of the shopper's stream (one indexed query) is not in it.
/// </summary>
public static class LoadRun
{
    public static void Run(int products, int customers, int clients, int seconds, int slices, bool gated = false, bool profile = false, double fresh = 0, bool warmed = false)
    {
        var shop = SyntheticShop.Create(products, customers);
        var catalog = shop.Catalog;
        var history = shop.History.ToDictionary(h => h.Key, h => h.Value.Select(e =>
            ShopperEventFactory.Create(e.Type, new EventInput { Id = e.Id, CustomerId = e.CustomerId, SessionId = e.SessionId, ProductId = e.ProductId, OrderId = e.OrderId, Quantity = 1 }, e.At)).ToList());
        var events = history.Values.SelectMany(e => e).ToList();
        Console.WriteLine($"load.products={products} load.customers={customers} load.events={events.Count}");
        var watch = Stopwatch.StartNew();
        var trainCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var settings = new TrainingSettings { ValidationSlices = slices, HoldoutCheckMaxInteractions = 0 };
        var interactions = RecommendationTrainer.Interactions(events, settings);
        var trained = RecommendationTrainer.Train("load", interactions, catalog, settings);
        Console.WriteLine($"load.full_retrain_seconds={watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} (validation slices {slices}, blend {trained.Metrics.Blend})");
        // CPU time too: on the shared machine the wall time depends on what else runs (or pauses this process).
        Console.WriteLine($"load.full_retrain_cpu_seconds={(Process.GetCurrentProcess().TotalProcessorTime - trainCpu).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} load.precomputed_shoppers={trained.Metrics.PrecomputedShoppers} load.precompute_seconds={trained.Metrics.PrecomputeSeconds.ToString("0.0", CultureInfo.InvariantCulture)}");

        var snapshot = CatalogSnapshot.Of(catalog, DateTimeOffset.UtcNow);
        var signals = new LiveSignals(trained.TrainedUntil, trained.Models.Trending.Recommend(new RecommendationQuery { Count = 2000 })
            .ToDictionary(p => p.ProductId, p => new RecentActivity(p.Score, 10, 1, 1)), new FreshPairs(), new FreshPairs());
        var storeSettings = new RecommendationSettings();
        Placement[] mix = [Placement.Personalized, Placement.Personalized, Placement.Personalized, Placement.Personalized,
            Placement.FrequentlyBoughtTogether, Placement.FrequentlyBoughtTogether, Placement.Similar, Placement.Similar, Placement.Trending, Placement.CartComplements];
        // --fresh: this share of the shoppers viewed a product after the training cutoff, so their PERSONALIZED list
        // cannot come from the precomputed lists. Without --warmed each such request brings a view never seen before
        // (the worst case: every one runs the live ranker). With --warmed the active shoppers are a fixed set with one
        // new view each, which PersonalListWarmer ranked before the run, as it does after trackEvents in the host.
        bool Active(int c) => (uint)(c * 2654435761u) % 1000 < fresh * 1000;
        ShopperEvent FreshView(string customer, string product) =>
            ShopperEventFactory.Create("VIEW", new EventInput { Id = $"{customer}-fresh", CustomerId = customer, ProductId = product, Quantity = 1 }, trained.TrainedUntil.AddHours(1));
        if (warmed && fresh > 0)
        {
            var warmWatch = Stopwatch.StartNew();
            var warmCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var warmedLists = 0;
            for (var c = 0; c < customers; c++)
                if (Active(c) && PersonalListWarmer.Warm(trained, new ShopperState($"c{c}", history[$"c{c}"].TakeLast(300).Append(FreshView($"c{c}", $"p{c * 7919 % products}")))))
                    warmedLists++;
            var warmSeconds = warmWatch.Elapsed.TotalSeconds;
            Console.WriteLine($"load.warmed_lists={warmedLists} load.warm_seconds={warmSeconds.ToString("0.0", CultureInfo.InvariantCulture)} " +
                $"load.warm_lists_per_s={(warmedLists / warmSeconds).ToString("0", CultureInfo.InvariantCulture)} (one thread, as the warmer) " +
                $"load.warm_cpu_ms_per_list={((Process.GetCurrentProcess().TotalProcessorTime - warmCpu).TotalMilliseconds / Math.Max(1, warmedLists)).ToString("0.00", CultureInfo.InvariantCulture)}");
        }
        RecommendationList Serve(Random r, Placement placement)
        {
            var c = r.Next(customers);
            var customer = $"c{c}";
            var product = $"p{r.Next(products)}";
            var events = history[customer].TakeLast(300);
            if (warmed ? Active(c) : placement == Placement.Personalized && fresh > 0 && r.NextDouble() < fresh)
                events = events.Append(FreshView(customer, warmed ? $"p{c * 7919 % products}" : product));
            var shopper = new ShopperState(customer, events);
            return RecommendationEngine.Recommend(new RecommendationRequest
            {
                Placement = placement, CustomerId = customer, ProductId = product,
                CartProductIds = placement == Placement.CartComplements ? [product] : [], Count = 10,
            }, new ServingInputs(trained, snapshot, signals, storeSettings, shopper), "load");
        }
        if (profile)
        {
            // One thread, no contention: the CPU one list of each placement costs.
            foreach (var placement in mix.Distinct())
            {
                var r = new Random(1);
                for (var n = 0; n < 200; n++) Serve(r, placement);
                var w = Stopwatch.StartNew();
                for (var n = 0; n < 2000; n++) Serve(r, placement);
                Console.WriteLine($"profile.{placement}.us_per_list={(w.Elapsed.TotalMicroseconds / 2000).ToString("0", CultureInfo.InvariantCulture)}");
            }
        }
        var latencies = new ConcurrentBag<double>();
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        // One thread per client, never idle (a closed loop with no think time). --gated lets one list per core
        // compute at a time (a SemaphoreSlim queue); tried as a serving gate, it did not lower p95 (see docs).
        using var gate = new SemaphoreSlim(gated ? Environment.ProcessorCount : 10_000);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gcBefore = GC.CollectionCount(0);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        var threads = Enumerable.Range(0, clients).Select(t => new Thread(() =>
        {
            var r = new Random(100 + t);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var placement = mix[r.Next(mix.Length)];
                var began = Stopwatch.GetTimestamp();
                // What the service does per request besides the stream read: build the shopper's state, run the engine.
                gate.Wait();
                try
                {
                    Serve(r, placement);
                }
                finally { gate.Release(); }
                latencies.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        // This process's own CPU time (GC included), so other builds on the shared machine do not inflate it.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var sorted = latencies.OrderBy(x => x).ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"load.fresh_personalized_share={fresh.ToString("0.00", CultureInfo.InvariantCulture)} load.warmed={warmed} " +
            $"load.active_lists_hits={trained.ActiveLists.Hits} load.active_lists_ranked={trained.ActiveLists.Ranked}");
        Console.WriteLine($"load.clients={clients} load.requests={sorted.Length} load.throughput_per_s={(sorted.Length / watch.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"load.gated={gated} load.kb_allocated_per_list={(allocated / 1024.0 / Math.Max(1, sorted.Length)).ToString("0", CultureInfo.InvariantCulture)} load.gen0_collections={GC.CollectionCount(0) - gcBefore} load.cpu_ms_per_list={(cpu.TotalMilliseconds / Math.Max(1, sorted.Length)).ToString("0.00", CultureInfo.InvariantCulture)} (this process's CPU time / lists)");
        Console.WriteLine($"load.p50_ms={P(0.50).ToString("0.00", CultureInfo.InvariantCulture)} load.p95_ms={P(0.95).ToString("0.00", CultureInfo.InvariantCulture)} load.p99_ms={P(0.99).ToString("0.00", CultureInfo.InvariantCulture)}");
    }
}

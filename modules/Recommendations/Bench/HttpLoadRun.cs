using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Recommendations.Serving;
using RetailCommerce.Modules.Recommendations.Training;
using RetailCommerce.Testing;

namespace RetailCommerce.Modules.Recommendations.Bench;

/// <summary>
/// Load run over HTTP: the real host (Kestrel, private PostgreSQL) with this module; the synthetic shop's products
/// imported and its events sent through <c>trackEvents</c>; the models trained by the registry from the events in
/// PostgreSQL (the retrain job's path, with 1 validation slice); then closed-loop clients ask the storefront
/// <c>recommendations</c> field over HTTP — signed-in customers with their own token for PERSONALIZED, product
/// pages for the rest — and p50/p95/p99 and throughput are printed. Everything a request does is in it: GraphQL,
/// consent, the shopper's stream read, the engine, the exposure log and the products' details.
/// </summary>
public static class HttpLoadRun
{
    private const string ListQuery = "query($p:Placement!,$c:ID,$id:ID,$cart:[ID!]){recommendations(placement:$p,customerId:$c,productId:$id,cartProductIds:$cart){recommendationId strategy items{productId score reason product{id title price}}}}";

    // The same without the products' details (what a storefront that caches its own catalog would ask): shows their cost.
    private const string IdsOnlyQuery = "query($p:Placement!,$c:ID,$id:ID,$cart:[ID!]){recommendations(placement:$p,customerId:$c,productId:$id,cartProductIds:$cart){recommendationId strategy items{productId score reason}}}";

    public static async Task RunAsync(int products, int customers, int clients, int seconds, int signedIn, double active, int warmupSeconds, bool idsOnly = false, bool profile = false)
    {
        Console.WriteLine($"http.server_gc={GCSettings.IsServerGC} (the web host runs server GC; set DOTNET_gcServer=1 for the same here)");
        await using var host = RetailHost.With([typeof(Startup).Assembly], kestrel: true);
        await host.InitializeAsync();
        try
        {
            var (store, key) = await host.NewStore("load", "recommendations");
            var admin = host.Admin(store);
            var shop = SyntheticShop.Create(products, customers);
            var watch = Stopwatch.StartNew();
            foreach (var chunk in shop.Catalog.Chunk(1_000))
                await admin.Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }", new
                {
                    p = chunk.Select(p => new { id = p.Id, title = p.Title, brand = p.Brand, category = string.Join(" > ", p.CategoryPath), price = 20m, currency = "EUR", stock = p.Stock }).ToArray(),
                });
            Console.WriteLine($"http.products={products} import_seconds={watch.Elapsed.TotalSeconds:0.0}");

            // The history through trackEvents, 4 clients, batches of 1,000.
            watch.Restart();
            var batches = shop.Events.Chunk(1_000).ToList();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                var client = host.Storefront(key);
                int b;
                while ((b = Interlocked.Increment(ref next)) < batches.Count)
                    await client.Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new { e = batches[b].Select(Input).ToArray() });
            }));
            var events = batches.Sum(b => b.Length);
            Console.WriteLine($"http.customers={customers} events={events} ingest_seconds={watch.Elapsed.TotalSeconds:0.0} ({events / watch.Elapsed.TotalSeconds:0}/s)");
            await host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(10));

            // Training: the registry reads the store's events from PostgreSQL, as the retrain job does.
            watch.Restart();
            var registry = host.Services.GetRequiredService<ModelRegistry>();
            var (outcome, _) = await registry.TrainAsync(store, new TrainingSettings { ValidationSlices = 1, HoldoutCheckMaxInteractions = 0 }, "http load run", CancellationToken.None);
            var model = await registry.ActiveAsync(store, CancellationToken.None) ?? throw new InvalidOperationException(outcome);
            Console.WriteLine($"http.train_seconds={watch.Elapsed.TotalSeconds:0.0} outcome=\"{outcome}\" precomputed={model.Metrics.PrecomputedShoppers}");

            // Signed-in customers (each with their own token); a share of them views a product after training, which
            // the warmer ranks in the background as it would in a live shop.
            var tokens = new string[signedIn];
            for (var n = 0; n < signedIn; n++)
                tokens[n] = (await admin.Data("mutation($c:ID!){ issueCustomerToken(customerId: $c) { token } }", new { c = $"c{n}" }))["issueCustomerToken"]!["token"]!.GetValue<string>();
            var after = model.TrainedUntil.AddHours(1);
            var fresh = Enumerable.Range(0, (int)(signedIn * active)).Select(n => (object)new
            {
                id = $"fresh-{n}", type = "VIEW", customerId = $"c{n}", sessionId = $"c{n}-fresh", productId = $"p{n * 7919 % products}", occurredAt = after,
            }).ToList();
            foreach (var chunk in fresh.Chunk(500))
                await host.Storefront(key).Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new { e = chunk });
            var warmer = host.Services.GetRequiredService<PersonalListWarmer>();
            watch.Restart();
            while (warmer.Warmed < fresh.Count && watch.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(100);
            Console.WriteLine($"http.signed_in={signedIn} active_since_training={fresh.Count} warmed={warmer.Warmed} warm_seconds={watch.Elapsed.TotalSeconds:0.0}");

            Placement[] mix = [Placement.Personalized, Placement.Personalized, Placement.Personalized, Placement.Personalized,
                Placement.FrequentlyBoughtTogether, Placement.FrequentlyBoughtTogether, Placement.Similar, Placement.Similar, Placement.Trending, Placement.CartComplements];
            // One connection per closed-loop client, as a browser or an edge server has.
            var connections = Enumerable.Range(0, clients).Select(_ =>
            {
                var http = new HttpClient { BaseAddress = new Uri(host.Address) };
                http.DefaultRequestHeaders.Add("X-Store-Key", key);
                return http;
            }).ToArray();
            async Task<string?> Call(int client, Random random)
            {
                var http = connections[client];
                var placement = mix[random.Next(mix.Length)];
                var product = $"p{random.Next(products)}";
                var customer = random.Next(signedIn);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
                {
                    Content = JsonContent.Create(new
                    {
                        query = idsOnly ? IdsOnlyQuery : ListQuery,
                        variables = new
                        {
                            p = RecommendationSettings.GraphQLName(placement),
                            c = placement == Placement.Personalized ? $"c{customer}" : null,
                            id = placement is Placement.FrequentlyBoughtTogether or Placement.Similar ? product : null,
                            cart = placement == Placement.CartComplements ? new[] { product } : null,
                        },
                    }),
                };
                if (placement == Placement.Personalized) request.Headers.Add("X-Customer-Token", tokens[customer]);
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode || body.Contains("\"errors\"")) throw new InvalidOperationException(body);
                return RecommendationSettings.GraphQLName(placement);
            }

            await ClosedLoopLoad.MeasureAsync("http.warmup", clients, warmupSeconds, Call, warmupSeconds: 0);
            var (hits, ranked) = (model.ActiveLists.Hits, model.ActiveLists.Ranked);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var requests = await ClosedLoopLoad.MeasureAsync("http.load", clients, seconds, Call, warmupSeconds: 0);
            var cpuPerRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, requests);
            Console.WriteLine($"http.load.cpu_ms_per_request={cpuPerRequest:0.00} (host + clients, one process; PostgreSQL not included) " +
                $"active_list_hits={model.ActiveLists.Hits - hits} ranked_on_request={model.ActiveLists.Ranked - ranked}");
            if (profile)
            {
                // Where a PERSONALIZED request's extra time goes: the shopper's stream read and the customer token check, one thread.
                var history = host.Services.GetRequiredService<ShopperHistory>();
                var customerTokens = host.Services.GetRequiredService<RetailCommerce.Security.CustomerTokens>();
                for (var round = 0; round < 2; round++)
                {
                    var w = Stopwatch.StartNew();
                    for (var n = 0; n < 2_000; n++) await history.ReadAsync(store, $"c{n % signedIn}", CancellationToken.None);
                    var readUs = w.Elapsed.TotalMicroseconds / 2_000;
                    w.Restart();
                    for (var n = 0; n < 2_000; n++) customerTokens.CustomerOf(tokens[n % signedIn], store);
                    Console.WriteLine($"http.profile.stream_read_us={readUs:0} token_check_us={w.Elapsed.TotalMicroseconds / 2_000:0}");
                }
            }
        }
        finally { host.DeleteData(); }
    }

    private static object Input(SyntheticEvent e) => new
    {
        id = e.Id, type = e.Type, customerId = e.CustomerId, sessionId = e.SessionId, productId = e.ProductId,
        orderId = e.OrderId, quantity = 1, price = e.OrderId is null ? (decimal?)null : 20m, occurredAt = e.At,
    };
}

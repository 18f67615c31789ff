using System.Diagnostics;
using System.Net.Http.Json;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Security;
using RetailCommerce.Modules.Personalization.Content;
using RetailCommerce.Modules.Personalization.Segments;
using RetailCommerce.Modules.Personalization.Sessions;
using RetailCommerce.Testing;

namespace RetailCommerce.Modules.Personalization.Bench;

/// <summary>
/// Load run: starts the real host (Kestrel, private PostgreSQL) with this module, seeds a store with 200 sessions
/// of events, a rule segment and a content slot, then runs N concurrent clients calling the live segments and
/// content fields over HTTP and prints p50/p95/p99 and throughput per field.
/// </summary>
public static class LoadRun
{
    public static async Task RunAsync(int clients, int seconds, bool profile, int warmupSeconds = 30)
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

            // 1. The load run proper: both fields over HTTP, closed-loop clients, after a warm-up at the same load
            //    (tiered JIT: on a busy 2-core box the first 15-30 s run partly unoptimised code; printed separately as load.warmup).
            await MeasureAsync("load.warmup", clients, Math.Max(1, warmupSeconds - 3), (c, random) => HttpCallAsync(host, key, c, random));
            await MeasureAsync("load", clients, seconds, (c, random) => HttpCallAsync(host, key, c, random), warmupSeconds: 0);

            if (!profile) return;
            // 2. Where a call's time goes. The HTTP + GraphQL floor (a field that does nothing), the service
            //    in-process (no HTTP, no GraphQL) at the same concurrency and alone, and the session read alone.
            await MeasureAsync("profile.http_typename", clients, seconds / 2, async (c, _) => await PostAsync(host, key, c, "{ __typename }", null));
            var segments = host.Services.GetRequiredService<ShopperSegments>();
            var content = host.Services.GetRequiredService<ContentPersonalizer>();
            var reader = host.Services.GetRequiredService<SessionReader>();
            var slot = (await content.FindAsync(store, "hero", CancellationToken.None))!;
            var mobile = new ShopperContext("mobile", null, null, null);
            // GraphQL parse/validate/execute and JSON serialization without HTTP: the executer the endpoint uses.
            var executer = host.Services.GetRequiredService<IDocumentExecuter<ISchema>>();
            var serializer = host.Services.GetRequiredService<IGraphQLTextSerializer>();
            async Task<string?> GraphQLAsync(Random random)
            {
                using var scope = host.Services.CreateScope();
                scope.ServiceProvider.GetRequiredService<Caller>().ActAsAdminOf(store);
                var content = random.Next(2) == 0;
                var result = await executer.ExecuteAsync(new ExecutionOptions
                {
                    Query = content ? ContentQuery : SegmentsQuery, RequestServices = scope.ServiceProvider,
                    Variables = new Inputs(new Dictionary<string, object?> { ["s"] = $"s-{random.Next(200)}" }),
                });
                if (result.Errors is { Count: > 0 }) throw new InvalidOperationException(result.Errors[0].Message);
                using var buffer = new MemoryStream();
                await serializer.WriteAsync(buffer, result);
                return content ? "personalizedContent" : "segments";
            }
            foreach (var n in new[] { clients, 1 })
            {
                await MeasureAsync($"profile.inprocess_graphql.c{n}", n, seconds / 2, (_, random) => GraphQLAsync(random));
                await MeasureAsync($"profile.inprocess_segments.c{n}", n, seconds / 2,
                    async (_, random) => await segments.ForAsync(store, null, $"s-{random.Next(200)}", mobile, CancellationToken.None));
                await MeasureAsync($"profile.inprocess_content.c{n}", n, seconds / 2,
                    async (_, random) => await content.ChooseAsync(store, slot, null, $"s-{random.Next(200)}", mobile, CancellationToken.None));
                await MeasureAsync($"profile.inprocess_session_read.c{n}", n, seconds / 2,
                    async (_, random) => await reader.LoadAsync(store, $"s-{random.Next(200)}", null, CancellationToken.None));
            }
        }
        finally { host.DeleteData(); }
    }

    private const string ContentQuery = "query($s:String){ personalizedContent(slot:\"hero\", sessionId:$s, context:{device:\"mobile\"}){ variant reason } }";
    private const string SegmentsQuery = "query($s:String){ segments(sessionId:$s, context:{device:\"mobile\"}){ live { segment } rules } }";

    private static async Task<string> HttpCallAsync(RetailHost host, string key, int worker, Random random)
    {
        var content = random.Next(2) == 0;
        await PostAsync(host, key, worker, content ? ContentQuery : SegmentsQuery, new { s = $"s-{random.Next(200)}" });
        return content ? "personalizedContent" : "segments";
    }

    // One HttpClient (own connection) per closed-loop client, as a browser or edge server would have.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), HttpClient> Clients = new();

    private static async Task<string?> PostAsync(RetailHost host, string key, int worker, string query, object? variables)
    {
        var http = Clients.GetOrAdd((key, worker), _ =>
        {
            var c = new HttpClient { BaseAddress = new Uri(host.Address) };
            c.DefaultRequestHeaders.Add("X-Store-Key", key);
            return c;
        });
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body.Contains("\"errors\"")) throw new InvalidOperationException(body);
        return null;
    }

    /// <summary>Runs <paramref name="clients"/> closed-loop workers for 3 s of warm-up plus <paramref name="seconds"/>, prints p50/p95/p99 and throughput (per field when the call names one).</summary>
    private static Task<int> MeasureAsync(string name, int clients, int seconds, Func<int, Random, Task> call, int warmupSeconds = 3) =>
        ClosedLoopLoad.MeasureAsync(name, clients, seconds, async (c, r) => { await call(c, r); return null; }, warmupSeconds);

    private static Task<int> MeasureAsync(string name, int clients, int seconds, Func<int, Random, Task<string?>> call, int warmupSeconds = 3) =>
        ClosedLoopLoad.MeasureAsync(name, clients, seconds, call, warmupSeconds);
}

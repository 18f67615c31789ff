using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using RetailCommerce.Catalog;
using RetailCommerce.Customers;
using RetailCommerce.DemoStore;

namespace RetailCommerce.Cli;

/// <summary>
/// <c>retail demo</c>: generates the deterministic demo store and sends it to a store through the public
/// GraphQL API (importProducts, importCustomers, trackEvents), or writes it as files the <c>import</c>
/// verbs read (products.csv, customers.csv, events.jsonl) plus the planted ground truth.
/// </summary>
public static class DemoCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The verb, sharing the connection options of the other verbs.</summary>
    public static Command Create(Option<string> url, Option<string?> token, Option<string?> store)
    {
        var defaults = new DemoStoreOptions();
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => defaults.Seed };
        var products = new Option<int>("--products") { Description = "Products in the catalog", DefaultValueFactory = _ => defaults.Products };
        var customers = new Option<int>("--customers") { Description = "Customers", DefaultValueFactory = _ => defaults.Customers };
        var months = new Option<int>("--months") { Description = "Months of history", DefaultValueFactory = _ => defaults.Months };
        var end = new Option<DateTimeOffset?>("--end")
            { Description = $"End of the history (exclusive, UTC) [default: {defaults.EndDate:yyyy-MM-dd}]" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Write products.csv, customers.csv, events.jsonl and ground-truth.json here instead of sending" };
        var batch = new Option<int>("--batch") { Description = "Records per request", DefaultValueFactory = _ => 1000 };
        var command = new Command("demo", "Generate the deterministic demo store and load it into a store (or write it to files)")
            { url, token, store, seed, products, customers, months, end, output, batch };
        command.SetAction((parse, ct) =>
        {
            var options = new DemoStoreOptions
            {
                Seed = parse.GetValue(seed), Products = parse.GetValue(products), Customers = parse.GetValue(customers),
                Months = parse.GetValue(months), EndDate = parse.GetValue(end) ?? defaults.EndDate,
            };
            try { options.Validate(); }
            catch (ArgumentException e) { Console.Error.WriteLine($"demo: {e.Message}"); return Task.FromResult(2); }
            var generator = new DemoStoreGenerator(options);
            if (parse.GetValue(output) is { } directory) return Write(generator, directory, ct);
            var target = new ApiTarget(parse.GetValue(url)!, parse.GetValue(token), parse.GetValue(store), null);
            if (target.Token is null || target.Store is null)
            {
                Console.Error.WriteLine("demo: --token and --store are required to send (or give --out to write files)");
                return Task.FromResult(2);
            }
            return Send(generator, target, Math.Clamp(parse.GetValue(batch), 1, 1000), ct);
        });
        return command;
    }

    private static async Task<int> Send(DemoStoreGenerator generator, ApiTarget target, int batchSize, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using (var admin = new RetailApi(target with { Store = null }))
        {
            try
            {
                var created = await admin.Run("mutation($id:String!){ createStore(id:$id, name:\"Demo Store\"){ id storefrontKey } }", new { id = target.Store }, ct);
                Console.WriteLine($"created store '{target.Store}', storefront key {created["createStore"]!["storefrontKey"]}");
            }
            catch (InvalidOperationException e) when (e.Message.Contains("already exists")) { }
        }
        using var api = new RetailApi(target);
        var failures = 0;
        failures += await SendAll(api, "products", "mutation($x:[ProductInput!]!){ r: importProducts(products:$x){ imported rejected errors { index message } } }",
            generator.Products(), generator.CatalogProducts.Count, batchSize, ct);
        failures += await SendAll(api, "customers", "mutation($x:[CustomerInput!]!){ r: importCustomers(customers:$x){ imported rejected errors { index message } } }",
            generator.Customers(), generator.CatalogCustomers.Count, batchSize, ct);
        var total = generator.Events().LongCount();
        failures += await SendAll(api, "events", "mutation($x:[EventInput!]!){ r: trackEvents(events:$x){ accepted duplicates rejected errors { index message } } }",
            generator.Events(), total, batchSize, ct);
        Console.WriteLine($"done: demo store (seed {generator.Options.Seed}) sent to '{target.Store}' in {clock.Elapsed.TotalSeconds:F1} s, {failures} rejected");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<int> SendAll<T>(RetailApi api, string kind, string mutation, IEnumerable<T> items, long total, int batchSize, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long sent = 0, stored = 0, duplicates = 0, rejected = 0;
        var lastPrint = TimeSpan.Zero;
        foreach (var batch in items.Chunk(batchSize))
        {
            var data = await api.Run(mutation, new Dictionary<string, object> { ["x"] = JsonSerializer.SerializeToNode(batch, Json)! }, ct);
            var r = data["r"]!;
            stored += (r["imported"] ?? r["accepted"])!.GetValue<int>();
            duplicates += r["duplicates"]?.GetValue<int>() ?? 0;
            rejected += r["rejected"]!.GetValue<int>();
            foreach (var e in r["errors"]!.AsArray())
                Console.Error.WriteLine($"  rejected {kind} record {sent + e!["index"]!.GetValue<int>() + 1}: {e["message"]}");
            sent += batch.Length;
            if (clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(2) || sent == total)
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine($"{kind}: {sent:N0}/{total:N0} sent, {stored:N0} stored, {duplicates:N0} duplicates, {rejected:N0} rejected ({sent / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s)");
            }
        }
        return (int)rejected;
    }

    private static async Task<int> Write(DemoStoreGenerator generator, DirectoryInfo directory, CancellationToken ct)
    {
        directory.Create();
        var products = generator.Products().ToList();
        WriteProducts(products, Path.Combine(directory.FullName, "products.csv"));
        WriteCustomers(generator.Customers(), Path.Combine(directory.FullName, "customers.csv"));
        long events = 0;
        await using (var writer = new StreamWriter(Path.Combine(directory.FullName, "events.jsonl")))
        {
            foreach (var e in generator.Events())
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(e, Json).AsMemory(), ct);
                events++;
            }
        }
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "ground-truth.json"),
            JsonSerializer.Serialize(generator.GroundTruth, new JsonSerializerOptions(Json) { WriteIndented = true }), ct);
        Console.WriteLine($"wrote {products.Count:N0} products, {generator.CatalogCustomers.Count:N0} customers, {events:N0} events and ground-truth.json to {directory.FullName}");
        return 0;
    }

    // One column per ProductInput field, then one per attribute name: the import verb reads the extra columns back as attributes.
    private static void WriteProducts(List<ProductInput> products, string path)
    {
        var attributes = products.SelectMany(p => p.Attributes ?? []).Select(a => a.Name!).Distinct().ToList();
        using var csv = new CsvWriter(new StreamWriter(path), CultureInfo.InvariantCulture);
        foreach (var header in new[] { "id", "title", "description", "brand", "category", "price", "currency", "stock" }.Concat(attributes)) csv.WriteField(header);
        csv.NextRecord();
        foreach (var p in products)
        {
            csv.WriteField(p.Id); csv.WriteField(p.Title); csv.WriteField(p.Description); csv.WriteField(p.Brand); csv.WriteField(p.Category);
            csv.WriteField(p.Price?.ToString(CultureInfo.InvariantCulture)); csv.WriteField(p.Currency); csv.WriteField(p.Stock?.ToString(CultureInfo.InvariantCulture));
            foreach (var name in attributes) csv.WriteField(p.Attributes?.FirstOrDefault(a => a.Name == name)?.Value);
            csv.NextRecord();
        }
    }

    private static void WriteCustomers(IEnumerable<CustomerInput> customers, string path)
    {
        using var csv = new CsvWriter(new StreamWriter(path), CultureInfo.InvariantCulture);
        foreach (var header in new[] { "id", "email", "name", "country", "createdAt" }) csv.WriteField(header);
        csv.NextRecord();
        foreach (var c in customers)
        {
            csv.WriteField(c.Id); csv.WriteField(c.Email); csv.WriteField(c.Name); csv.WriteField(c.Country);
            csv.WriteField(c.CreatedAt?.ToString("o", CultureInfo.InvariantCulture));
            csv.NextRecord();
        }
    }
}

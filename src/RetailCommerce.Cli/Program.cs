using System.CommandLine;
using RetailCommerce.Cli;

var url = new Option<string>("--url") { Description = "Host base URL", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RETAIL_URL") ?? "http://127.0.0.1:5000" };
var token = new Option<string?>("--token") { Description = "Admin token (or RETAIL_ADMIN_TOKEN)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RETAIL_ADMIN_TOKEN") };
var store = new Option<string?>("--store") { Description = "Store id (X-Store) for admin calls" };
var storeKey = new Option<string?>("--store-key") { Description = "Storefront key (events only)" };
var file = new Option<FileInfo>("--file") { Description = "CSV (header row) or .jsonl file", Required = true };
var batch = new Option<int>("--batch") { Description = "Records per request", DefaultValueFactory = _ => 1000 };

var import = new Command("import", "Load records from a file into a store through the GraphQL API");
foreach (var kind in new[] { "products", "customers", "events" })
{
    var command = new Command(kind, $"Import {kind}") { url, token, store, storeKey, file, batch };
    command.SetAction((parse, ct) => Importer.Run(
        new ApiTarget(parse.GetValue(url)!, parse.GetValue(token), parse.GetValue(store), parse.GetValue(storeKey)),
        kind, parse.GetValue(file)!.FullName, Math.Clamp(parse.GetValue(batch), 1, 1000), ct));
    import.Subcommands.Add(command);
}

var events = new Option<int>("--events") { DefaultValueFactory = _ => 100_000, Description = "Events to send" };
var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 4, Description = "Concurrent clients" };
var products = new Option<int>("--products") { DefaultValueFactory = _ => 2_000, Description = "Products in the benchmark store" };
var benchBatch = new Option<int>("--batch") { DefaultValueFactory = _ => 500, Description = "Events per trackEvents call" };
var ingest = new Command("ingest", "Event ingest load run: throughput, latency, and none lost") { url, token, store, events, benchBatch, concurrency, products };
ingest.SetAction((parse, ct) => IngestBenchmark.Run(
    new ApiTarget(parse.GetValue(url)!, parse.GetValue(token), parse.GetValue(store), null),
    parse.GetValue(events), parse.GetValue(benchBatch), parse.GetValue(concurrency), parse.GetValue(products), ct));
var bench = new Command("bench", "Benchmarks against a running host") { ingest };

var root = new RootCommand("RetailCommerce command line") { import, bench, DemoCommand.Create(url, token, store) };
return await root.Parse(args).InvokeAsync();

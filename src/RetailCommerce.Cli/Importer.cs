using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RetailCommerce.Cli;

/// <summary>Sends records in batches through the public import mutations, printing progress and every rejection.</summary>
public static class Importer
{
    private static readonly Dictionary<string, (string Mutation, string Argument, string Field)> Kinds = new()
    {
        ["products"] = ("mutation($x:[ProductInput!]!){ r: importProducts(products:$x){ imported rejected errors { index message } } }", "x", "imported"),
        ["customers"] = ("mutation($x:[CustomerInput!]!){ r: importCustomers(customers:$x){ imported rejected errors { index message } } }", "x", "imported"),
        ["events"] = ("mutation($x:[EventInput!]!){ r: trackEvents(events:$x){ accepted duplicates rejected errors { index message } } }", "x", "accepted"),
    };

    public static async Task<int> Run(ApiTarget target, string kind, string file, int batchSize, CancellationToken ct)
    {
        if (!Kinds.TryGetValue(kind, out var spec)) { Console.Error.WriteLine($"unknown kind '{kind}' (products, customers, events)"); return 2; }
        using var api = new RetailApi(target);
        var clock = Stopwatch.StartNew();
        long sent = 0, stored = 0, rejected = 0, duplicates = 0;
        foreach (var batch in InputFiles.Read(file, kind).Chunk(batchSize))
        {
            var data = await api.Run(spec.Mutation, new Dictionary<string, object> { [spec.Argument] = new JsonArray(batch.Select(b => (JsonNode)b).ToArray()) }, ct);
            var r = data["r"]!;
            stored += r[spec.Field]!.GetValue<int>();
            rejected += r["rejected"]!.GetValue<int>();
            duplicates += r["duplicates"]?.GetValue<int>() ?? 0;
            foreach (var e in r["errors"]!.AsArray())
                Console.Error.WriteLine($"  rejected record {sent + e!["index"]!.GetValue<int>() + 1}: {e["message"]}");
            sent += batch.Length;
            Console.WriteLine($"{kind}: {sent} read, {stored} stored, {duplicates} duplicates, {rejected} rejected ({sent / Math.Max(clock.Elapsed.TotalSeconds, 0.001):F0}/s)");
        }
        Console.WriteLine($"done: {kind} {stored} stored, {duplicates} duplicates, {rejected} rejected in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}

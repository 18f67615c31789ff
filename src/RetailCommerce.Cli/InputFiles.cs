using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;

namespace RetailCommerce.Cli;

/// <summary>
/// Reads records from CSV (header row; columns named as the GraphQL input fields) or JSON lines (one input
/// object per line). In product CSVs, columns that are not ProductInput fields become attributes.
/// </summary>
public static class InputFiles
{
    private static readonly HashSet<string> ProductFields = new(StringComparer.OrdinalIgnoreCase)
        { "id", "title", "description", "brand", "category", "price", "currency", "stock", "imageUrl" };
    private static readonly HashSet<string> NumberFields = new(StringComparer.OrdinalIgnoreCase) { "price", "stock", "quantity" };
    private static readonly HashSet<string> ContextFields = new(StringComparer.OrdinalIgnoreCase) { "device", "referrer", "country" };

    /// <summary>The records of a file as GraphQL input objects.</summary>
    public static IEnumerable<JsonObject> Read(string path, string kind)
    {
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var line in File.ReadLines(path))
                if (!string.IsNullOrWhiteSpace(line)) yield return JsonNode.Parse(line)!.AsObject();
            yield break;
        }
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { MissingFieldFound = null, BadDataFound = null });
        csv.Read();
        csv.ReadHeader();
        var headers = csv.HeaderRecord ?? [];
        while (csv.Read())
        {
            var record = new JsonObject();
            var attributes = new JsonArray();
            var context = new JsonObject();
            foreach (var header in headers)
            {
                var value = csv.GetField(header);
                if (string.IsNullOrEmpty(value)) continue;
                if (kind == "products" && !ProductFields.Contains(header)) attributes.Add(new JsonObject { ["name"] = header, ["value"] = value });
                else if (kind == "events" && ContextFields.Contains(header)) context[header] = value;
                else if (NumberFields.Contains(header) && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                    record[header] = header.Equals("price", StringComparison.OrdinalIgnoreCase) ? JsonValue.Create(number) : JsonValue.Create((int)number);
                else record[header] = value;
            }
            if (attributes.Count > 0) record["attributes"] = attributes;
            if (context.Count > 0) record["context"] = context;
            yield return record;
        }
    }
}

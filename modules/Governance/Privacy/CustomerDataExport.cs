using RetailCommerce.Customers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RetailCommerce.Consent;
using Marten;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Governance.Consent;

namespace RetailCommerce.Modules.Governance.Privacy;

/// <summary>
/// Right of access: everything the store holds about one customer as one JSON document — the customer record,
/// profile, consent state and history, every event of their own and linked session streams, module streams keyed
/// by them, AI decisions about them, every other document or event that mentions them, and what each
/// <see cref="ICustomerDataHolder"/> contributes.
/// </summary>
public sealed class CustomerDataExport(StoreTables tables, CustomerFootprints footprints, ConsentBook consent,
    IEnumerable<ICustomerDataHolder> holders, TimeProvider clock)
{
    // Names, never numbers, for what the shopper reads: purposes as the API spells them (personalization,
    // marketing, analytics, ai_assistant), every other enum (the default mode: opt_in / opt_out) in snake case.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new ConsentPurposeNameConverter(), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The export; NOT_FOUND when the store holds nothing about the customer.</summary>
    public async Task<JsonObject> ExportAsync(string storeId, string customerId, CancellationToken ct)
    {
        var footprint = await footprints.FindAsync(storeId, customerId, ct);
        if (!footprint.Exists)
            throw new RetailError(ErrorCodes.NotFound, $"customerId: the store holds no data about customer '{customerId}'.", "customerId");

        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal) { [customerId] = customerId };
        var data = new PersonalData(identifiers, footprint.Customer?.Email, footprint.Customer?.Name is { } n ? [n] : []);
        var (owner, connection) = await tables.OpenAsync(ct);
        await using var _ = owner;

        var streamEvents = await DocumentScan.StreamEventsAsync(tables, connection, storeId, footprint.AllStreams.ToList(), ct);
        var otherEvents = await DocumentScan.OtherEventsAsync(tables, connection, storeId, data, footprint.AllStreams.ToList(), ct);
        var documents = await DocumentScan.DocumentsAsync(tables, connection, storeId, data, [customerId, .. footprint.AllStreams], ct);

        var export = new JsonObject
        {
            ["customerId"] = customerId,
            ["storeId"] = storeId,
            ["exportedAt"] = clock.GetUtcNow(),
            ["customer"] = footprint.Customer is null ? null : JsonSerializer.SerializeToNode(footprint.Customer, Json),
            ["profile"] = Parse(documents.FirstOrDefault(d => d.Table == "mt_doc_shopperprofile" && d.Id == customerId)?.Data),
            ["consent"] = JsonSerializer.SerializeToNode(await consent.ViewAsync(storeId, customerId, ct), Json),
            ["linkedSessions"] = new JsonArray(footprint.LinkedSessions.Select(s => (JsonNode)s).ToArray()),
            ["events"] = Events(streamEvents.Where(e => !e.StreamId.StartsWith(ShopperStreams.ModulePrefix, StringComparison.Ordinal))),
            ["moduleStreams"] = new JsonObject(streamEvents.Where(e => e.StreamId.StartsWith(ShopperStreams.ModulePrefix, StringComparison.Ordinal))
                .GroupBy(e => e.StreamId).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)Events(g)))),
            ["searches"] = new JsonArray(footprint.Queries.Select(q => (JsonNode)q).ToArray()),
            ["mentionedInEvents"] = Events(otherEvents),
            ["documents"] = new JsonArray(documents.Select(d => (JsonNode)new JsonObject
            {
                ["table"] = d.Table, ["id"] = d.Id, ["data"] = Parse(d.Data),
            }).ToArray()),
        };
        var contributions = new JsonObject();
        foreach (var holder in holders)
            contributions[holder.Name] = await holder.ExportAsync(storeId, customerId, ct);
        export["contributions"] = contributions;
        return export;
    }

    private static JsonArray Events(IEnumerable<StoredEventRow> rows) =>
        new(rows.Select(e => (JsonNode)new JsonObject
        {
            ["stream"] = e.StreamId, ["version"] = e.Version, ["type"] = e.Type, ["timestamp"] = e.Timestamp, ["data"] = Parse(e.Data),
        }).ToArray());

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}

/// <summary>Writes a <see cref="ConsentPurpose"/> as its API name (<see cref="ConsentPurposes.NameOf"/>) and reads it back.</summary>
public sealed class ConsentPurposeNameConverter : JsonConverter<ConsentPurpose>
{
    public override ConsentPurpose Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ConsentPurposes.Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, ConsentPurpose value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ConsentPurposes.NameOf(value));
}

using Npgsql;

namespace RetailCommerce.Modules.Governance.Privacy;

/// <summary>A document row that mentions a customer.</summary>
public sealed record MentioningDocument(string Table, string Id, string Data, bool IdIsText);

/// <summary>An event row.</summary>
public sealed record StoredEventRow(long Sequence, string StreamId, long Version, string Type, DateTimeOffset Timestamp, string Data);

/// <summary>The generic searches behind export and erasure: documents and events that mention a customer.</summary>
internal static class DocumentScan
{
    /// <summary>Document rows of the store whose id is one of <paramref name="exactIds"/> or whose id or JSON mentions the customer.</summary>
    public static async Task<List<MentioningDocument>> DocumentsAsync(StoreTables tables, NpgsqlConnection connection, string storeId,
        PersonalData data, IReadOnlyCollection<string> exactIds, CancellationToken ct)
    {
        var result = new List<MentioningDocument>();
        var text = data.TextPattern();
        foreach (var table in (await tables.ListAsync(connection, ct)).Where(t => t.IsDocumentTable && t.HasTenant))
        {
            await using var cmd = new NpgsqlCommand($"""
                select id::text, data::text from {tables.Qualified(table.Name)}
                where tenant_id = @t and (id::text = any(@keys) or id::text ~ @ids or data::text ~ @ids{(text is null ? "" : " or data::text ~* @texts")})
                """, connection);
            cmd.Parameters.AddWithValue("t", storeId);
            cmd.Parameters.AddWithValue("keys", exactIds.ToArray());
            cmd.Parameters.AddWithValue("ids", data.IdentifierPattern(escapeForPostgres: true));
            if (text is not null) cmd.Parameters.AddWithValue("texts", text);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) result.Add(new MentioningDocument(table.Name, r.GetString(0), r.GetString(1), table.Column("id")!.IsText));
        }
        return result;
    }

    /// <summary>Events of the given streams, in order.</summary>
    public static Task<List<StoredEventRow>> StreamEventsAsync(StoreTables tables, NpgsqlConnection connection, string storeId,
        IReadOnlyCollection<string> streams, CancellationToken ct) =>
        EventsAsync(connection, $"""
            select seq_id, stream_id, version, type, timestamp, data::text from {tables.Qualified("mt_events")}
            where tenant_id = @t and stream_id = any(@s) order by seq_id
            """, ct, ("t", storeId), ("s", streams.ToArray()));

    /// <summary>Events of other streams whose data mentions the customer.</summary>
    public static Task<List<StoredEventRow>> OtherEventsAsync(StoreTables tables, NpgsqlConnection connection, string storeId,
        PersonalData data, IReadOnlyCollection<string> excludedStreams, CancellationToken ct)
    {
        var text = data.TextPattern();
        var parameters = new List<(string, object)> { ("t", storeId), ("s", excludedStreams.ToArray()), ("ids", data.IdentifierPattern(escapeForPostgres: true)) };
        if (text is not null) parameters.Add(("texts", text));
        return EventsAsync(connection, $"""
            select seq_id, stream_id, version, type, timestamp, data::text from {tables.Qualified("mt_events")}
            where tenant_id = @t and stream_id <> all(@s) and (data::text ~ @ids{(text is null ? "" : " or data::text ~* @texts")}) order by seq_id
            """, ct, parameters.ToArray());
    }

    private static async Task<List<StoredEventRow>> EventsAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        var rows = new List<StoredEventRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new StoredEventRow(r.GetInt64(0), r.GetString(1), Convert.ToInt64(r.GetValue(2)), r.GetString(3),
                r.GetFieldValue<DateTimeOffset>(4), r.GetString(5)));
        return rows;
    }
}

using Marten;
using Npgsql;

namespace RetailCommerce.Modules.Governance.Privacy;

/// <summary>A table of the store's PostgreSQL schema and its columns.</summary>
public sealed record StoreTable(string Name, IReadOnlyList<StoreColumn> Columns)
{
    public bool HasTenant => Columns.Any(c => c.Name == "tenant_id");
    public StoreColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
    /// <summary>A Marten document table (<c>mt_doc_*</c> with id and data).</summary>
    public bool IsDocumentTable => Name.StartsWith("mt_doc_", StringComparison.Ordinal) && Column("data") is not null && Column("id") is not null;
}

/// <summary>A column and its PostgreSQL type name.</summary>
public sealed record StoreColumn(string Name, string DataType)
{
    public bool IsText => DataType is "text" or "character varying" or "character" or "varchar";
    public bool IsJson => DataType is "jsonb" or "json";
}

/// <summary>
/// Raw access to the Marten schema (<c>retail</c>) for what Marten's API has no verb for: finding every row
/// that mentions a customer across all document tables, and re-keying event streams. Every statement filters on
/// <c>tenant_id</c> where the table has one, because raw SQL bypasses Marten's tenant filter.
/// </summary>
public sealed class StoreTables(IDocumentStore store)
{
    /// <summary>The Marten schema name.</summary>
    public string Schema => store.Options.DatabaseSchemaName;

    /// <summary>A quoted, schema-qualified table name.</summary>
    public string Qualified(string table) => $"\"{Schema}\".\"{table}\"";

    /// <summary>Opens a connection of its own to the store database (outside any Marten session's transaction).</summary>
    public async Task<(IAsyncDisposable Owner, NpgsqlConnection Connection)> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return (connection, connection);
    }

    /// <summary>Every base table of the schema with its columns.</summary>
    public async Task<IReadOnlyList<StoreTable>> ListAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            select c.table_name, c.column_name, c.data_type
            from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = @schema and t.table_type = 'BASE TABLE'
            order by c.table_name, c.ordinal_position
            """, connection);
        cmd.Parameters.AddWithValue("schema", Schema);
        var columns = new List<(string Table, StoreColumn Column)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                columns.Add((reader.GetString(0), new StoreColumn(reader.GetString(1), reader.GetString(2))));
        return columns.GroupBy(c => c.Table).Select(g => new StoreTable(g.Key, g.Select(x => x.Column).ToList())).ToList();
    }

    /// <summary>
    /// The tables where rows of the store still mention the customer: every column cast to text, identifiers as
    /// whole tokens, the e-mail anywhere, the name and free texts as whole JSON string values or whole column
    /// values. The same test an auditor's scan would make; used to verify an erasure.
    /// </summary>
    public async Task<List<string>> FindMentionsAsync(NpgsqlConnection connection, string storeId, PersonalData data, CancellationToken ct)
    {
        var found = new List<string>();
        foreach (var table in await ListAsync(connection, ct))
        {
            var conditions = new List<string>();
            var cmd = new NpgsqlCommand { Connection = connection };
            cmd.Parameters.AddWithValue("ids", data.IdentifierPattern(escapeForPostgres: true));
            var text = data.TextPattern();
            if (text is not null) cmd.Parameters.AddWithValue("texts", text);
            cmd.Parameters.AddWithValue("values", data.WholeValues.ToArray());
            foreach (var column in table.Columns.Where(c => c.Name != "tenant_id"))
            {
                var expr = $"\"{column.Name}\"::text";
                conditions.Add($"{expr} ~ @ids");
                if (text is not null) conditions.Add($"{expr} ~* @texts");
                if (column.IsText) conditions.Add($"\"{column.Name}\" = any(@values)");
            }
            var tenant = table.HasTenant ? "tenant_id = @tenant and " : "";
            cmd.Parameters.AddWithValue("tenant", storeId);
            cmd.CommandText = $"select count(*) from {Qualified(table.Name)} where {tenant}({string.Join(" or ", conditions)})";
            await using (cmd)
            {
                var n = (long)(await cmd.ExecuteScalarAsync(ct))!;
                if (n > 0) found.Add($"{table.Name} ({n})");
            }
        }
        return found;
    }
}

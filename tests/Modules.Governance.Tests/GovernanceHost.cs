using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace RetailCommerce.Modules.Governance.Tests;

/// <summary>The real host with Governance, Loyalty and Insights installed, on its own private PostgreSQL.</summary>
public sealed class GovernanceHost() : RetailHost([typeof(Startup).Assembly, typeof(Loyalty.Startup).Assembly, typeof(Insights.Startup).Assembly, typeof(Assistant.Startup).Assembly])
{
    public Task CatchUp() => Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    /// <summary>Runs a scalar SQL query against the store database.</summary>
    public async Task<T> Scalar<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().LightweightSession();
        var connection = (NpgsqlConnection)session.Connection!;
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T));
    }

    /// <summary>Rows of a query as strings (first column).</summary>
    public async Task<List<string>> Strings(string sql, params (string Name, object Value)[] parameters)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().LightweightSession();
        var connection = (NpgsqlConnection)session.Connection!;
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.IsDBNull(0) ? "" : r.GetValue(0).ToString()!);
        return list;
    }

    /// <summary>
    /// The auditor's scan: every table of the <c>retail</c> schema, the whole row cast to text (tenant-filtered where the
    /// table has a tenant_id), case-insensitive substring search. Returns "table: n" for each table that matches.
    /// </summary>
    public async Task<List<string>> ScanAll(string storeId, string needle)
    {
        var tables = await Strings("select table_name from information_schema.tables where table_schema = 'retail' and table_type = 'BASE TABLE'");
        var hits = new List<string>();
        foreach (var table in tables)
        {
            var hasTenant = await Scalar<long>("select count(*) from information_schema.columns where table_schema = 'retail' and table_name = @t and column_name = 'tenant_id'", ("t", table)) > 0;
            var n = await Scalar<long>($"select count(*) from retail.\"{table}\" x where {(hasTenant ? "x.tenant_id = @s and " : "")}strpos(lower(x::text), lower(@n)) > 0",
                ("s", storeId), ("n", needle));
            if (n > 0) hits.Add($"{table}: {n}");
        }
        return hits;
    }
}

[CollectionDefinition(Name)]
public sealed class GovernanceHostCollection : ICollectionFixture<GovernanceHost>
{
    public const string Name = "governance-host";
}

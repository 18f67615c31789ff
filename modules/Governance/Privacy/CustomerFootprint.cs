using Marten;
using Npgsql;
using RetailCommerce.Customers;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Governance.Privacy;

/// <summary>
/// Where one customer's data lives in a store: their record, their shopper stream, the anonymous session streams
/// linked to them at sign-in, the module streams keyed by them (<c>module:&lt;any&gt;:&lt;customerId&gt;</c>),
/// and the texts they typed.
/// </summary>
public sealed class CustomerFootprint
{
    public required string CustomerId { get; init; }
    public Customer? Customer { get; init; }
    /// <summary>The customer's stream (when it exists) and linked session streams (<c>session:&lt;id&gt;</c>).</summary>
    public required IReadOnlyList<string> ShopperStreams { get; init; }
    /// <summary>Session ids linked to the customer.</summary>
    public required IReadOnlyList<string> LinkedSessions { get; init; }
    /// <summary>Module streams keyed by the customer.</summary>
    public required IReadOnlyList<string> ModuleStreams { get; init; }
    /// <summary>Distinct search texts in the customer's shopper streams.</summary>
    public required IReadOnlyList<string> Queries { get; init; }

    /// <summary>Erasure requests naming the customer (kept, pseudonymized, after an erasure; see <see cref="ErasureRequests"/>).</summary>
    public IReadOnlyList<ErasureRequest> ErasureRequests { get; init; } = [];

    /// <summary>True when the store holds anything about the customer (a lone erasure request counts: it names them).</summary>
    public bool Exists => Customer is not null || ShopperStreams.Count > 0 || ModuleStreams.Count > 0 || ErasureRequests.Count > 0;

    /// <summary>Every stream key of the customer.</summary>
    public IEnumerable<string> AllStreams => ShopperStreams.Concat(ModuleStreams);
}

/// <summary>Finds a customer's footprint with a handful of indexed queries.</summary>
public sealed class CustomerFootprints(IDocumentStore store, StoreTables tables)
{
    public async Task<CustomerFootprint> FindAsync(string storeId, string customerId, CancellationToken ct)
    {
        await using var session = store.QuerySession(storeId);
        var customer = await session.LoadAsync<Customer>(customerId, ct);
        var links = await session.Query<SessionLink>().Where(l => l.CustomerId == customerId).Select(l => l.Id).ToListAsync(ct);
        var requests = await session.Query<ErasureRequest>().Where(r => r.CustomerId == customerId).ToListAsync(ct);

        var (owner, connection) = await tables.OpenAsync(ct);
        await using var _ = owner;
        var events = tables.Qualified("mt_events");
        var streams = tables.Qualified("mt_streams");

        // Sessions named by link events in the customer's own stream (in case a link document is missing).
        var linked = new HashSet<string>(links, StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand($"""
            select distinct data ->> 'SessionId' from {events}
            where tenant_id = @t and stream_id = @c and type = 'session_linked_to_customer'
            """, connection))
        {
            cmd.Parameters.AddWithValue("t", storeId);
            cmd.Parameters.AddWithValue("c", customerId);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) if (!r.IsDBNull(0)) linked.Add(r.GetString(0));
        }

        var candidates = linked.Select(s => RetailCommerce.ShopperStreams.SessionPrefix + s).Append(customerId).ToArray();
        var shopperStreams = new List<string>();
        var moduleStreams = new List<string>();
        await using (var cmd = new NpgsqlCommand($"""
            select id from {streams} where tenant_id = @t and (id = any(@keys) or (id like 'module:%' and id ~ @module))
            """, connection))
        {
            cmd.Parameters.AddWithValue("t", storeId);
            cmd.Parameters.AddWithValue("keys", candidates);
            cmd.Parameters.AddWithValue("module", "^module:[^:]+:" + PersonalData.PgEscape(customerId) + "$");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var id = r.GetString(0);
                (id.StartsWith(RetailCommerce.ShopperStreams.ModulePrefix, StringComparison.Ordinal) ? moduleStreams : shopperStreams).Add(id);
            }
        }

        var queries = new List<string>();
        if (shopperStreams.Count > 0)
        {
            await using var cmd = new NpgsqlCommand($"""
                select distinct data ->> 'Query' from {events}
                where tenant_id = @t and stream_id = any(@s) and data ->> 'Query' is not null
                """, connection);
            cmd.Parameters.AddWithValue("t", storeId);
            cmd.Parameters.AddWithValue("s", shopperStreams.ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) queries.Add(r.GetString(0));
        }

        return new CustomerFootprint
        {
            CustomerId = customerId, Customer = customer, ShopperStreams = shopperStreams, ModuleStreams = moduleStreams,
            LinkedSessions = linked.Order(StringComparer.Ordinal).ToList(), Queries = queries, ErasureRequests = requests,
        };
    }
}

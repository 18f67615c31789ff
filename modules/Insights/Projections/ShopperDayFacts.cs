using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using RetailCommerce.Tracking;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace RetailCommerce.Modules.Insights.Projections;

/// <summary>
/// The distinct things Insights counts per store day — sessions (and how far down the funnel each got), visitors
/// and orders — kept as rows of three narrow tables keyed by (store, day, key). Sessions per day = rows per day;
/// visitors or orders over a range = distinct keys over the range.
/// </summary>
/// <remarks>
/// Why rows written by one set-based statement and not one document per session: "is this the session's first
/// event today?" needs state, and a document per session-day made the async daemon load, deserialize and rewrite
/// about one JSON document per event (100,000 per 100,000 events). Here each batch is folded in memory to one row
/// per key, and each table gets one <c>insert … on conflict</c> per batch whose update is an OR of the funnel flags.
/// OR and "exists" are idempotent and order-free, so the counts are exact however the daemon batches events.
/// </remarks>
public sealed class ShopperDayFacts : IProjection
{
    /// <summary>One row per (store, day, session): the session's funnel flags on that day.</summary>
    public const string SessionTable = "insights_session_day";
    /// <summary>One row per (store, day, visitor).</summary>
    public const string VisitorTable = "insights_visitor_day";
    /// <summary>One row per (store, day, order) that had a purchase line that day.</summary>
    public const string OrderTable = "insights_order_day";
    /// <summary>Key column of <see cref="VisitorTable"/>.</summary>
    public const string VisitorKey = "visitor";
    /// <summary>Key column of <see cref="OrderTable"/>.</summary>
    public const string OrderKey = "order_id";

    private readonly string _schema;

    /// <summary>The projection writing into <paramref name="schema"/> (Marten's own schema).</summary>
    public ShopperDayFacts(string schema) => _schema = schema;

    /// <summary>The three tables, created and migrated with Marten's schema at start.</summary>
    public static IEnumerable<Table> Tables(string schema)
    {
        var sessions = KeyedByDay(schema, SessionTable, "session");
        foreach (var flag in new[] { "viewed", "added_to_cart", "checked_out", "purchased" })
            sessions.AddColumn(flag, "boolean").NotNull().DefaultValueByExpression("false");
        return [sessions, KeyedByDay(schema, VisitorTable, VisitorKey), KeyedByDay(schema, OrderTable, OrderKey)];
    }

    private static Table KeyedByDay(string schema, string name, string key)
    {
        var table = new Table(new PostgresqlObjectName(schema, name));
        table.AddColumn("tenant_id", "varchar").AsPrimaryKey();
        table.AddColumn("day", "date").AsPrimaryKey();
        table.AddColumn(key, "varchar").AsPrimaryKey();
        return table;
    }

    /// <summary>Folds one daemon batch into rows and queues one upsert per table.</summary>
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var sessions = new Dictionary<(string Store, DateOnly Day, string Key), SessionFlags>();
        var visitors = new HashSet<(string Store, DateOnly Day, string Key)>();
        var orders = new HashSet<(string Store, DateOnly Day, string Key)>();
        foreach (var e in events)
        {
            // Returns are not shopper activity (merchants usually record them from their back office): no session.
            if (e.Data is not ShopperEvent shopper || shopper is ItemReturned) continue;
            var day = ShopperKeys.DayOf(shopper);
            var session = (e.TenantId, day, ShopperKeys.SessionOf(shopper));
            sessions[session] = sessions.GetValueOrDefault(session) | FunnelStage(shopper);
            visitors.Add((e.TenantId, day, ShopperKeys.VisitorOf(shopper)));
            if (shopper is ItemPurchased { OrderId: { } order }) orders.Add((e.TenantId, day, order));
        }

        if (sessions.Count > 0)
        {
            var rows = sessions.ToArray();
            operations.QueueSqlCommand($"""
                insert into {_schema}.{SessionTable} as t (tenant_id, day, session, viewed, added_to_cart, checked_out, purchased)
                select * from unnest(?::varchar[], ?::date[], ?::varchar[], ?::boolean[], ?::boolean[], ?::boolean[], ?::boolean[])
                on conflict (tenant_id, day, session) do update set
                    viewed = t.viewed or excluded.viewed, added_to_cart = t.added_to_cart or excluded.added_to_cart,
                    checked_out = t.checked_out or excluded.checked_out, purchased = t.purchased or excluded.purchased
                """,
                rows.Select(r => r.Key.Store).ToArray(), rows.Select(r => r.Key.Day).ToArray(), rows.Select(r => r.Key.Key).ToArray(),
                rows.Select(r => r.Value.HasFlag(SessionFlags.Viewed)).ToArray(), rows.Select(r => r.Value.HasFlag(SessionFlags.AddedToCart)).ToArray(),
                rows.Select(r => r.Value.HasFlag(SessionFlags.CheckedOut)).ToArray(), rows.Select(r => r.Value.HasFlag(SessionFlags.Purchased)).ToArray());
        }
        QueueKeys(operations, VisitorTable, VisitorKey, visitors);
        QueueKeys(operations, OrderTable, OrderKey, orders);
        return Task.CompletedTask;
    }

    private static SessionFlags FunnelStage(ShopperEvent e) => e switch
    {
        ProductViewed => SessionFlags.Viewed,
        AddedToCart => SessionFlags.AddedToCart,
        CheckoutStarted => SessionFlags.CheckedOut,
        ItemPurchased => SessionFlags.Purchased,
        _ => SessionFlags.None,
    };

    private void QueueKeys(IDocumentOperations operations, string table, string key, HashSet<(string Store, DateOnly Day, string Key)> rows)
    {
        if (rows.Count == 0) return;
        operations.QueueSqlCommand($"""
            insert into {_schema}.{table} (tenant_id, day, {key})
            select * from unnest(?::varchar[], ?::date[], ?::varchar[])
            on conflict do nothing
            """,
            rows.Select(r => r.Store).ToArray(), rows.Select(r => r.Day).ToArray(), rows.Select(r => r.Key).ToArray());
    }

}

/// <summary>How far down the funnel a session got.</summary>
[Flags]
internal enum SessionFlags
{
    None = 0, Viewed = 1, AddedToCart = 2, CheckedOut = 4, Purchased = 8,
}

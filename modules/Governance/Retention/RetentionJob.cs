using Marten;
using Npgsql;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Governance.Decisions;
using RetailCommerce.Modules.Governance.Privacy;
using RetailCommerce.Modules.Governance.Settings;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Governance.Retention;

/// <summary>
/// <c>governance.retention</c>: applies the store's retention periods. Ages are measured on the store's clock (its
/// latest event, as everywhere in the platform), so history loaded today ages as it did in its own time. Only events
/// every async projection has already consumed are touched, so aggregates (daily product stats, store totals, KPIs)
/// keep counting them.
/// </summary>
public sealed class RetentionJob(GovernanceSettingsStore settings, StoreSessions sessions, StoreTables tables, TimeProvider clock) : IStoreJob
{
    public async Task<string> RunAsync(string storeId, CancellationToken ct)
    {
        var periods = (await settings.GetAsync(storeId, ct)).RetentionDays.Where(p => p.Value > 0 && RetentionKinds.All.ContainsKey(p.Key)).ToDictionary();
        if (periods.Count == 0) return "no retention periods set: nothing to do";
        DateTimeOffset? latestEvent;
        await using (var session = sessions.Read(storeId))
            latestEvent = await session.LatestEventAtAsync(ct);
        if (latestEvent is null && !periods.ContainsKey(RetentionKinds.Decisions))
            return "store too small: no events yet";
        var now = latestEvent ?? clock.GetUtcNow();

        var done = new List<string>();
        var (owner, connection) = await tables.OpenAsync(ct);
        await using (owner)
        {
            var processed = await ProcessedUpToAsync(connection, ct);
            var events = tables.Qualified("mt_events");
            const string shopperEvent = "data ? 'OccurredAt' and stream_id not like 'module:%'";
            if (periods.TryGetValue(RetentionKinds.SearchText, out var searchDays))
            {
                var n = await Exec(connection, $"""
                    update {events} set data = jsonb_set(data, @path, to_jsonb(@expired::text))
                    where tenant_id = @t and seq_id <= @processed and {shopperEvent} and data ->> 'Query' is not null and data ->> 'Query' <> @expired
                      and (data ->> 'OccurredAt')::timestamptz < @cutoff
                    """, ct, ("t", storeId), ("processed", processed), ("expired", "[expired]"), ("path", new[] { "Query" }), ("cutoff", now.AddDays(-searchDays)));
                done.Add($"{n} search text(s) older than {searchDays} days expired");
            }
            if (periods.TryGetValue(RetentionKinds.Events, out var eventDays))
            {
                var n = await Exec(connection, $"""
                    delete from {events}
                    where tenant_id = @t and seq_id <= @processed and {shopperEvent} and (data ->> 'OccurredAt')::timestamptz < @cutoff
                    """, ct, ("t", storeId), ("processed", processed), ("cutoff", now.AddDays(-eventDays)));
                // Streams left empty no longer need their row (whose key may be a customer id).
                var streams = await Exec(connection, $"""
                    delete from {tables.Qualified("mt_streams")} s
                    where s.tenant_id = @t and s.id not like 'module:%'
                      and not exists (select 1 from {events} e where e.tenant_id = s.tenant_id and e.stream_id = s.id)
                    """, ct, ("t", storeId));
                done.Add($"{n} event(s) older than {eventDays} days deleted, {streams} empty stream(s) removed");
            }
        }
        if (periods.TryGetValue(RetentionKinds.Decisions, out var decisionDays))
        {
            var cutoff = now.AddDays(-decisionDays);
            await using var session = sessions.Write(storeId);
            var n = await session.Query<AiDecisionRecord>().CountAsync(d => d.At < cutoff, ct);
            session.DeleteWhere<AiDecisionRecord>(d => d.At < cutoff);
            await session.SaveChangesAsync(ct);
            done.Add($"{n} decision(s) older than {decisionDays} days deleted");
        }
        return string.Join("; ", done) + $" (store clock {now:yyyy-MM-dd})";
    }

    // The highest event sequence every async projection has consumed; later events are left alone. Projection rows
    // are named "<projection>:<shard>"; the daemon's own bookkeeping rows (HighWaterMark, …) have no colon.
    private async Task<long> ProcessedUpToAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select coalesce(min(last_seq_id), 0) from {tables.Qualified("mt_event_progression")} where name like '%:%'", connection);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    private static async Task<int> Exec(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}

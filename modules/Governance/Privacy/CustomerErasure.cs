using RetailCommerce.Customers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Governance.Consent;
using RetailCommerce.Modules.Governance.Settings;

namespace RetailCommerce.Modules.Governance.Privacy;

/// <summary>
/// Right to erasure. The customer's events are kept for the aggregates but irreversibly anonymized in place: the
/// customer link, e-mail, typed texts, idempotency keys and referrer paths are removed, session and order ids are
/// replaced by random pseudonyms (one per original, so sessions and orders still count once), and the events are
/// re-keyed from the customer's stream to anonymous <c>session:</c> streams — exactly the shape of a shopper who
/// never signed in. The pseudonym map lives only in memory during the erasure. Everything keyed by the customer
/// (record, profile, consent, module streams such as points ledgers, decisions) is deleted; documents that merely
/// mention the customer (aggregates keyed by visitor, event receipts) get the pseudonym instead, so their counts
/// stay. Events keep their global sequence numbers, so the async projections neither re-count nor miss them.
/// </summary>
/// <remarks>
/// Why not Marten's event data masking (<c>AddMaskingRuleForProtectedInformation</c> + <c>ApplyEventDataMasking</c>):
/// it rewrites event bodies with rules fixed per event type at start-up, but here the stream key itself is the
/// customer id (masking keeps stream ids), and keeping session and order counts exact needs one fresh pseudonym
/// map per erasure. Crypto-shredding would need every writer (the platform's ingest included) to encrypt.
/// </remarks>
public sealed class CustomerErasure(IDocumentStore store, StoreTables tables, CustomerFootprints footprints, ConsentBook consent,
    GovernanceSettingsStore settings, IEnumerable<ICustomerDataHolder> holders, ErasureRequests requests, TimeProvider clock, ILogger<CustomerErasure> logger)
{
    /// <summary>Session ids shorter than this are pseudonymized in events but not searched for in documents (too likely to occur by chance).</summary>
    public const int MinSessionIdLengthForDocuments = 6;

    /// <summary>
    /// Erases the customer and completes their open erasure request, if any; NOT_FOUND (nothing changed) when the
    /// store holds nothing about them.
    /// </summary>
    public async Task<ErasureReport> EraseAsync(string storeId, string customerId, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var footprint = await footprints.FindAsync(storeId, customerId, ct);
        if (!footprint.Exists)
            throw new RetailError(ErrorCodes.NotFound, $"customerId: the store holds no data about customer '{customerId}'.", "customerId");

        var key = (await settings.GetAsync(storeId, ct)).ErasureKey;
        var report = new ErasureReport { SubjectHash = ErasureRecord.SubjectHash(key, customerId), ErasedAt = clock.GetUtcNow() };

        // Mark the id erased first: from now on the consent check withholds every purpose for it, so events that
        // still arrive with this id are stored without the link.
        await using (var session = store.LightweightSession(storeId))
        {
            session.Store(new ErasureRecord { Id = report.SubjectHash, StartedAt = report.ErasedAt });
            await session.SaveChangesAsync(ct);
        }
        consent.Forget(storeId, customerId);

        // Let the async projections finish with the customer's events, so none of them writes a personal document
        // (a profile, a visitor-day) after the sweep below has run.
        await CatchUpProjectionsAsync();

        foreach (var holder in holders)
        {
            var done = await holder.EraseAsync(storeId, customerId, ct);
            report.Holders.Add(new ErasureHolderResult { Name = holder.Name, Deleted = done.Deleted, Anonymized = done.Anonymized, Note = done.Note });
        }

        var (owner, connection) = await tables.OpenAsync(ct);
        await using (owner)
        {
            var plan = await PlanAsync(connection, storeId, footprint, ct);
            report.FreeTextsErased = plan.FreeTexts.Count;
            await using (var tx = await connection.BeginTransactionAsync(ct))
            {
                await Exec(connection, "select pg_advisory_xact_lock(hashtext(@k))", ct, ("k", storeId + "|erase|" + customerId));
                await AnonymizeShopperStreamsAsync(connection, storeId, footprint, plan, report, ct);
                await DeleteModuleStreamsAsync(connection, storeId, footprint, report, ct);
                await ScrubOtherEventsAsync(connection, storeId, footprint, plan, report, ct);
                await SweepDocumentsAsync(connection, storeId, footprint, plan, report, ct);
                await ScrubOtherColumnsAsync(connection, storeId, plan, ct);
                await tx.CommitAsync(ct);
            }
            report.CustomerRecordDeleted = footprint.Customer is not null;
            report.Remaining = await tables.FindMentionsAsync(connection, storeId, plan.Verification, ct);
            report.Verified = report.Remaining.Count == 0;
        }
        consent.Forget(storeId, customerId);
        report.ElapsedMs = watch.ElapsedMilliseconds;

        await using (var session = store.LightweightSession(storeId))
        {
            session.Store(new ErasureRecord { Id = report.SubjectHash, StartedAt = report.ErasedAt, CompletedAt = clock.GetUtcNow(), Report = report });
            await session.SaveChangesAsync(ct);
        }
        // The request is the merchant's proof of having acted: it stays, now naming a pseudonym, and records which
        // erasure (the record's id) answered it and when.
        await requests.CompleteAsync(storeId, footprint.ErasureRequests, report, ct);
        if (!report.Verified) logger.LogWarning("Erasure in store {Store} left possible mentions in {Tables}", storeId, string.Join(", ", report.Remaining));
        return report;
    }

    /// <summary>The pseudonyms and the texts to erase for one run.</summary>
    private sealed class Plan
    {
        public required PersonalData Documents { get; init; }
        public required PersonalData Verification { get; init; }
        public required Dictionary<string, string> Sessions { get; init; }
        public required string NoSession { get; init; }
        public required List<string> FreeTexts { get; init; }
        public required List<StoredEventRow> ShopperEvents { get; init; }
    }

    private async Task<Plan> PlanAsync(NpgsqlConnection connection, string storeId, CustomerFootprint footprint, CancellationToken ct)
    {
        var events = await DocumentScan.StreamEventsAsync(tables, connection, storeId, footprint.ShopperStreams, ct);
        var sessions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in events)
            if (JsonNode.Parse(e.Data) is JsonObject o && Get(o, "SessionId") is { } sid && !sessions.ContainsKey(sid)) sessions[sid] = Pseudonym();
        foreach (var sid in footprint.LinkedSessions) sessions.TryAdd(sid, Pseudonym());

        // Texts the customer typed that nobody else typed: those are blanked out of aggregates (top searches) too.
        // A text others typed as well is not theirs alone, so it stays in the aggregates (their own events lose it anyway).
        var normalized = footprint.Queries.Select(PersonalData.Normalize).Distinct().ToArray();
        var shared = new HashSet<string>(StringComparer.Ordinal);
        if (normalized.Length > 0)
        {
            await using var cmd = new NpgsqlCommand($"""
                select distinct lower(regexp_replace(btrim(data ->> 'Query'), '\s+', ' ', 'g')) as q from {tables.Qualified("mt_events")}
                where tenant_id = @t and stream_id <> all(@s) and data ->> 'Query' is not null
                  and lower(regexp_replace(btrim(data ->> 'Query'), '\s+', ' ', 'g')) = any(@q)
                """, connection);
            cmd.Parameters.AddWithValue("t", storeId);
            cmd.Parameters.AddWithValue("s", footprint.ShopperStreams.ToArray());
            cmd.Parameters.AddWithValue("q", normalized);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) shared.Add(r.GetString(0));
        }
        var freeTexts = footprint.Queries.Where(q => !shared.Contains(PersonalData.Normalize(q)))
            .SelectMany(q => new[] { q, q.Trim(), PersonalData.Normalize(q) }).Distinct(StringComparer.Ordinal).ToList();

        var customerPseudonym = Pseudonym();
        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal) { [footprint.CustomerId] = customerPseudonym };
        foreach (var (sid, pseudonym) in sessions)
            if (sid.Length >= MinSessionIdLengthForDocuments && sid != footprint.CustomerId) identifiers[sid] = pseudonym;
        // Notes the customer wrote on erasure requests are their own words: blanked like search texts.
        var notes = footprint.ErasureRequests.Select(r => r.Note).OfType<string>();
        var wholeValues = freeTexts.Concat(notes).Concat(footprint.Customer?.Name is { } name ? [name] : []).ToList();
        return new Plan
        {
            Documents = new PersonalData(identifiers, footprint.Customer?.Email, wholeValues),
            Verification = new PersonalData(new Dictionary<string, string> { [footprint.CustomerId] = customerPseudonym }, footprint.Customer?.Email, wholeValues),
            Sessions = sessions,
            NoSession = Pseudonym(),
            FreeTexts = freeTexts,
            ShopperEvents = events,
        };
    }

    // The customer's own and linked session streams: events re-keyed to anonymous session streams and stripped.
    private async Task AnonymizeShopperStreamsAsync(NpgsqlConnection connection, string storeId, CustomerFootprint footprint, Plan plan, ErasureReport report, CancellationToken ct)
    {
        if (footprint.ShopperStreams.Count == 0) return;
        var orders = new Dictionary<string, string>(StringComparer.Ordinal);
        var deleted = new List<long>();
        var rewritten = new List<(long Seq, string OldStream, string NewStream, string Data)>();
        foreach (var e in plan.ShopperEvents)
        {
            if (e.Type == "session_linked_to_customer") { deleted.Add(e.Sequence); continue; }
            if (JsonNode.Parse(e.Data) is not JsonObject o) { deleted.Add(e.Sequence); continue; }
            var session = Get(o, "SessionId") is { } sid ? plan.Sessions[sid] : plan.NoSession;
            Set(o, "CustomerId", null);
            Set(o, "SessionId", session);
            if (Get(o, "OrderId") is { } order)
            {
                if (!orders.TryGetValue(order, out var pseudoOrder)) orders[order] = pseudoOrder = Pseudonym();
                Set(o, "OrderId", pseudoOrder);
            }
            if (Get(o, "Query") is not null) Set(o, "Query", PersonalData.ErasedText);
            if (Get(o, "EventKey") is not null) Set(o, "EventKey", "erased-" + Guid.NewGuid().ToString("N"));
            if (Find(o, "Context") is JsonObject context && Get(context, "Referrer") is { } referrer)
                Set(context, "Referrer", Uri.TryCreate(referrer, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null);
            plan.Documents.Scrub(o);
            rewritten.Add((e.Sequence, e.StreamId, ShopperStreams.SessionPrefix + session, o.ToJsonString()));
        }

        var streams = tables.Qualified("mt_streams");
        var streamColumns = (await tables.ListAsync(connection, ct)).First(t => t.Name == "mt_streams").Columns;
        var versions = new List<(long Seq, string Stream, long Version, string Data)>();
        foreach (var group in rewritten.GroupBy(r => r.NewStream))
        {
            var list = group.OrderBy(r => r.Seq).ToList();
            for (var i = 0; i < list.Count; i++) versions.Add((list[i].Seq, group.Key, i + 1, list[i].Data));
            // The new stream row copies its first event's old stream row (type, timestamps) with the new key and length.
            var select = string.Join(", ", streamColumns.Select(c => c.Name switch
            {
                "id" => "@new",
                "version" => "@version",
                "snapshot" or "snapshot_version" => "null",
                "is_archived" => "false",
                _ => $"\"{c.Name}\"",
            }));
            await Exec(connection, $"insert into {streams} ({string.Join(", ", streamColumns.Select(c => $"\"{c.Name}\""))}) select {select} from {streams} where tenant_id = @t and id = @old",
                ct, ("new", group.Key), ("version", (long)list.Count), ("t", storeId), ("old", list[0].OldStream));
        }
        await using (var cmd = new NpgsqlCommand($"""
            update {tables.Qualified("mt_events")} e set stream_id = u.stream, version = u.version, data = u.data::jsonb
            from unnest(@seq, @stream, @version, @data) as u(seq, stream, version, data)
            where e.tenant_id = @t and e.seq_id = u.seq
            """, connection))
        {
            cmd.Parameters.AddWithValue("seq", versions.Select(v => v.Seq).ToArray());
            cmd.Parameters.AddWithValue("stream", versions.Select(v => v.Stream).ToArray());
            cmd.Parameters.AddWithValue("version", versions.Select(v => v.Version).ToArray());
            cmd.Parameters.AddWithValue("data", versions.Select(v => v.Data).ToArray());
            cmd.Parameters.AddWithValue("t", storeId);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        if (deleted.Count > 0)
            await Exec(connection, $"delete from {tables.Qualified("mt_events")} where tenant_id = @t and seq_id = any(@seq)", ct, ("t", storeId), ("seq", deleted.ToArray()));
        await Exec(connection, $"delete from {streams} where tenant_id = @t and id = any(@s)", ct, ("t", storeId), ("s", footprint.ShopperStreams.ToArray()));
        report.StreamsAnonymized = footprint.ShopperStreams.Count;
        report.EventsAnonymized = rewritten.Count;
        report.EventsDeleted += deleted.Count;
    }

    // Module streams keyed by the customer (consent history, points ledgers): personal through and through.
    private async Task DeleteModuleStreamsAsync(NpgsqlConnection connection, string storeId, CustomerFootprint footprint, ErasureReport report, CancellationToken ct)
    {
        if (footprint.ModuleStreams.Count == 0) return;
        var keys = footprint.ModuleStreams.ToArray();
        report.EventsDeleted += await Exec(connection, $"delete from {tables.Qualified("mt_events")} where tenant_id = @t and stream_id = any(@s)", ct, ("t", storeId), ("s", keys));
        report.ModuleStreamsDeleted = await Exec(connection, $"delete from {tables.Qualified("mt_streams")} where tenant_id = @t and id = any(@s)", ct, ("t", storeId), ("s", keys));
    }

    // Events of other streams that mention the customer (a module's store-wide stream, say): re-written without the mention.
    private async Task ScrubOtherEventsAsync(NpgsqlConnection connection, string storeId, CustomerFootprint footprint, Plan plan, ErasureReport report, CancellationToken ct)
    {
        var erasedStreams = footprint.AllStreams.ToList();
        foreach (var e in await DocumentScan.OtherEventsAsync(tables, connection, storeId, plan.Documents, erasedStreams, ct))
        {
            var node = JsonNode.Parse(e.Data);
            if (!plan.Documents.Scrub(node)) continue;
            await Exec(connection, $"update {tables.Qualified("mt_events")} set data = @d::jsonb where tenant_id = @t and seq_id = @s", ct,
                ("d", node!.ToJsonString()), ("t", storeId), ("s", e.Sequence));
            report.OtherEventsAnonymized++;
        }
    }

    // Documents: keyed by or about the customer → deleted; merely mentioning them → pseudonymized.
    private async Task SweepDocumentsAsync(NpgsqlConnection connection, string storeId, CustomerFootprint footprint, Plan plan, ErasureReport report, CancellationToken ct)
    {
        var exact = new HashSet<string>(footprint.AllStreams.Append(footprint.CustomerId), StringComparer.Ordinal);
        foreach (var doc in await DocumentScan.DocumentsAsync(tables, connection, storeId, plan.Documents, exact, ct))
        {
            var table = tables.Qualified(doc.Table);
            var node = JsonNode.Parse(doc.Data);
            // Erasure requests are about the customer but are also the record that the store acted: pseudonymized below, never deleted.
            if (doc.Table != ErasureRequest.Table && (exact.Contains(doc.Id) || (node is JsonObject o && Get(o, "CustomerId") == footprint.CustomerId)))
            {
                report.DocumentsDeleted += await Exec(connection, $"delete from {table} where tenant_id = @t and id::text = @id", ct, ("t", storeId), ("id", doc.Id));
                continue;
            }
            var newId = plan.Documents.Scrub(doc.Id);
            if (!plan.Documents.Scrub(node) && newId == doc.Id) continue;
            // Only text ids can hold identifiers (uuid and number ids never do).
            await Exec(connection, $"update {table} set {(doc.IdIsText ? "id = @newId, " : "")}data = @d::jsonb where tenant_id = @t and id::text = @id", ct,
                ("newId", newId), ("d", node!.ToJsonString()), ("t", storeId), ("id", doc.Id));
            report.DocumentsAnonymized++;
        }
    }

    // Every other text or JSON column of the store's rows (duplicated document fields, module tables): scrubbed in place.
    private async Task ScrubOtherColumnsAsync(NpgsqlConnection connection, string storeId, Plan plan, CancellationToken ct)
    {
        foreach (var table in await tables.ListAsync(connection, ct))
        {
            if (!table.HasTenant || table.Name is "mt_events" or "mt_streams") continue;
            var columns = table.Columns.Where(c => (c.IsText || c.IsJson) && c.Name != "tenant_id" && !c.Name.StartsWith("mt_", StringComparison.Ordinal)
                && !(table.IsDocumentTable && c.Name is "id" or "data")).ToList();
            if (columns.Count == 0) continue;
            var text = plan.Documents.TextPattern();
            var where = string.Join(" or ", columns.Select(c => $"\"{c.Name}\"::text ~ @ids" + (text is null ? "" : $" or \"{c.Name}\"::text ~* @texts")));
            var rows = new List<(string Ctid, string?[] Values)>();
            await using (var cmd = new NpgsqlCommand($"select ctid::text, {string.Join(", ", columns.Select(c => $"\"{c.Name}\"::text"))} from {tables.Qualified(table.Name)} where tenant_id = @t and ({where})", connection))
            {
                cmd.Parameters.AddWithValue("t", storeId);
                cmd.Parameters.AddWithValue("ids", plan.Documents.IdentifierPattern(escapeForPostgres: true));
                if (text is not null) cmd.Parameters.AddWithValue("texts", text);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                    rows.Add((r.GetString(0), columns.Select((_, i) => r.IsDBNull(i + 1) ? null : r.GetString(i + 1)).ToArray()));
            }
            foreach (var (ctid, values) in rows)
            {
                var sets = new List<string>();
                var parameters = new List<(string, object)> { ("ctid", ctid), ("t", storeId) };
                for (var i = 0; i < columns.Count; i++)
                {
                    if (values[i] is not { } value) continue;
                    string scrubbed;
                    if (columns[i].IsJson) { var node = JsonNode.Parse(value); if (!plan.Documents.Scrub(node)) continue; scrubbed = node!.ToJsonString(); }
                    else { scrubbed = plan.Documents.Scrub(value); if (scrubbed == value) continue; }
                    sets.Add($"\"{columns[i].Name}\" = @v{i}{(columns[i].IsJson ? "::" + columns[i].DataType : "")}");
                    parameters.Add(($"v{i}", scrubbed));
                }
                if (sets.Count > 0)
                    await Exec(connection, $"update {tables.Qualified(table.Name)} set {string.Join(", ", sets)} where tenant_id = @t and ctid = @ctid::tid", ct, parameters.ToArray());
            }
        }
    }

    private async Task CatchUpProjectionsAsync()
    {
        try { await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30)); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A daemon that is far behind (or not running here) must not block an erasure; the sweep still removes
            // what exists, and the closing scan reports anything written meanwhile.
            logger.LogWarning(e, "Projections did not catch up before an erasure");
        }
    }

    private static async Task<int> Exec(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Pseudonym() => "erased-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>A JSON property by name, ignoring case (the serializer's casing is a store setting).</summary>
    internal static JsonNode? Find(JsonObject o, string name) =>
        o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    internal static string? Get(JsonObject o, string name) =>
        Find(o, name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static void Set(JsonObject o, string name, string? value)
    {
        var key = o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Key ?? name;
        o[key] = value;
    }
}

using System.Collections.Concurrent;
using Marten;
using RetailCommerce.Consent;
using RetailCommerce.Customers;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Governance.Privacy;
using RetailCommerce.Modules.Governance.Settings;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Governance.Consent;

/// <summary>One purpose as it stands for a customer: the recorded choice, or the store default.</summary>
public sealed record ConsentState(ConsentPurpose Purpose, bool Granted, bool Explicit, string? PolicyVersion, DateTimeOffset? DecidedAt, string? Source, ConsentMode DefaultMode);

/// <summary>A customer's consent across purposes.</summary>
public sealed record CustomerConsentView(string CustomerId, bool Erased, IReadOnlyList<ConsentState> Purposes);

/// <summary>
/// Records consent choices as events and answers consent questions. What a check needs per customer (their
/// choices, country and whether they were erased) is read for a whole batch in one database round trip and kept
/// for a few seconds; a change made on this instance replaces the cached entry at once.
/// </summary>
public sealed class ConsentBook(StoreSessions sessions, GovernanceSettingsStore settings, TimeProvider clock)
{
    /// <summary>The module's stream prefix: <c>module:governance:</c>.</summary>
    public static readonly string StreamPrefix = ShopperStreams.ModuleStreamPrefix("governance");

    /// <summary>How long another instance may answer with a choice that has since changed.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    private const int MaxCached = 200_000;
    private readonly ConcurrentDictionary<(string Store, string Customer), (Subject Subject, DateTime ReadAt)> _cache = new();

    /// <summary>What the consent check needs about one customer.</summary>
    internal sealed record Subject(IReadOnlyDictionary<string, ConsentChoice> Choices, string? Country, bool Erased);

    public static string StreamKey(string customerId) => StreamPrefix + customerId;

    /// <summary>Records a grant or withdrawal (an event with policy version, time and source) and returns the new state.</summary>
    public async Task<CustomerConsentView> SetAsync(string storeId, string customerId, ConsentPurpose purpose, bool granted, string policyVersion, string source, CancellationToken ct)
    {
        policyVersion = policyVersion.Trim();
        if (policyVersion.Length is 0 or > 64)
            throw new RetailError(ErrorCodes.BadUserInput, "policyVersion: required, at most 64 characters.", "policyVersion");
        var name = ConsentPurposes.NameOf(purpose);
        var now = clock.GetUtcNow();
        object e = granted
            ? new ConsentGiven(customerId, name, policyVersion, now, source)
            : new ConsentWithdrawn(customerId, name, policyVersion, now, source);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = sessions.Write(storeId);
                session.Events.Append(StreamKey(customerId), e);
                await session.SaveChangesAsync(ct);
                break;
            }
            catch (Exception ex) when (attempt < 3 && ex is JasperFx.ConcurrencyException or Marten.Exceptions.MartenCommandException or JasperFx.DocumentAlreadyExistsException)
            {
                // Two first choices for the same customer raced to create the stream; the loser appends again.
            }
        }
        Forget(storeId, customerId);
        return await ViewAsync(storeId, customerId, ct);
    }

    /// <summary>The customer's state for every purpose.</summary>
    public async Task<CustomerConsentView> ViewAsync(string storeId, string customerId, CancellationToken ct)
    {
        var subject = (await SubjectsAsync(storeId, [customerId], ct))[customerId];
        var policy = await settings.GetAsync(storeId, ct);
        return new CustomerConsentView(customerId, subject.Erased, ConsentPurposes.All.Select(p =>
        {
            var name = ConsentPurposes.NameOf(p);
            var mode = policy.ModeFor(name, subject.Country);
            return subject.Choices.TryGetValue(name, out var choice) && !subject.Erased
                ? new ConsentState(p, choice.Granted, true, choice.PolicyVersion, choice.At, choice.Source, mode)
                : new ConsentState(p, !subject.Erased && mode == ConsentMode.OptOut, false, null, null, null, mode);
        }).ToList());
    }

    /// <summary>The customers among <paramref name="customerIds"/> for whom <paramref name="purpose"/> is not granted.</summary>
    public async Task<IReadOnlySet<string>> WithheldAsync(string storeId, IReadOnlyCollection<string> customerIds, ConsentPurpose purpose, CancellationToken ct)
    {
        var withheld = new HashSet<string>(StringComparer.Ordinal);
        if (customerIds.Count == 0) return withheld;
        var subjects = await SubjectsAsync(storeId, customerIds, ct);
        var policy = await settings.GetAsync(storeId, ct);
        var name = ConsentPurposes.NameOf(purpose);
        foreach (var (id, subject) in subjects)
        {
            var granted = !subject.Erased && (subject.Choices.TryGetValue(name, out var choice)
                ? choice.Granted
                : policy.ModeFor(name, subject.Country) == ConsentMode.OptOut);
            if (!granted) withheld.Add(id);
        }
        return withheld;
    }

    /// <summary>Drops a customer's cached state on this instance (after a change or an erasure).</summary>
    public void Forget(string storeId, string customerId) => _cache.TryRemove((storeId, customerId), out _);

    internal async Task<Dictionary<string, Subject>> SubjectsAsync(string storeId, IReadOnlyCollection<string> customerIds, CancellationToken ct)
    {
        var result = new Dictionary<string, Subject>(StringComparer.Ordinal);
        var missing = new List<string>();
        var now = DateTime.UtcNow;
        foreach (var id in customerIds.Distinct())
        {
            if (_cache.TryGetValue((storeId, id), out var hit) && now - hit.ReadAt < CacheLifetime) result[id] = hit.Subject;
            else missing.Add(id);
        }
        if (missing.Count == 0) return result;

        var key = (await settings.GetAsync(storeId, ct)).ErasureKey;
        var hashes = missing.ToDictionary(id => id, id => ErasureRecord.SubjectHash(key, id));
        await using var session = sessions.Read(storeId);
        // One round trip for the batch: choices, countries and erasure marks.
        var batch = session.CreateBatchQuery();
        var consents = batch.LoadMany<CustomerConsent>().ById(missing.Select(StreamKey).ToArray());
        var customers = batch.LoadMany<Customer>().ById(missing.ToArray());
        var erased = batch.LoadMany<ErasureRecord>().ById(hashes.Values.ToArray());
        await batch.Execute(ct);
        var consentById = (await consents).ToDictionary(c => c.CustomerId, StringComparer.Ordinal);
        var countryById = (await customers).ToDictionary(c => c.Id, c => c.Country, StringComparer.Ordinal);
        var erasedHashes = (await erased).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        if (_cache.Count > MaxCached) _cache.Clear();
        foreach (var id in missing)
        {
            var subject = new Subject(
                consentById.TryGetValue(id, out var c) ? c.Choices : new Dictionary<string, ConsentChoice>(),
                countryById.GetValueOrDefault(id),
                erasedHashes.Contains(hashes[id]));
            _cache[(storeId, id)] = (subject, now);
            result[id] = subject;
        }
        return result;
    }
}

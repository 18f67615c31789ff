using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Options;
using RetailCommerce.Decisions;
using RetailCommerce.GraphQL;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Personalization.Experiments;

/// <summary>An experiment with its analysed results.</summary>
public sealed record ExperimentReport(Experiment Experiment, ExperimentAnalysis Analysis, IReadOnlyList<ContextArmView> Contexts);

/// <summary>A contextual bandit's per-segment view of one variant.</summary>
public sealed record ContextArmView(string Context, string Variant, int Visitors, int Conversions, double ProbabilityToBeBest);

/// <summary>
/// Experiments: definitions, assignment (sticky hashing for A/B, Thompson sampling for bandits), exposure
/// recording and results with conversions and revenue attributed from PURCHASE events within the window.
/// </summary>
public sealed class ExperimentService(StoreSessions sessions, ExposureWriter writer, TimeProvider clock, IOptions<PersonalizationOptions> options)
{
    private static readonly TimeSpan DefinitionTtl = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BanditTtl = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Experiment? Experiment)> _definitions = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Dictionary<string, ArmCounts[]> Arms)> _bandits = new();
    private readonly ConcurrentDictionary<string, byte> _refreshing = new();
    [ThreadStatic] private static Random? _random;

    /// <summary>Creates or replaces an experiment (a replaced running experiment keeps its start and exposures).</summary>
    public async Task<Experiment> SaveAsync(string storeId, Experiment experiment, CancellationToken ct)
    {
        if (!Catalog.ProductValidation.IsValidId(experiment.Id)) throw new RetailError(ErrorCodes.BadUserInput, "id: letters, digits, . _ : - / only, at most 100 characters.", "id");
        if (string.IsNullOrWhiteSpace(experiment.Target)) throw new RetailError(ErrorCodes.BadUserInput, "target: name the slot or decision under test.", "target");
        if (experiment.Variants.Count is < 2 or > 10) throw new RetailError(ErrorCodes.BadUserInput, "variants: 2 to 10 variants.", "variants");
        if (experiment.Variants.Select(v => v.Key).Distinct().Count() != experiment.Variants.Count || experiment.Variants.Any(v => string.IsNullOrWhiteSpace(v.Key)))
            throw new RetailError(ErrorCodes.BadUserInput, "variants: keys must be unique and not empty.", "variants");
        if (experiment.Variants.Any(v => v.Weight < 0) || experiment.Variants.Sum(v => v.Weight) <= 0)
            throw new RetailError(ErrorCodes.BadUserInput, "variants: weights must be non-negative with a positive sum.", "variants");
        if (experiment.AttributionWindowHours is < 1 or > 24 * 90) throw new RetailError(ErrorCodes.BadUserInput, "attributionWindowHours: 1 to 2160.", "attributionWindowHours");
        if (experiment.MinimumDetectableEffect is <= 0 or > 10) throw new RetailError(ErrorCodes.BadUserInput, "minimumDetectableEffect: above 0, at most 10.", "minimumDetectableEffect");
        await using var session = sessions.Write(storeId);
        var old = await session.LoadAsync<Experiment>(experiment.Id, ct);
        experiment.StartedAt = old?.StartedAt ?? clock.GetUtcNow();
        experiment.Status = ExperimentStatus.Running;
        experiment.StoppedAt = null;
        experiment.ServedAfterStop = null;
        session.Store(experiment);
        await session.SaveChangesAsync(ct);
        _definitions.TryRemove(Key(storeId, experiment.Id), out _);
        return experiment;
    }

    /// <summary>Stops an experiment; from then on everyone gets <paramref name="serve"/> (default: the winner, else control).</summary>
    public async Task<ExperimentReport> StopAsync(string storeId, string id, string? serve, string? reason, CancellationToken ct)
    {
        var report = await ReportAsync(storeId, id, ct) ?? throw new RetailError(ErrorCodes.NotFound, $"id: no experiment '{id}'.", "id");
        var experiment = report.Experiment;
        if (serve is not null && experiment.Variants.All(v => v.Key != serve)) throw new RetailError(ErrorCodes.BadUserInput, $"serve: '{serve}' is not a variant.", "serve");
        experiment.Status = ExperimentStatus.Stopped;
        experiment.StoppedAt = clock.GetUtcNow();
        experiment.ServedAfterStop = serve ?? report.Analysis.Winner ?? experiment.Control;
        experiment.StopReason = reason ?? report.Analysis.Summary;
        await using var session = sessions.Write(storeId);
        session.Store(experiment);
        await session.SaveChangesAsync(ct);
        _definitions.TryRemove(Key(storeId, id), out _);
        return report with { Experiment = experiment };
    }

    /// <summary>The experiment (cached for a few seconds), or null.</summary>
    public async Task<Experiment?> FindAsync(string storeId, string id, CancellationToken ct)
    {
        var key = Key(storeId, id);
        if (_definitions.TryGetValue(key, out var cached) && clock.GetUtcNow() - cached.At < DefinitionTtl) return cached.Experiment;
        await using var session = sessions.Read(storeId);
        var experiment = await session.LoadAsync<Experiment>(id, ct);
        _definitions[key] = (clock.GetUtcNow(), experiment);
        return experiment;
    }

    /// <summary>All experiments of a store, newest first.</summary>
    public async Task<IReadOnlyList<Experiment>> ListAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return (await session.Query<Experiment>().ToListAsync(ct)).OrderByDescending(e => e.StartedAt).ToList();
    }

    /// <summary>
    /// The visitor's variant. Running A/B tests hash (store, experiment, visitor) to a bucket; bandits draw from the
    /// posteriors (per segment for contextual bandits) and keep the visitor's first variant. Records the first exposure.
    /// </summary>
    public async Task<ExperimentAssignment?> AssignAsync(string storeId, string experimentId, Visitor visitor, string? context, CancellationToken ct)
    {
        var experiment = await FindAsync(storeId, experimentId, ct);
        if (experiment is null) return null;
        if (experiment.Status == ExperimentStatus.Stopped)
            return new ExperimentAssignment(experiment.Id, experiment.ServedAfterStop ?? experiment.Control, "experiment stopped: serving the chosen variant", false);
        if (!visitor.IsKnown)
            return new ExperimentAssignment(experiment.Id, experiment.Control, "no customer or session to keep the assignment sticky: control", false);

        var exposureId = ExperimentExposure.IdOf(experiment.Id, visitor.Key);
        string variant, reason;
        if (experiment.Mode == ExperimentMode.AbTest)
        {
            var unit = StickyHash.Unit(storeId, experiment.Id, visitor.Key);
            variant = experiment.Variants[StickyHash.Pick(experiment.Variants.Select(v => v.Weight).ToList(), unit)].Key;
            reason = $"A/B test: sticky hash bucket {unit:0.000}";
        }
        else if (writer.KnownVariant(storeId, exposureId) is { } known && experiment.Variants.Any(v => v.Key == known))
        {
            variant = known;
            reason = "bandit: this visitor's earlier variant (sticky)";
        }
        else
        {
            await using (var session = sessions.Read(storeId))
            {
                var stored = await session.LoadAsync<ExperimentExposure>(exposureId, ct);
                if (stored is not null && experiment.Variants.Any(v => v.Key == stored.Variant))
                {
                    writer.Remember(storeId, exposureId, stored.Variant);
                    return new ExperimentAssignment(experiment.Id, stored.Variant, "bandit: this visitor's earlier variant (sticky)", false);
                }
            }
            var ctx = experiment.Mode == ExperimentMode.ContextualBandit ? context ?? "none" : "all";
            var arms = BanditArms(storeId, experiment, ctx);
            var index = ThompsonSampling.Choose(arms, _random ??= new Random());
            variant = experiment.Variants[index].Key;
            reason = experiment.Mode == ExperimentMode.ContextualBandit
                ? $"contextual bandit (segment {ctx}): Thompson sampling over {arms.Sum(a => a.Trials):N0} exposures in this segment"
                : $"bandit: Thompson sampling over {arms.Sum(a => a.Trials):N0} exposures";
        }
        var exposed = writer.Enqueue(storeId, new ExperimentExposure
        {
            Id = exposureId, ExperimentId = experiment.Id, Variant = variant, Visitor = visitor.Key, CustomerId = visitor.CustomerId,
            SessionId = visitor.SessionId, Context = experiment.Mode == ExperimentMode.ContextualBandit ? context ?? "none" : null, ExposedAt = clock.GetUtcNow(),
        });
        if (exposed)
            writer.Record(storeId, new AiDecision
            {
                ModuleId = "personalization", Kind = "experiment-assignment", CustomerId = visitor.CustomerId, SessionId = visitor.SessionId,
                Model = $"{experiment.Mode}:{experiment.Id}", Inputs = new Dictionary<string, string> { ["experiment"] = experiment.Id, ["variant"] = variant, ["context"] = context ?? "" },
                Explanation = $"Assigned variant '{variant}' of experiment '{experiment.Name}' ({reason}).", At = clock.GetUtcNow(),
            });
        return new ExperimentAssignment(experiment.Id, variant, reason, exposed);
    }

    /// <summary>Results: exposures per variant, purchases attributed within the window, lift, CIs, probability to be best, verdict.</summary>
    public async Task<ExperimentReport?> ReportAsync(string storeId, string id, CancellationToken ct)
    {
        await writer.FlushAsync(ct);
        await using var session = sessions.Read(storeId);
        var experiment = await session.LoadAsync<Experiment>(id, ct);
        if (experiment is null) return null;
        var exposures = await session.Query<ExperimentExposure>().Where(e => e.ExperimentId == id).ToListAsync(ct);
        var outcomes = await AttributeAsync(session, experiment, exposures, ct);
        var tallies = experiment.Variants.Select(v =>
        {
            var mine = outcomes.Where(o => o.Exposure.Variant == v.Key).ToList();
            return new VariantTally(v.Key, mine.Count, mine.Count(o => o.Revenue > 0 || o.Converted), mine.Sum(o => o.Revenue));
        }).ToList();
        var analysis = ExperimentStatistics.Analyze(tallies, experiment.MinimumDetectableEffect, seed: StableSeed(id));

        var contexts = new List<ContextArmView>();
        var arms = new Dictionary<string, ArmCounts[]>();
        foreach (var group in outcomes.GroupBy(o => experiment.Mode == ExperimentMode.ContextualBandit ? o.Exposure.Context ?? "none" : "all"))
        {
            var byVariant = experiment.Variants.Select(v => group.Where(o => o.Exposure.Variant == v.Key).ToList()).ToList();
            arms[group.Key] = byVariant.Select(list => new ArmCounts(list.Count(o => o.Converted), list.Count)).ToArray();
            if (experiment.Mode != ExperimentMode.ContextualBandit) continue;
            var contextTallies = experiment.Variants.Select((v, i) => new VariantTally(v.Key, byVariant[i].Count, byVariant[i].Count(o => o.Converted), 0)).ToList();
            var best = ExperimentStatistics.ProbabilityToBeBest(contextTallies, StableSeed(id + group.Key), 4_000);
            contexts.AddRange(contextTallies.Select((t, i) => new ContextArmView(group.Key, t.Key, t.Visitors, t.Conversions, best[i])));
        }
        _bandits[Key(storeId, id)] = (clock.GetUtcNow(), arms);
        return new ExperimentReport(experiment, analysis, contexts);
    }

    private sealed record Outcome(ExperimentExposure Exposure, bool Converted, double Revenue);

    // A visitor converts when they (as customer, or through the exposed session) buy within the window after
    // their first exposure; revenue is that window's purchased lines.
    private static async Task<List<Outcome>> AttributeAsync(IQuerySession session, Experiment experiment, IReadOnlyList<ExperimentExposure> exposures, CancellationToken ct)
    {
        if (exposures.Count == 0) return [];
        var window = TimeSpan.FromHours(experiment.AttributionWindowHours);
        var from = exposures.Min(e => e.ExposedAt);
        var to = exposures.Max(e => e.ExposedAt) + window;
        var purchases = await session.Events.QueryRawEventDataOnly<ItemPurchased>()
            .Where(p => p.OccurredAt >= from && p.OccurredAt <= to).ToListAsync(ct);
        var byCustomer = purchases.Where(p => p.CustomerId is not null).ToLookup(p => p.CustomerId!);
        var bySession = purchases.Where(p => p.SessionId is not null).ToLookup(p => p.SessionId!);
        return exposures.Select(e =>
        {
            var lines = (e.CustomerId is null ? [] : byCustomer[e.CustomerId])
                .Concat(e.SessionId is null ? [] : bySession[e.SessionId])
                .Where(p => p.OccurredAt >= e.ExposedAt && p.OccurredAt <= e.ExposedAt + window)
                .DistinctBy(p => p.EventKey).ToList();
            return new Outcome(e, lines.Count > 0, (double)lines.Sum(p => p.Revenue));
        }).ToList();
    }

    // Bandit posteriors refresh in the background at most every 30 s: assignment never waits for the analysis.
    private ArmCounts[] BanditArms(string storeId, Experiment experiment, string context)
    {
        var key = Key(storeId, experiment.Id);
        var fresh = _bandits.TryGetValue(key, out var cached);
        if ((!fresh || clock.GetUtcNow() - cached.At > BanditTtl) && _refreshing.TryAdd(key, 0))
            _ = Task.Run(async () =>
            {
                try { await ReportAsync(storeId, experiment.Id, CancellationToken.None); }
                catch { /* keep the old posteriors; the next call retries */ }
                finally { _refreshing.TryRemove(key, out _); }
            });
        return fresh && cached.Arms.TryGetValue(context, out var arms) && arms.Length == experiment.Variants.Count
            ? arms : new ArmCounts[experiment.Variants.Count];
    }

    private static string Key(string storeId, string id) => storeId + "/" + id;

    private static int StableSeed(string text) => (int)(StickyHash.Unit("seed", text, "") * int.MaxValue);
}

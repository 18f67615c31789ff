using RetailCommerce.Customers;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Loyalty.Segments;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Loyalty.Value;

/// <summary>What a fit run did: the stored fit (null when the store was too small) and a one-line outcome.</summary>
public sealed record FitRun(LifetimeModelFit? Fit, string Outcome, int Alerts);

/// <summary>
/// Fits a store's lifetime and churn models and scores every customer (<see cref="CustomerValueModel"/>), stores
/// the fit and the per-customer values, and sends at-risk alerts.
/// </summary>
public sealed class CustomerValueFitting(StoreHistory history, StoreSessions sessions, AtRiskWebhook webhook,
    IOptions<LoyaltyOptions> options, TimeProvider clock, ILogger<CustomerValueFitting> logger)
{
    /// <summary>Fits as of <paramref name="asOf"/>, or as of the store's latest event when null.</summary>
    public async Task<FitRun> FitAsync(string storeId, DateTimeOffset? asOf, CancellationToken ct)
    {
        var end = asOf ?? await history.LatestEventAtAsync(storeId, ct);
        // Views older than the churn training window's engagement look-back are never used.
        var customers = await history.ReadAsync(storeId, (end ?? DateTimeOffset.MinValue.AddYears(1)).AddDays(-300), ct);
        if (customers.Count == 0) return new FitRun(null, "no purchases yet, nothing to fit", 0);
        if (asOf is null)
        {
            // StoreActivity is projected asynchronously and may lag the purchases just read.
            var latestPurchase = customers.Values.SelectMany(c => c.Purchases).Max(p => p.At);
            if (end is null || latestPurchase > end) end = latestPurchase;
        }

        var scoring = CustomerValueModel.Score(customers, end!.Value, options.Value, logger);
        if (scoring.Fit is null) return new FitRun(null, scoring.Outcome, 0);
        var fit = scoring.Fit;
        fit.FittedAt = clock.GetUtcNow();

        var alerts = await SaveAsync(storeId, fit, scoring.Values, ct);
        var sent = await webhook.NotifyAsync(storeId, alerts, ct);
        fit.Outcome = scoring.Outcome + $"; {sent} alert(s) sent";
        await using (var session = sessions.Write(storeId))
        {
            session.Store(fit);
            await session.SaveChangesAsync(ct);
        }
        logger.LogInformation("Loyalty fit in store {Store}: {Outcome}", storeId, fit.Outcome);
        return new FitRun(fit, fit.Outcome, sent);
    }

    private async Task<List<AtRiskTransition>> SaveAsync(string storeId, LifetimeModelFit fit, List<CustomerValue> rows, CancellationToken ct)
    {
        var transitions = new List<AtRiskTransition>();
        await using var read = sessions.Read(storeId);
        foreach (var chunk in rows.Chunk(1_000))
        {
            var previous = (await read.LoadManyAsync<CustomerValue>(ct, chunk.Select(r => r.Id).ToArray())).ToDictionary(v => v.Id);
            await using var session = sessions.Write(storeId);
            foreach (var row in chunk)
            {
                var before = previous.GetValueOrDefault(row.Id);
                row.SegmentSince = before is not null && before.Segment == row.Segment ? before.SegmentSince : fit.ObservationEnd;
                if (before is { Segment: CustomerSegment.Champion } && row.Segment == CustomerSegment.AtRisk)
                    transitions.Add(new AtRiskTransition(row, before.SegmentSince));
                session.Store(row);
            }
            await session.SaveChangesAsync(ct);
        }
        return transitions;
    }
}

/// <summary>The scheduled and on-demand fit (<c>loyalty.fit-clv</c>), as of the store's latest event.</summary>
public sealed class FitLifetimeModels(CustomerValueFitting fitting) : IStoreJob
{
    public async Task<string> RunAsync(string storeId, CancellationToken ct) => (await fitting.FitAsync(storeId, null, ct)).Outcome;
}

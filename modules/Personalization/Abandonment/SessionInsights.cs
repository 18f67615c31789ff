using RetailCommerce.Modules.Personalization.Sessions;

namespace RetailCommerce.Modules.Personalization.Abandonment;

/// <summary>Real-time view of a session: propensity, abandonment risk, live segments.</summary>
public sealed record SessionInsight(string SessionId, string? CustomerId, int Events, double? PurchaseProbability, double? AbandonmentProbability,
    double CartValue, int CartUnits, IReadOnlyList<(string Segment, string Reason)> Segments, string ModelVersion, SessionFeatures Features);

/// <summary>Scores a live session with the store's models.</summary>
public sealed class SessionInsights(SessionReader reader, SessionModels models, TimeProvider clock)
{
    public async Task<SessionInsight> ForAsync(string storeId, string? sessionId, string? customerId, CancellationToken ct)
    {
        var live = await reader.LoadAsync(storeId, sessionId, customerId, ct);
        return await ScoreAsync(storeId, live, ct);
    }

    public async Task<SessionInsight> ScoreAsync(string storeId, LiveSession live, CancellationToken ct)
    {
        var loaded = await models.ForStoreAsync(storeId, ct);
        var features = SessionFeatures.From(live.Events, live.History, clock.GetUtcNow());
        double? propensity = live.Events.Count == 0 ? null : loaded.Propensity?.Score(features);
        double? abandonment = features.CartUnits > 0 ? loaded.Abandonment?.Score(features) : null;
        if (live.Events.Any(e => e.Type == "PURCHASE")) { propensity = 1; abandonment = features.CartUnits > 0 ? abandonment : 0; }
        return new SessionInsight(live.SessionId, live.CustomerId, live.Events.Count, propensity, abandonment, features.CartValue, (int)features.CartUnits,
            LiveSegments.Of(live, features, propensity), loaded.Version, features);
    }
}

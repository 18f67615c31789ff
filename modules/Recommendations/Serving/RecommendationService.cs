using RetailCommerce.Consent;
using RetailCommerce.Decisions;
using RetailCommerce.Modules.Recommendations.Exposure;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>
/// The storefront's entry point: checks consent, reads the shopper's latest events, asks the engine, and
/// queues the exposure (and, for personal lists, a compact decision-log entry).
/// </summary>
public sealed class RecommendationService(ModelRegistry models, ServingState state, ShopperHistory history, IConsentCheck consent,
    ExposureWriter exposures, TimeProvider clock)
{
    private long _served;

    /// <summary>
    /// Answers a request. <paramref name="request"/>'s customer id must already be checked as the caller's own
    /// (or an admin's preview). Without personalization consent the customer id is dropped before anything
    /// reads their history, so the answer is exactly the anonymous one for the same session.
    /// </summary>
    public async Task<RecommendationList> RecommendAsync(string storeId, RecommendationRequest request, CancellationToken ct, bool log = true)
    {
        if (request.CustomerId is { } customerId && !await consent.IsGrantedAsync(storeId, customerId, ConsentPurpose.Personalization, ct))
            request = request with { CustomerId = null };
        var (catalog, signals, settings) = await state.GetAsync(storeId, ct);
        var shopper = await ShopperAsync(storeId, request, ct);
        var model = models.Active(storeId);
        var id = "rec_" + Guid.CreateVersion7().ToString("N");
        var list = RecommendationEngine.Recommend(request, new ServingInputs(model, catalog, signals, settings, shopper), id);
        if (log) Log(storeId, request, list, signals.Clock, settings);
        return list;
    }

    /// <summary>The shopper's latest events: the customer's stream, or the anonymous session's.</summary>
    private async Task<ShopperState> ShopperAsync(string storeId, RecommendationRequest request, CancellationToken ct)
    {
        var key = request.CustomerId ?? (request.SessionId is { Length: > 0 } s ? ShopperStreams.SessionPrefix + s : null);
        return key is null ? ShopperState.Empty : await history.ReadAsync(storeId, key, ct);
    }

    private void Log(string storeId, RecommendationRequest request, RecommendationList list, DateTimeOffset? storeClock, RecommendationSettings settings)
    {
        var now = clock.GetUtcNow();
        var served = new RecommendationServed
        {
            RecommendationId = list.RecommendationId,
            Placement = RecommendationSettings.GraphQLName(list.Placement),
            Strategy = list.Strategy,
            ModelVersion = list.ModelVersion,
            CustomerId = request.CustomerId,
            SessionId = request.SessionId,
            ProductId = list.SourceProductId ?? request.ProductId,
            Items = [.. list.Items.Select(i => i.ProductId)],
            StoreTime = storeClock ?? now,
            ServedAt = now,
        };
        // The decision log gets personal lists only (what a customer may ask "why was I shown this?" about),
        // in a compact form (top five and their reasons), sampled by the store's setting. Anonymous and
        // product-page lists are in the exposure stream already; copying every list would double the writes.
        AiDecision? decision = null;
        var personal = request.CustomerId is not null && list.Placement is Placement.Personalized or Placement.NewForYou or Placement.BecauseYouViewed;
        if (personal && settings.DecisionLogSampleEvery > 0 && Interlocked.Increment(ref _served) % settings.DecisionLogSampleEvery == 0 && list.Items.Count > 0)
            decision = new AiDecision
            {
                ModuleId = "recommendations",
                Kind = "recommendations-served",
                CustomerId = request.CustomerId,
                SessionId = request.SessionId,
                ProductId = list.SourceProductId,
                Model = list.ModelVersion is null ? list.Strategy : $"{list.Strategy}@{list.ModelVersion}",
                Inputs = new Dictionary<string, string>
                {
                    ["recommendationId"] = list.RecommendationId,
                    ["placement"] = served.Placement,
                    ["top5"] = string.Join(",", list.Items.Take(5).Select(i => i.ProductId)),
                },
                Explanation = $"Showed {list.Items.Count} products ({served.Placement}, {list.Strategy}); first: " +
                              string.Join("; ", list.Items.Take(3).Select(i => $"{i.ProductId} — {i.Reason}")),
                At = served.StoreTime,
            };
        exposures.Enqueue(storeId, served, decision);
    }
}

using RetailCommerce.Jobs;
using RetailCommerce.Modules.Recommendations.Serving;

namespace RetailCommerce.Modules.Recommendations.Jobs;

/// <summary>Retrains every model of a store from its events as a new version and makes it serve (the previous versions stay for rollback).</summary>
public sealed class RetrainRecommendations(ModelRegistry models, ServingState state) : IStoreJob
{
    public async Task<string> RunAsync(string storeId, CancellationToken ct)
    {
        var (outcome, _) = await models.TrainAsync(storeId, null, "retrain job", ct);
        await state.RefreshNowAsync(storeId, ct);
        return outcome;
    }
}

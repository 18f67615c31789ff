using RetailCommerce.Jobs;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.Prices;

namespace RetailCommerce.Modules.Pricing.Jobs;

/// <summary><c>pricing.retrain</c>: retrains the store's demand model on its whole history.</summary>
public sealed class RetrainDemandModel(DemandForecaster forecaster) : IStoreJob
{
    public async Task<string> RunAsync(string storeId, CancellationToken ct) => (await forecaster.TrainAsync(storeId, ct)).Outcome;
}

/// <summary><c>pricing.reprice</c>: proposes (recommend-only) or sets (automatic) new prices within the guardrails.</summary>
public sealed class RepriceProducts(PricingService pricing) : IStoreJob
{
    public async Task<string> RunAsync(string storeId, CancellationToken ct) => (await pricing.RepriceAsync(storeId, null, ct)).Outcome;
}

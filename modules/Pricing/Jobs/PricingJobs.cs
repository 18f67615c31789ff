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
/// Applied markdown plans' due steps go first (those products are left out of repricing).
public sealed class RepriceProducts(PricingService pricing, Markdown.MarkdownService markdowns) : IStoreJob
{
    public async Task<string> RunAsync(string storeId, CancellationToken ct)
    {
        var outcome = (await pricing.RepriceAsync(storeId, null, ct)).Outcome;
        var marked = await markdowns.RunDueAsync(storeId, null, ct);
        return marked == "no active markdown plans" ? outcome : $"{outcome}; {marked}";
    }
}

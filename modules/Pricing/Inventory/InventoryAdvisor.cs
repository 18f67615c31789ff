using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.Prices;

namespace RetailCommerce.Modules.Pricing.Inventory;

/// <summary>Stock advice for one product.</summary>
public sealed record InventoryAdvice(
    string ProductId, int Stock, int LeadTimeDays, double LeadTimeDemand, double SafetyStock, double ReorderPoint,
    double OrderQuantity, double CriticalRatio, string Risk, string Explanation);

/// <summary>
/// Safety stock, reorder point and order quantity from the demand forecast. Demand over the supplier lead time is
/// the sum of daily P50s; its spread comes from the daily P90 − P50 gaps (treated as independent days, so they add
/// in quadrature); safety stock covers the 90th percentile. The order quantity is the newsvendor quantile of
/// demand over lead time plus a 7-day review period at the critical ratio (price − cost) / price (underage = lost
/// margin, overage = the unit's cost), less stock on hand. Without a cost the ratio defaults to 0.75.
/// </summary>
public sealed class InventoryAdvisor(DemandForecaster forecaster, PricingService pricing, Catalog.ProductCatalog catalog, StoreDemandHistory history)
{
    public const int ReviewDays = 7;

    public async Task<InventoryAdvice> AdviseAsync(string storeId, string productId, CancellationToken ct)
    {
        var product = await catalog.FindAsync(storeId, productId, ct)
            ?? throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' is not a product of this store.", "productId");
        var guardrails = PricingService.EffectiveFor(product, await pricing.GuardrailSetsAsync(storeId, ct));
        var lead = Math.Max(1, guardrails.LeadTimeDays);
        var demand = await history.LoadAsync(storeId, ct);
        var model = await forecaster.ModelAsync(storeId, ct);
        var forecast = DemandForecaster.Forecast(model, demand.Series, productId, lead + ReviewDays, demand.Today).Days;
        return Advise(product.Id, product.Stock, (double)product.Price, guardrails.Cost is { } c ? (double)c : null, lead, forecast);
    }

    /// <summary>The arithmetic (pure, for tests).</summary>
    public static InventoryAdvice Advise(string productId, int stock, double price, double? cost, int lead, IReadOnlyList<DemandForecastDay> forecast)
    {
        const double z90 = 1.2816;
        double Mean(int days) => forecast.Take(days).Sum(d => d.P50);
        double Sd(int days) => Math.Sqrt(forecast.Take(days).Sum(d => Math.Pow((d.P90 - d.P50) / z90, 2)));
        var leadDemand = Mean(lead);
        var safety = z90 * Sd(lead);
        var reorderPoint = leadDemand + safety;
        var ratio = cost is { } c && price > 0 ? Math.Clamp((price - c) / price, 0.01, 0.99) : 0.75;
        var horizon = lead + ReviewDays;
        var target = Mean(horizon) + NormalQuantile(ratio) * Sd(horizon);
        var order = Math.Max(0, Math.Ceiling(target - stock));
        var risk = stock < leadDemand ? "STOCK_OUT" : stock > 3 * Math.Max(Mean(horizon), 1) ? "OVERSTOCK" : "OK";
        var explanation = risk switch
        {
            "STOCK_OUT" => $"Stock {stock} will not cover the {leadDemand:0} units expected over the {lead}-day lead time; order {order:0} now.",
            "OVERSTOCK" => $"Stock {stock} is over three times the {Mean(horizon):0} units expected in {horizon} days; consider a markdown.",
            _ => stock <= reorderPoint ? $"At or below the reorder point {reorderPoint:0}: order {order:0}." : $"Above the reorder point {reorderPoint:0}; no order needed yet.",
        };
        return new InventoryAdvice(productId, stock, lead, leadDemand, safety, reorderPoint, order, ratio, risk, explanation);
    }

    /// <summary>Standard normal quantile (MathNet.Numerics).</summary>
    internal static double NormalQuantile(double p) => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p);
}

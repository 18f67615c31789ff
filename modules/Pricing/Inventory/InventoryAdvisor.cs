using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.Prices;

namespace RetailCommerce.Modules.Pricing.Inventory;

/// <summary>Stock advice for one product.</summary>
public sealed record InventoryAdvice(
    string ProductId, int Stock, int LeadTimeDays, double LeadTimeDemand, double SafetyStock, double ReorderPoint,
    double OrderQuantity, double CriticalRatio, string Risk, string Explanation)
{
    /// <summary>Days until the expected (P50) demand uses up the stock; null when it lasts beyond the forecast horizon.</summary>
    public int? DaysOfCover { get; init; }
    /// <summary>Sum of daily P90 demand over <see cref="InventoryAdvisor.OverstockHorizonDays"/> days (a generous view of demand).</summary>
    public double HighDemandOverHorizon { get; init; }
    public string Title { get; init; } = "";
}

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
    /// <summary>Stock above the sum of daily P90s over this many days is overstock: even a busy quarter would not sell it.</summary>
    public const int OverstockHorizonDays = 90;

    /// <summary>
    /// Products at risk: STOCK_OUT (days of cover shorter than the lead time) first, shortest cover first; then
    /// OVERSTOCK (stock above the P90 demand over <see cref="OverstockHorizonDays"/> days), most excess first.
    /// Products without sales history are left out (nothing to forecast from but their category).
    /// </summary>
    public async Task<IReadOnlyList<InventoryAdvice>> RisksAsync(string storeId, int first, CancellationToken ct)
    {
        var demand = await history.LoadAsync(storeId, ct);
        var model = await forecaster.ModelAsync(storeId, ct);
        var sets = await pricing.GuardrailSetsAsync(storeId, ct);
        var risks = new List<InventoryAdvice>();
        foreach (var series in demand.Series)
        {
            ct.ThrowIfCancellationRequested();
            if (!demand.Products.TryGetValue(series.ProductId, out var product) || series.Units.All(u => u <= 0)) continue;
            var g = PricingService.EffectiveFor(product, sets);
            var lead = Math.Max(1, g.LeadTimeDays);
            var forecast = DemandForecaster.Forecast(model, demand.Series, product.Id, Math.Max(lead + ReviewDays, OverstockHorizonDays), demand.Today).Days;
            var advice = Advise(product.Id, product.Stock, (double)product.Price, g.Cost is { } c ? (double)c : null, lead, forecast) with { Title = product.Title };
            if (advice.Risk != "OK") risks.Add(advice);
        }
        return risks.OrderBy(a => a.Risk == "STOCK_OUT" ? 0 : 1)
            .ThenBy(a => a.Risk == "STOCK_OUT" ? a.DaysOfCover ?? 0 : -(a.Stock / Math.Max(1, a.HighDemandOverHorizon)))
            .Take(first).ToList();
    }

    public async Task<InventoryAdvice> AdviseAsync(string storeId, string productId, CancellationToken ct)
    {
        var product = await catalog.FindAsync(storeId, productId, ct)
            ?? throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' is not a product of this store.", "productId");
        var guardrails = PricingService.EffectiveFor(product, await pricing.GuardrailSetsAsync(storeId, ct));
        var lead = Math.Max(1, guardrails.LeadTimeDays);
        var demand = await history.LoadAsync(storeId, ct);
        var model = await forecaster.ModelAsync(storeId, ct);
        var forecast = DemandForecaster.Forecast(model, demand.Series, productId, Math.Max(lead + ReviewDays, OverstockHorizonDays), demand.Today).Days;
        return Advise(product.Id, product.Stock, (double)product.Price, guardrails.Cost is { } c ? (double)c : null, lead, forecast) with { Title = product.Title };
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
        int? cover = null;
        double cumulative = 0;
        for (var i = 0; i < forecast.Count && cover is null; i++)
        {
            cumulative += forecast[i].P50;
            if (cumulative >= stock) cover = i + 1;
        }
        if (stock <= 0) cover = 0;
        var overHorizon = Math.Min(OverstockHorizonDays, forecast.Count);
        var high = forecast.Take(overHorizon).Sum(d => d.P90);
        // Stock-out: the stock runs out (at expected demand) before a new order could arrive.
        var risk = leadDemand > 0 && (cover ?? int.MaxValue) < lead ? "STOCK_OUT"
            : stock > Math.Max(high, 1) ? "OVERSTOCK" : "OK";
        var explanation = risk switch
        {
            "STOCK_OUT" => $"Stock {stock} covers about {cover} days of expected demand, less than the {lead}-day lead time ({leadDemand:0} units); order {order:0} now.",
            "OVERSTOCK" => $"Stock {stock} is above even the high (P90) demand of the next {overHorizon} days ({high:0} units); consider a markdown.",
            _ => stock <= reorderPoint ? $"At or below the reorder point {reorderPoint:0}: order {order:0}." : $"Above the reorder point {reorderPoint:0}; no order needed yet.",
        };
        return new InventoryAdvice(productId, stock, lead, leadDemand, safety, reorderPoint, order, ratio, risk, explanation)
        {
            DaysOfCover = cover, HighDemandOverHorizon = high,
        };
    }

    /// <summary>Standard normal quantile (MathNet.Numerics).</summary>
    internal static double NormalQuantile(double p) => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p);
}

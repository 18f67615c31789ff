using System.Globalization;
using Marten;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Pricing.Elasticity;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.Guardrails;
using RetailCommerce.Modules.Pricing.Prices;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Pricing.Markdown;

/// <summary>
/// A markdown plan the merchant applied (one per product, a Marten document). While it is active the repricing
/// optimizer leaves the product alone; its steps are proposed or set when their day comes (on apply, and by the
/// <c>pricing.reprice</c> job).
/// </summary>
public sealed class MarkdownPlanDocument
{
    /// <summary>The product id.</summary>
    public string Id { get; set; } = "";
    public bool Active { get; set; } = true;
    /// <summary>Steps are set without approval (true) or proposed for approval (false).</summary>
    public bool Automatic { get; set; }
    public MarkdownPlan Plan { get; set; } = null!;
    /// <summary>How many steps were proposed or set so far.</summary>
    public int StepsDone { get; set; }
    /// <summary>The proposal of the step last submitted (waits for approval in recommend-only mode).</summary>
    public string? LastProposalId { get; set; }
    /// <summary>What happened last, in plain words.</summary>
    public string Status { get; set; } = "";
    public DateTimeOffset AppliedAt { get; set; }
}

/// <summary>Plans markdowns from the store's forecast, elasticity and guardrails, and runs applied plans step by step.</summary>
public sealed class MarkdownService(
    StoreSessions sessions, ProductCatalog catalog, StoreDemandHistory history, DemandForecaster forecaster, PricingService pricing)
{
    /// <summary>Plans a markdown for one product (nothing is stored).</summary>
    public async Task<MarkdownPlan> PlanAsync(string storeId, string productId, double target, DateOnly by, CancellationToken ct)
    {
        var (plan, _, _) = await PlanWithContextAsync(storeId, productId, target, by, ct);
        return plan;
    }

    /// <summary>Plans every product with stock in a category (path prefix), largest stock first.</summary>
    public async Task<IReadOnlyList<MarkdownPlan>> PlanCategoryAsync(string storeId, string category, double target, DateOnly by, int first, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(category)) throw new RetailError(ErrorCodes.BadUserInput, "category: is required.", "category");
        ValidateTarget(target);
        var demand = await history.LoadAsync(storeId, ct);
        ValidateDate(by, demand.Today);
        var c = category.Trim();
        var products = demand.Products.Values
            .Where(p => p.Stock > 0 && (p.Category.Equals(c, StringComparison.OrdinalIgnoreCase) || p.Category.StartsWith(c + " >", StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(p => p.Stock).Take(first).ToList();
        if (products.Count == 0)
            throw new RetailError(ErrorCodes.BadUserInput, $"category: no product with stock in '{c}'.", "category");
        var plans = new List<MarkdownPlan>();
        foreach (var p in products) plans.Add(await PlanAsync(storeId, p.Id, target, by, ct));
        return plans;
    }

    /// <summary>
    /// Plans and applies a markdown: the plan is kept, the optimizer leaves the product alone, and each step is
    /// proposed (recommend-only) or set (automatic) on its day, re-checked against the guardrails as they then stand.
    /// </summary>
    public async Task<MarkdownPlanDocument> ApplyAsync(string storeId, string productId, double target, DateOnly by, bool automatic, CancellationToken ct)
    {
        var (plan, _, _) = await PlanWithContextAsync(storeId, productId, target, by, ct);
        var doc = new MarkdownPlanDocument
        {
            Id = productId, Plan = plan, Automatic = automatic, AppliedAt = (await history.LoadAsync(storeId, ct)).Clock,
            Active = plan.Steps.Count > 0,
            Status = plan.Steps.Count == 0 ? "nothing to do: " + plan.Explanation : $"applied: {plan.Steps.Count} steps, {(automatic ? "set automatically" : "proposed for approval")} on their days",
        };
        await using (var session = sessions.Write(storeId))
        {
            session.Store(doc);
            await session.SaveChangesAsync(ct);
        }
        await RunDueAsync(storeId, productId, ct);
        await using var read = sessions.Read(storeId);
        return (await read.LoadAsync<MarkdownPlanDocument>(productId, ct))!;
    }

    public async Task<bool> CancelAsync(string storeId, string productId, CancellationToken ct)
    {
        await using var session = sessions.Write(storeId);
        var doc = await session.LoadAsync<MarkdownPlanDocument>(productId, ct);
        if (doc is not { Active: true }) return false;
        doc.Active = false;
        doc.Status = "cancelled by the merchant";
        session.Store(doc);
        await session.SaveChangesAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<MarkdownPlanDocument>> PlansAsync(string storeId, int first, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return (await session.Query<MarkdownPlanDocument>().ToListAsync(ct)).OrderByDescending(d => d.Active).ThenByDescending(d => d.AppliedAt).Take(first).ToList();
    }

    /// <summary>
    /// Submits the steps that are due (dated on or before the store's day) of every active plan, or of one product's.
    /// In recommend-only mode the next step waits until the previous proposal was approved; a plan stops when its
    /// product's price was changed outside it. Returns a one-line outcome.
    /// </summary>
    public async Task<string> RunDueAsync(string storeId, string? productId, CancellationToken ct)
    {
        List<MarkdownPlanDocument> plans;
        await using (var read = sessions.Read(storeId))
            plans = (await read.Query<MarkdownPlanDocument>().Where(p => p.Active).ToListAsync(ct)).Where(p => productId is null || p.Id == productId).ToList();
        if (plans.Count == 0) return "no active markdown plans";
        var demand = await history.LoadAsync(storeId, ct);
        var sets = await pricing.GuardrailSetsAsync(storeId, ct);
        var model = await forecaster.ModelAsync(storeId, ct);
        int submitted = 0, waiting = 0, stopped = 0;
        foreach (var doc in plans)
        {
            var product = await catalog.FindAsync(storeId, doc.Id, ct);
            var state = await pricing.PricingAsync(storeId, doc.Id, ct);
            if (product is null) { Stop(doc, "the product no longer exists"); stopped++; }
            else if (doc.StepsDone >= doc.Plan.Steps.Count) { Stop(doc, "completed: every step was submitted"); }
            else if (!doc.Automatic && doc.LastProposalId is { } pid && state?.Pending?.ProposalId == pid) { doc.Status = $"waiting for approval of step {doc.StepsDone}"; waiting++; }
            else
            {
                var step = doc.Plan.Steps[doc.StepsDone];
                var expectedNow = doc.StepsDone == 0 ? doc.Plan.CurrentPrice : doc.Plan.Steps[doc.StepsDone - 1].Price;
                if (step.Date > demand.Today) { doc.Status = $"next step {doc.StepsDone + 1} on {step.Date:yyyy-MM-dd}"; waiting++; }
                else if (product.Price != expectedNow)
                {
                    var rejected = state?.History.Any(h => h.Kind == "REJECTED" && h.ProposalId == doc.LastProposalId) == true;
                    Stop(doc, rejected
                        ? $"stopped: step {doc.StepsDone} was rejected or superseded (price {product.Price:0.00}, plan expected {expectedNow:0.00})"
                        : $"stopped: the price changed outside the plan ({product.Price:0.00}, plan expected {expectedNow:0.00})");
                    stopped++;
                }
                else
                {
                    var g = PricingService.EffectiveFor(product, sets);
                    var competitors = await pricing.CompetitorPricesAsync(storeId, product.Id, ct);
                    var situation = pricing.Situation(product, demand.For(product.Id), state, demand.Clock, competitors);
                    var broken = PriceGuard.Violations(step.Price, g, situation);
                    if (broken.Count > 0) { doc.Status = $"step {doc.StepsDone + 1} waits: it would break {string.Join(", ", broken)} now"; waiting++; }
                    else
                    {
                        var n = doc.StepsDone + 1;
                        var reason = $"Markdown step {n} of {doc.Plan.Steps.Count} to {step.Price:0.00} ({(product.Price - step.Price) / product.Price:P0} off): " +
                            $"to sell {doc.Plan.TargetSellThrough:P0} of the stock by {doc.Plan.By:yyyy-MM-dd}; expected {step.ExpectedUnits:0} units at this price, " +
                            $"{step.ExpectedSellThrough:P0} sold through by the next step. {doc.Plan.Explanation}";
                        var days = Math.Max(1, doc.Plan.By.DayNumber - demand.Today.DayNumber);
                        var unitsAfter = step.ExpectedUnits / Math.Max(1, PeriodDays(doc.Plan, doc.StepsDone));
                        var unitsBefore = unitsAfter / Math.Pow((double)(step.Price / product.Price), doc.Plan.Elasticity);
                        var cost = (double)(g.Cost ?? 0);
                        var effect = new ExpectedEffect(unitsBefore, unitsAfter, unitsBefore * (double)product.Price, unitsAfter * (double)step.Price,
                            unitsBefore * ((double)product.Price - cost), unitsAfter * ((double)step.Price - cost));
                        var inputs = new Dictionary<string, string>
                        {
                            ["currentPrice"] = product.Price.ToString(CultureInfo.InvariantCulture),
                            ["stock"] = product.Stock.ToString(CultureInfo.InvariantCulture),
                            ["targetSellThrough"] = doc.Plan.TargetSellThrough.ToString("0.###", CultureInfo.InvariantCulture),
                            ["by"] = doc.Plan.By.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                            ["planExpectedSellThrough"] = doc.Plan.ExpectedSellThrough.ToString("0.###", CultureInfo.InvariantCulture),
                            ["elasticity"] = doc.Plan.Elasticity.ToString("0.###", CultureInfo.InvariantCulture),
                            ["step"] = $"{n}/{doc.Plan.Steps.Count}",
                            ["daysLeft"] = days.ToString(CultureInfo.InvariantCulture),
                        };
                        doc.LastProposalId = await pricing.SubmitAsync(storeId, product, step.Price, reason, effect, doc.Plan.Elasticity, "Markdown",
                            model?.Version ?? "none", inputs, doc.Automatic, "markdown", demand.Clock, ct);
                        doc.StepsDone = n;
                        doc.Status = doc.Automatic ? $"step {n} set to {step.Price:0.00}" : $"step {n} proposed at {step.Price:0.00}, waiting for approval";
                        if (n >= doc.Plan.Steps.Count && doc.Automatic) Stop(doc, $"completed: step {n} of {n} set to {step.Price:0.00}");
                        submitted++;
                    }
                }
            }
            await using var write = sessions.Write(storeId);
            write.Store(doc);
            await write.SaveChangesAsync(ct);
        }
        return $"markdowns: {submitted} steps submitted, {waiting} waiting, {stopped} stopped";
    }

    private static void Stop(MarkdownPlanDocument doc, string why) { doc.Active = false; doc.Status = why; }

    private static int PeriodDays(MarkdownPlan plan, int k)
    {
        var start = Math.Max(plan.Steps[k].Date.DayNumber, plan.From.DayNumber + 1);
        var end = k + 1 < plan.Steps.Count ? plan.Steps[k + 1].Date.DayNumber : plan.By.DayNumber + 1;
        return Math.Max(1, end - start);
    }

    private async Task<(MarkdownPlan Plan, Product Product, EffectiveGuardrails Guardrails)> PlanWithContextAsync(string storeId, string productId, double target, DateOnly by, CancellationToken ct)
    {
        ValidateTarget(target);
        var product = await catalog.FindAsync(storeId, productId, ct)
            ?? throw new RetailError(ErrorCodes.NotFound, $"productId: '{productId}' is not a product of this store.", "productId");
        var demand = await history.LoadAsync(storeId, ct);
        ValidateDate(by, demand.Today);
        if (product.Stock <= 0)
            throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' has no stock to sell through.", "productId");
        var days = by.DayNumber - demand.Today.DayNumber;
        var model = await forecaster.ModelAsync(storeId, ct);
        var forecast = DemandForecaster.Forecast(model, demand.Series, productId, days, demand.Today);
        double elasticity;
        try { elasticity = (await pricing.ElasticityAsync(storeId, productId, ct)).Elasticity; }
        catch (RetailError) { elasticity = ElasticityEstimator.DefaultPrior; } // no sales history: the category-less prior
        // As the optimizer: never act on "demand rises with price".
        elasticity = Math.Clamp(elasticity, -8, -0.2);
        var g = PricingService.EffectiveFor(product, await pricing.GuardrailSetsAsync(storeId, ct));
        var situation = pricing.Situation(product, demand.For(productId), await pricing.PricingAsync(storeId, productId, ct), demand.Clock,
            await pricing.CompetitorPricesAsync(storeId, productId, ct));
        var plan = MarkdownPlanner.Plan(new MarkdownRequest
        {
            ProductId = product.Id, Currency = product.Currency, Stock = product.Stock, BaseUnits = forecast.Days.Select(d => d.P50).ToList(),
            Elasticity = elasticity, Target = target, Guardrails = g, Now = situation,
        });
        return (plan, product, g);
    }

    private static void ValidateTarget(double target)
    {
        if (double.IsNaN(target) || target <= 0 || target > 1)
            throw new RetailError(ErrorCodes.BadUserInput, $"targetSellThrough: must be a share in (0, 1] (got {target.ToString(CultureInfo.InvariantCulture)}).", "targetSellThrough");
    }

    private static void ValidateDate(DateOnly by, DateOnly today)
    {
        if (by <= today)
            throw new RetailError(ErrorCodes.BadUserInput, $"by: must be after the store's current day {today:yyyy-MM-dd} (got {by:yyyy-MM-dd}).", "by");
        if (by.DayNumber - today.DayNumber > DemandForecaster.MaxDays)
            throw new RetailError(ErrorCodes.BadUserInput, $"by: at most {DemandForecaster.MaxDays} days after the store's current day {today:yyyy-MM-dd}.", "by");
    }
}

using GraphQL;
using GraphQL.Types;
using RetailCommerce.GraphQL.Types;
using RetailCommerce.Modules.Pricing.Elasticity;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.Guardrails;
using RetailCommerce.Modules.Pricing.Inventory;
using RetailCommerce.Modules.Pricing.Optimization;
using RetailCommerce.Modules.Pricing.Prices;

namespace RetailCommerce.Modules.Pricing.GraphQL;

/// <summary>GraphQL <c>DemandForecastDay</c>.</summary>
public sealed class DemandForecastDayType : ObjectGraphType<DemandForecastDay>
{
    public DemandForecastDayType()
    {
        Name = "DemandForecastDay";
        Description = "Forecast units sold on one day: median (P50) and 90th percentile (P90, for safety stock).";
        Field<NonNullGraphType<CalendarDateGraphType>>("date").Description("The day (UTC), after the store's latest event.").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<FloatGraphType>>("p50").Description("Median units.").Resolve(c => Math.Round(c.Source.P50, 3));
        Field<NonNullGraphType<FloatGraphType>>("p90").Description("90th-percentile units.").Resolve(c => Math.Round(c.Source.P90, 3));
    }
}

/// <summary>GraphQL <c>PricingPrice</c>.</summary>
public sealed class PricingPriceType : ObjectGraphType<StorefrontPrice>
{
    public PricingPriceType()
    {
        Name = "PricingPrice";
        Description = "A product's current price, the same for every shopper, with a reference (typical recent) price so storefronts can be open about changes.";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product id.").Resolve(c => c.Source.ProductId);
        Field(p => p.Amount).Description("The current price.");
        Field(p => p.Currency).Description("ISO 4217 currency.");
        Field(p => p.ReferencePrice).Description("The typical price over the last 30 store days (median of each day's price).");
        Field(p => p.ChangedAt, nullable: true).Description("When the pricing module last changed the price (store time); null if it never did.");
    }
}

/// <summary>GraphQL <c>PricingEffect</c>.</summary>
public sealed class PricingEffectType : ObjectGraphType<ExpectedEffect>
{
    public PricingEffectType()
    {
        Name = "PricingEffect";
        Description = "A proposal's forecast effect per day, at the current vs the proposed price.";
        Field(e => e.UnitsBefore).Description("Units/day at the current price (forecast P50).");
        Field(e => e.UnitsAfter).Description("Units/day at the proposed price (forecast × elasticity).");
        Field(e => e.RevenueBefore).Description("Revenue/day at the current price.");
        Field(e => e.RevenueAfter).Description("Revenue/day at the proposed price.");
        Field(e => e.ProfitBefore).Description("Margin/day at the current price (revenue when no cost is set).");
        Field(e => e.ProfitAfter).Description("Margin/day at the proposed price.");
    }
}

/// <summary>GraphQL <c>PricingHistoryEntry</c>.</summary>
public sealed class PricingHistoryEntryType : ObjectGraphType<PriceHistoryEntry>
{
    public PricingHistoryEntryType()
    {
        Name = "PricingHistoryEntry";
        Description = "One event of a product's price history: a proposal, its approval or rejection, or a price change.";
        Field(e => e.Kind).Description("PROPOSED, APPROVED, REJECTED or CHANGED.");
        Field(e => e.At).Description("When (store clock).");
        Field(e => e.ProposalId, nullable: true).Description("The proposal concerned.");
        Field(e => e.OldPrice, nullable: true).Description("Price before.");
        Field(e => e.NewPrice, nullable: true).Description("Price proposed or set.");
        Field(e => e.Currency, nullable: true).Description("Currency.");
        Field(e => e.Reason).Description("Plain-language reason.");
        Field(e => e.Source, nullable: true).Description("For changes: 'automatic' or 'approved'.");
        Field<PricingEffectType>("effect").Description("For proposals: the forecast effect.").Resolve(c => c.Source.Effect);
    }
}

/// <summary>GraphQL <c>PricingProposal</c>.</summary>
public sealed class PricingProposalType : ObjectGraphType<PriceProposed>
{
    public PricingProposalType()
    {
        Name = "PricingProposal";
        Description = "A price proposal awaiting the merchant's approval (recommend-only mode).";
        Field(p => p.ProposalId).Description("Proposal id.");
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.").Resolve(c => c.Source.ProductId);
        Field(p => p.CurrentPrice).Description("Price now.");
        Field(p => p.ProposedPrice).Description("Proposed price (within every guardrail when proposed; checked again on approval).");
        Field(p => p.Currency).Description("Currency.");
        Field(p => p.Reason).Description("Plain-language reason.");
        Field(p => p.Elasticity).Description("Elasticity the optimizer used.");
        Field(p => p.Objective).Description("MARGIN or REVENUE.");
        Field(p => p.ModelVersion).Description("Demand model version.");
        Field(p => p.At).Description("When (store clock).");
        Field<NonNullGraphType<PricingEffectType>>("effect").Description("Forecast effect per day.").Resolve(c => c.Source.Effect);
    }
}

/// <summary>GraphQL <c>PricingElasticity</c>.</summary>
public sealed class PricingElasticityType : ObjectGraphType<ElasticityEstimate>
{
    public PricingElasticityType()
    {
        Name = "PricingElasticity";
        Description = "Own-price elasticity (% change in units per 1% change in price) with a 95% interval, shrunk towards the category.";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.").Resolve(c => c.Source.ProductId);
        Field(e => e.Elasticity).Description("Posterior mean elasticity.");
        Field(e => e.Low).Description("Lower end of the 95% interval.");
        Field(e => e.High).Description("Upper end of the 95% interval.");
        Field(e => e.Observations).Description("Days with a known price used by the product's own regression.");
        Field(e => e.OwnEstimate, nullable: true).Description("The product's own estimate before shrinkage (null without price variation).");
        Field(e => e.CategoryWeight).Description("Share of the estimate taken from the category prior (0-1).");
        Field(e => e.Method).Description("How it was estimated.");
    }
}

public sealed class GuardrailScopeType : EnumerationGraphType<GuardrailScope>
{
    public GuardrailScopeType() { Name = "PricingGuardrailScope"; Description = "STORE, CATEGORY (path prefix) or PRODUCT."; }
}

public sealed class CompetitorPolicyType : EnumerationGraphType<CompetitorPolicy>
{
    public CompetitorPolicyType() { Name = "PricingCompetitorPolicy"; Description = "IGNORE competitor prices, MATCH the lowest, or stay WITHIN a percentage of it."; }
}

public sealed class PricingModeType : EnumerationGraphType<PricingMode>
{
    public PricingModeType() { Name = "PricingMode"; Description = "RECOMMEND_ONLY (proposals wait for approval) or AUTOMATIC (applied within the guardrails)."; }
}

public sealed class PricingObjectiveType : EnumerationGraphType<PricingObjective>
{
    public PricingObjectiveType() { Name = "PricingObjective"; Description = "MARGIN ((price − cost) × units) or REVENUE (price × units)."; }
}

/// <summary>GraphQL <c>PricingGuardrails</c>.</summary>
public sealed class GuardrailSetType : ObjectGraphType<GuardrailSet>
{
    public GuardrailSetType()
    {
        Name = "PricingGuardrails";
        Description = "A guardrail set for a scope; unset fields inherit (product over category over store over defaults).";
        Field<NonNullGraphType<GuardrailScopeType>>("scope").Description("Scope.").Resolve(c => c.Source.Scope);
        Field(s => s.Target, nullable: true).Description("Category path or product id.");
        Field(s => s.Floor, nullable: true).Description("Lowest price.");
        Field(s => s.Ceiling, nullable: true).Description("Highest price.");
        Field(s => s.Cost, nullable: true).Description("Unit cost.");
        Field(s => s.MinMarginPercent, nullable: true).Description("Minimum margin over cost, percent.");
        Field(s => s.MaxStepChangePercent, nullable: true).Description("Largest change per step, percent (default 10).");
        Field(s => s.MaxDailyChangePercent, nullable: true).Description("Largest change per store day, percent (default 15).");
        Field(s => s.MinHoursBetweenChanges, nullable: true).Description("Fewest hours between changes (default 24).");
        Field(s => s.Essential, nullable: true).Description("Essential good: anti-gouging while demand spikes.");
        Field(s => s.SpikeMaxIncreasePercent, nullable: true).Description("Largest increase over the reference price while an essential's demand spikes (default 0).");
        Field(s => s.PriceEnding, nullable: true).Description("Required cents ending (e.g. 0.99).");
        Field<CompetitorPolicyType>("competitor").Description("Competitor rule.").Resolve(c => c.Source.Competitor);
        Field(s => s.CompetitorWithinPercent, nullable: true).Description("Band for WITHIN, percent (default 5).");
        Field(s => s.LeadTimeDays, nullable: true).Description("Supplier lead time, days (default 7).");
        Field(s => s.UpdatedAt).Description("Last saved.");
    }
}

/// <summary>GraphQL <c>PricingGuardrailInput</c>.</summary>
public sealed class GuardrailInputType : InputObjectGraphType<GuardrailInput>
{
    public GuardrailInputType()
    {
        Name = "PricingGuardrailInput";
        Description = "Guardrails for a scope; omitted fields inherit from wider scopes. Bad input is refused (BAD_USER_INPUT naming the field) and the settings in force stay.";
        Field<NonNullGraphType<GuardrailScopeType>>("scope").Description("STORE, CATEGORY or PRODUCT.");
        Field(i => i.Target, nullable: true).Description("Category path (CATEGORY) or product id (PRODUCT).");
        Field(i => i.Floor, nullable: true).Description("Lowest price, not negative, at most the ceiling.");
        Field(i => i.Ceiling, nullable: true).Description("Highest price.");
        Field(i => i.Cost, nullable: true).Description("Unit cost, not negative.");
        Field(i => i.MinMarginPercent, nullable: true).Description("Minimum margin over cost, 0-1000 percent.");
        Field(i => i.MaxStepChangePercent, nullable: true).Description("Largest change per step, 0-100 percent.");
        Field(i => i.MaxDailyChangePercent, nullable: true).Description("Largest change per store day, 0-100 percent.");
        Field(i => i.MinHoursBetweenChanges, nullable: true).Description("Fewest hours between changes, 0-8760.");
        Field(i => i.Essential, nullable: true).Description("Essential good (anti-gouging while demand spikes).");
        Field(i => i.SpikeMaxIncreasePercent, nullable: true).Description("Largest increase over the reference price while demand spikes, 0-100 percent.");
        Field(i => i.PriceEnding, nullable: true).Description("Required cents ending, 0.00-0.99.");
        Field<CompetitorPolicyType>("competitor").Description("IGNORE, MATCH or WITHIN.");
        Field(i => i.CompetitorWithinPercent, nullable: true).Description("Band for WITHIN, 0-100 percent.");
        Field(i => i.LeadTimeDays, nullable: true).Description("Supplier lead time, 0-365 days.");
    }
}

/// <summary>GraphQL <c>CompetitorPriceInput</c>.</summary>
public sealed class CompetitorPriceInputType : InputObjectGraphType<CompetitorPriceInput>
{
    public CompetitorPriceInputType()
    {
        Name = "CompetitorPriceInput";
        Description = "A competitor's price for one of the store's products (upsert by product and competitor).";
        Field(i => i.ProductId, nullable: true, type: typeof(IdGraphType)).Description("Required. A product of this store.");
        Field(i => i.Competitor, nullable: true).Description("Required. Competitor name, 1-100 characters.");
        Field(i => i.Price, nullable: true).Description("Required. Greater than 0.");
        Field(i => i.Currency, nullable: true).Description("The product's currency (default).");
        Field(i => i.ObservedAt, nullable: true).Description("When it was seen (default now).");
    }
}

/// <summary>GraphQL <c>PricingCompetitorPrice</c>.</summary>
public sealed class CompetitorPriceType : ObjectGraphType<CompetitorPrice>
{
    public CompetitorPriceType()
    {
        Name = "PricingCompetitorPrice";
        Description = "A competitor's price for a product.";
        Field(c => c.Competitor).Description("Competitor.");
        Field(c => c.Price).Description("Price.");
        Field(c => c.Currency).Description("Currency.");
        Field(c => c.ObservedAt).Description("When it was seen.");
    }
}

/// <summary>GraphQL <c>PricingSettings</c>.</summary>
public sealed class PricingSettingsType : ObjectGraphType<PricingSettings>
{
    public PricingSettingsType()
    {
        Name = "PricingSettings";
        Description = "How the store's prices are set.";
        Field<NonNullGraphType<PricingModeType>>("mode").Description("RECOMMEND_ONLY or AUTOMATIC.").Resolve(c => c.Source.Mode);
        Field<NonNullGraphType<PricingObjectiveType>>("objective").Description("MARGIN or REVENUE.").Resolve(c => c.Source.Objective);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CalendarDateGraphType>>>>("holidays").Description("The store's own holidays (on top of fixed-date defaults).").Resolve(c => c.Source.Holidays);
    }
}

/// <summary>GraphQL <c>InventoryAdvice</c>.</summary>
public sealed class InventoryAdviceType : ObjectGraphType<InventoryAdvice>
{
    public InventoryAdviceType()
    {
        Name = "PricingInventoryAdvice";
        Description = "Safety stock, reorder point and newsvendor order quantity from the demand forecast and the supplier lead time.";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.").Resolve(c => c.Source.ProductId);
        Field(a => a.Stock).Description("Units on hand.");
        Field(a => a.LeadTimeDays).Description("Supplier lead time (guardrails' leadTimeDays).");
        Field(a => a.LeadTimeDemand).Description("Expected units over the lead time (sum of P50).");
        Field(a => a.SafetyStock).Description("Extra units to cover the 90th percentile over the lead time.");
        Field(a => a.ReorderPoint).Description("Order when stock falls to this.");
        Field(a => a.OrderQuantity).Description("Newsvendor order quantity less stock on hand.");
        Field(a => a.CriticalRatio).Description("Newsvendor service level (price − cost) / price.");
        Field(a => a.Risk).Description("STOCK_OUT, OVERSTOCK or OK.");
        Field(a => a.Explanation).Description("Plain-language advice.");
        Field(a => a.Title).Description("Product title.");
        Field(a => a.DaysOfCover, nullable: true).Description("Days until expected (P50) demand uses up the stock; null beyond the forecast horizon.");
        Field<NonNullGraphType<FloatGraphType>>("highDemandOverHorizon").Description("Sum of daily P90 demand over the next 90 days (overstock above this).").Resolve(c => Math.Round(c.Source.HighDemandOverHorizon, 2));
    }
}

/// <summary>GraphQL <c>PricingModel</c>.</summary>
public sealed class DemandModelType : ObjectGraphType<DemandModelDocument>
{
    public DemandModelType()
    {
        Name = "PricingDemandModel";
        Description = "The store's trained demand model.";
        Field(m => m.Version).Description("Model version.");
        Field(m => m.TrainedAt).Description("When it was trained (wall clock).");
        Field<NonNullGraphType<CalendarDateGraphType>>("trainedThrough").Description("Last store day of the training history.").Resolve(c => c.Source.TrainedThrough);
        Field(m => m.Products).Description("Products in the training history.");
        Field(m => m.FitSeconds).Description("Training time in seconds.");
    }
}

/// <summary>GraphQL <c>PricingMarkdownStep</c>.</summary>
public sealed class MarkdownStepType : ObjectGraphType<Markdown.MarkdownStep>
{
    public MarkdownStepType()
    {
        Name = "PricingMarkdownStep";
        Description = "One price step of a markdown plan.";
        Field<NonNullGraphType<CalendarDateGraphType>>("date").Description("The store day the price takes effect (a step today sells from tomorrow).").Resolve(c => c.Source.Date);
        Field(s => s.Price).Description("The price from that day on.");
        Field<NonNullGraphType<FloatGraphType>>("expectedUnits").Description("Units expected while this price is in force (capped by the stock left).").Resolve(c => Math.Round(c.Source.ExpectedUnits, 2));
        Field<NonNullGraphType<FloatGraphType>>("expectedSellThrough").Description("Share of today's stock expected sold by the end of this step's period.").Resolve(c => Math.Round(c.Source.ExpectedSellThrough, 4));
    }
}

/// <summary>GraphQL <c>PricingMarkdownPlan</c>.</summary>
public sealed class MarkdownPlanType : ObjectGraphType<Markdown.MarkdownPlan>
{
    public MarkdownPlanType()
    {
        Name = "PricingMarkdownPlan";
        Description = "The smallest, latest markdowns (within every guardrail) expected to sell the target share of the stock by a date, or the closest the guardrails allow.";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.").Resolve(c => c.Source.ProductId);
        Field(p => p.Stock).Description("Units on hand now.");
        Field(p => p.CurrentPrice).Description("Price now.");
        Field(p => p.Currency).Description("Currency.");
        Field(p => p.TargetSellThrough).Description("The target share of the stock to sell.");
        Field<NonNullGraphType<CalendarDateGraphType>>("from").Description("The store's current day (its clock).").Resolve(c => c.Source.From);
        Field<NonNullGraphType<CalendarDateGraphType>>("by").Description("The target date.").Resolve(c => c.Source.By);
        Field(p => p.Reachable).Description("Whether the plan is expected to reach the target within the guardrails.");
        Field<NonNullGraphType<FloatGraphType>>("expectedSellThrough").Description("Share expected sold by the date with the plan (the closest the guardrails allow when unreachable).").Resolve(c => Math.Round(c.Source.ExpectedSellThrough, 4));
        Field<NonNullGraphType<FloatGraphType>>("expectedUnits").Description("Units expected sold by the date with the plan.").Resolve(c => Math.Round(c.Source.ExpectedUnits, 2));
        Field<NonNullGraphType<FloatGraphType>>("sellThroughWithoutMarkdown").Description("Share expected sold at the current price.").Resolve(c => Math.Round(c.Source.SellThroughWithoutMarkdown, 4));
        Field(p => p.LowestAllowedPrice).Description("Lowest price the floor, minimum margin and competitor band allow.");
        Field(p => p.Elasticity).Description("Elasticity used (capped to [-8, -0.2]).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MarkdownStepType>>>>("steps").Description("The price steps, in date order (empty when no markdown is needed or possible).").Resolve(c => c.Source.Steps);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("binding").Description("When unreachable: the guardrails that hold the price up.").Resolve(c => c.Source.Binding);
        Field(p => p.Explanation).Description("Plain-language summary.");
    }
}

/// <summary>GraphQL <c>PricingAppliedMarkdown</c>.</summary>
public sealed class AppliedMarkdownType : ObjectGraphType<Markdown.MarkdownPlanDocument>
{
    public AppliedMarkdownType()
    {
        Name = "PricingAppliedMarkdown";
        Description = "A markdown plan the merchant applied: its steps are proposed or set on their days; the optimizer leaves the product alone meanwhile.";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.").Resolve(c => c.Source.Id);
        Field(d => d.Active).Description("Still running.");
        Field(d => d.Automatic).Description("Steps are set automatically (true) or proposed for approval (false).");
        Field(d => d.StepsDone).Description("Steps proposed or set so far.");
        Field(d => d.Status).Description("What happened last.");
        Field<NonNullGraphType<MarkdownPlanType>>("plan").Description("The plan.").Resolve(c => c.Source.Plan);
    }
}

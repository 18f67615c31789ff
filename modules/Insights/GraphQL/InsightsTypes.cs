using RetailCommerce.GraphQL.Types;
using GraphQL;
using GraphQL.Types;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Insights.Reporting;

namespace RetailCommerce.Modules.Insights.GraphQL;

/// <summary>GraphQL <c>Insights</c>: the KPIs of one period.</summary>
public sealed class InsightsType : ObjectGraphType<InsightsQuery>
{
    /// <summary>Default size of the top-products and top-searches lists.</summary>
    public const int DefaultLimit = 10;

    public InsightsType()
    {
        Name = "Insights";
        Description = "The store's KPIs for a period of UTC days, computed from its event stream (projected asynchronously, so the newest events may take a moment to count).";
        Field<NonNullGraphType<CalendarDateGraphType>>("from").Description("First day of the period (inclusive).").Resolve(c => c.Source.Period.From);
        Field<NonNullGraphType<CalendarDateGraphType>>("to").Description("Last day of the period (inclusive).").Resolve(c => c.Source.Period.To);
        Field<NonNullGraphType<IntGraphType>>("days").Description("Number of days in the period.").Resolve(c => c.Source.Period.Days);
        Field<NonNullGraphType<InsightsTotalsType>>("totals")
            .Description("Totals over the period.")
            .ResolveAsync(async c => (await c.Source.ReportAsync()).Totals);
        Field<NonNullGraphType<InsightsFunnelType>>("funnel")
            .Description("Conversion funnel over the period's sessions.")
            .ResolveAsync(async c => (await c.Source.ReportAsync()).Funnel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InsightsDayType>>>>("daily")
            .Description("One point per day of the period, in date order; days without events are zeros.")
            .ResolveAsync(async c => (await c.Source.ReportAsync()).Daily);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InsightsTopProductType>>>>("topProducts")
            .Description("The period's best products.")
            .Argument<InsightsProductRankingType>("by", "Ranking: REVENUE (net of returns, the default) or VIEWS.")
            .Argument<IntGraphType>("limit", $"How many, 1-{InsightsReader.MaxRankingSize} (default {DefaultLimit}).")
            .ResolveAsync(async c => await c.Source.Reader.TopProductsAsync(c.Source.StoreId, c.Source.Period,
                c.GetArgument("by", ProductRanking.Revenue), Limit(c), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InsightsTopSearchType>>>>("topSearches")
            .Description("The period's most frequent searches (text trimmed, lower-cased, inner spaces collapsed).")
            .Argument<IntGraphType>("limit", $"How many, 1-{InsightsReader.MaxRankingSize} (default {DefaultLimit}).")
            .ResolveAsync(async c => await c.Source.Reader.TopSearchesAsync(c.Source.StoreId, c.Source.Period, Limit(c), c.CancellationToken));
    }

    private static int Limit(IResolveFieldContext c) => c.PageSize(DefaultLimit, InsightsReader.MaxRankingSize, "limit");
}

/// <summary>GraphQL <c>InsightsTotals</c>.</summary>
public sealed class InsightsTotalsType : ObjectGraphType<KpiTotals>
{
    public InsightsTotalsType()
    {
        Name = "InsightsTotals";
        Description = "Totals over a period. Sessions are summed over days (a session active on two days counts on each); visitors and orders are distinct over the whole period.";
        Field(t => t.Sessions).Description("Session-days: distinct session ids per day, plus one per customer per day for events sent without a session id. Returns open no session.");
        Field(t => t.Visitors).Description("Distinct visitors over the period: the customer id when an event has one, otherwise the session id.");
        Field(t => t.ProductViews).Description("VIEW events.");
        Field(t => t.Searches).Description("SEARCH events.");
        Field(t => t.AddToCarts).Description("ADD_TO_CART events.");
        Field(t => t.Checkouts).Description("CHECKOUT events.");
        Field(t => t.Orders).Description("Distinct order ids on PURCHASE events.");
        Field(t => t.UnitsSold).Description("Units on PURCHASE events.");
        Field(t => t.Revenue).Description("Σ price × quantity over PURCHASE events (gross, before returns).");
        Field(t => t.Returns).Description("RETURN events (returned lines).");
        Field(t => t.UnitsReturned).Description("Units on RETURN events.");
        Field(t => t.ReturnedValue).Description("Σ price × quantity over RETURN events.");
        Field(t => t.NetRevenue).Description("revenue − returnedValue.");
        Field(t => t.AverageOrderValue, nullable: true).Description("revenue / orders, rounded to cents; null without orders.");
        Field(t => t.RevenuePerVisitor, nullable: true).Description("revenue / visitors, rounded to cents; null without visitors.");
    }
}

/// <summary>GraphQL <c>InsightsDay</c>.</summary>
public sealed class InsightsDayType : ObjectGraphType<DailyKpis>
{
    public InsightsDayType()
    {
        Name = "InsightsDay";
        Description = "What the shop did on one UTC day.";
        Field<NonNullGraphType<CalendarDateGraphType>>("date").Description("The day.").Resolve(c => c.Source.Day);
        Field(d => d.Sessions).Description("Distinct sessions active that day (see InsightsTotals.sessions).");
        Field(d => d.Visitors).Description("Distinct visitors that day.");
        Field(d => d.ProductViews).Description("VIEW events.");
        Field(d => d.Searches).Description("SEARCH events.");
        Field(d => d.AddToCarts).Description("ADD_TO_CART events.");
        Field(d => d.Checkouts).Description("CHECKOUT events.");
        Field(d => d.Orders).Description("Distinct order ids on that day's PURCHASE events.");
        Field(d => d.UnitsSold).Description("Units on PURCHASE events.");
        Field(d => d.Revenue).Description("Σ price × quantity over PURCHASE events.");
        Field(d => d.Returns).Description("RETURN events.");
        Field(d => d.UnitsReturned).Description("Units on RETURN events.");
        Field(d => d.ReturnedValue).Description("Σ price × quantity over RETURN events.");
        Field(d => d.NetRevenue).Description("revenue − returnedValue.");
    }
}

/// <summary>GraphQL <c>InsightsFunnel</c>.</summary>
public sealed class InsightsFunnelType : ObjectGraphType<ConversionFunnel>
{
    public InsightsFunnelType()
    {
        Name = "InsightsFunnel";
        Description = "Conversion funnel over session-days: product view → add to cart → checkout → purchase. Each step counts the sessions that did it (open funnel), so a step can exceed the previous one when shoppers skip steps.";
        Field(f => f.Sessions).Description("All sessions of the period (the funnel's base).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InsightsFunnelStepType>>>>("steps").Description("The steps in order.").Resolve(c => c.Source.Steps);
        Field(f => f.ConversionRate, nullable: true).Description("Sessions with a purchase / sessions (0-1); null without sessions.");
        Field(f => f.CartAbandonmentRate, nullable: true).Description("Sessions with an add-to-cart but no purchase / sessions with an add-to-cart (0-1); null without carts.");
    }
}

/// <summary>GraphQL <c>InsightsFunnelStep</c>.</summary>
public sealed class InsightsFunnelStepType : ObjectGraphType<FunnelStep>
{
    public InsightsFunnelStepType()
    {
        Name = "InsightsFunnelStep";
        Description = "One funnel step.";
        Field<NonNullGraphType<InsightsFunnelStageType>>("step").Description("Which step.").Resolve(c => c.Source.Step);
        Field(s => s.Sessions).Description("Sessions that did this step.");
        Field(s => s.RateFromPrevious, nullable: true).Description("Sessions here / sessions at the previous step (0-1); null for the first step or when the previous step is 0.");
        Field(s => s.RateFromStart, nullable: true).Description("Sessions here / all sessions (0-1); null without sessions.");
    }
}

/// <summary>GraphQL <c>InsightsFunnelStage</c>.</summary>
public sealed class InsightsFunnelStageType : EnumerationGraphType<FunnelStage>
{
    public InsightsFunnelStageType()
    {
        Name = "InsightsFunnelStage";
        Description = "A funnel step: PRODUCT_VIEW, ADD_TO_CART, CHECKOUT or PURCHASE.";
    }
}

/// <summary>GraphQL <c>InsightsProductRanking</c>.</summary>
public sealed class InsightsProductRankingType : EnumerationGraphType<ProductRanking>
{
    public InsightsProductRankingType()
    {
        Name = "InsightsProductRanking";
        Description = "How top products are ranked: REVENUE (net of returns) or VIEWS.";
    }
}

/// <summary>GraphQL <c>InsightsTopProduct</c>.</summary>
public sealed class InsightsTopProductType : ObjectGraphType<TopProduct>
{
    public InsightsTopProductType()
    {
        Name = "InsightsTopProduct";
        Description = "A product's performance over the period (from the platform's per-product daily stats).";
        Field(p => p.ProductId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The product id.");
        Field(p => p.Title, nullable: true).Description("The product's current title; null when it is no longer in the catalog.");
        Field(p => p.Views).Description("VIEW events.");
        Field(p => p.AddToCartUnits).Description("Units added to carts.");
        Field(p => p.UnitsSold).Description("Units purchased.");
        Field(p => p.UnitsReturned).Description("Units returned.");
        Field(p => p.NetRevenue).Description("Revenue from purchases less returns.");
    }
}

/// <summary>GraphQL <c>InsightsTopSearch</c>.</summary>
public sealed class InsightsTopSearchType : ObjectGraphType<TopSearch>
{
    public InsightsTopSearchType()
    {
        Name = "InsightsTopSearch";
        Description = "A search text and how often it was run.";
        Field(s => s.Query).Description("The search text, trimmed, lower-cased, inner whitespace collapsed.");
        Field(s => s.Searches).Description("SEARCH events with this text.");
    }
}

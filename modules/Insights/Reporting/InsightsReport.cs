namespace RetailCommerce.Modules.Insights.Reporting;

/// <summary>What the shop did on one store day. Days without events have a point of zeros.</summary>
public sealed record DailyKpis(
    DateOnly Day,
    int Sessions,
    int Visitors,
    int ProductViews,
    int Searches,
    int AddToCarts,
    int Checkouts,
    int Orders,
    int UnitsSold,
    decimal Revenue,
    int Returns,
    int UnitsReturned,
    decimal ReturnedValue)
{
    /// <summary>Revenue less returned value.</summary>
    public decimal NetRevenue => Revenue - ReturnedValue;
}

/// <summary>
/// The period's totals. Counts of events, units and money are sums of the days; <see cref="Sessions"/> is a
/// sum too (a session is counted on each day it was active), while <see cref="Visitors"/> and
/// <see cref="Orders"/> are distinct over the whole period.
/// </summary>
public sealed record KpiTotals(
    int Sessions,
    int Visitors,
    int ProductViews,
    int Searches,
    int AddToCarts,
    int Checkouts,
    int Orders,
    int UnitsSold,
    decimal Revenue,
    int Returns,
    int UnitsReturned,
    decimal ReturnedValue)
{
    /// <summary>Revenue less returned value.</summary>
    public decimal NetRevenue => Revenue - ReturnedValue;

    /// <summary>Revenue per order; null without orders.</summary>
    public decimal? AverageOrderValue => KpiMath.Per(Revenue, Orders);

    /// <summary>Revenue per distinct visitor; null without visitors.</summary>
    public decimal? RevenuePerVisitor => KpiMath.Per(Revenue, Visitors);
}

/// <summary>One step of the conversion funnel.</summary>
/// <param name="Step">Which step.</param>
/// <param name="Sessions">Sessions that did this step.</param>
/// <param name="RateFromPrevious">Sessions here / sessions at the previous step (null for the first step or when the previous is 0).</param>
/// <param name="RateFromStart">Sessions here / all sessions.</param>
public sealed record FunnelStep(FunnelStage Step, int Sessions, double? RateFromPrevious, double? RateFromStart);

/// <summary>The funnel's stages, in order.</summary>
public enum FunnelStage
{
    /// <summary>The session viewed a product.</summary>
    ProductView,
    /// <summary>The session added to the cart.</summary>
    AddToCart,
    /// <summary>The session started checkout.</summary>
    Checkout,
    /// <summary>The session purchased.</summary>
    Purchase,
}

/// <summary>How many sessions reached each stage, counted per session-day (see <c>ShopperDayFacts</c>).</summary>
public sealed record SessionFunnelCounts(int Sessions, int Viewed, int AddedToCart, int CheckedOut, int Purchased, int AbandonedCarts)
{
    /// <summary>No sessions.</summary>
    public static readonly SessionFunnelCounts None = new(0, 0, 0, 0, 0, 0);

    /// <summary>The two counts together (two days, or a day and a running total).</summary>
    public SessionFunnelCounts Plus(SessionFunnelCounts o) => new(Sessions + o.Sessions, Viewed + o.Viewed,
        AddedToCart + o.AddedToCart, CheckedOut + o.CheckedOut, Purchased + o.Purchased, AbandonedCarts + o.AbandonedCarts);
}

/// <summary>
/// The conversion funnel over sessions: product view → add to cart → checkout → purchase. Each step counts the
/// sessions that did it on the day (an "open" funnel, as most shop analytics show it), so a session that adds
/// to the cart straight from a list still counts at the cart step.
/// </summary>
public sealed record ConversionFunnel(IReadOnlyList<FunnelStep> Steps, int Sessions, double? ConversionRate, double? CartAbandonmentRate)
{
    /// <summary>The funnel from per-stage session counts.</summary>
    public static ConversionFunnel From(SessionFunnelCounts c)
    {
        (FunnelStage Stage, int Sessions)[] stages =
            [(FunnelStage.ProductView, c.Viewed), (FunnelStage.AddToCart, c.AddedToCart), (FunnelStage.Checkout, c.CheckedOut), (FunnelStage.Purchase, c.Purchased)];
        var steps = stages.Select((s, i) => new FunnelStep(s.Stage, s.Sessions,
            i == 0 ? null : KpiMath.Rate(s.Sessions, stages[i - 1].Sessions),
            KpiMath.Rate(s.Sessions, c.Sessions))).ToList();
        return new ConversionFunnel(steps, c.Sessions,
            ConversionRate: KpiMath.Rate(c.Purchased, c.Sessions),
            CartAbandonmentRate: KpiMath.Rate(c.AbandonedCarts, c.AddedToCart));
    }
}

/// <summary>The KPIs of one period: totals, funnel and one point per day.</summary>
public sealed record InsightsReport(ReportingPeriod Period, KpiTotals Totals, ConversionFunnel Funnel, IReadOnlyList<DailyKpis> Daily);

/// <summary>How top products are ranked.</summary>
public enum ProductRanking
{
    /// <summary>By revenue less returns.</summary>
    Revenue,
    /// <summary>By product views.</summary>
    Views,
}

/// <summary>A product's performance over a period (from the platform's per-product daily stats).</summary>
public sealed record TopProduct(string ProductId, string? Title, int Views, int AddToCartUnits, int UnitsSold, int UnitsReturned, decimal NetRevenue);

/// <summary>A search text and how often it was run over a period.</summary>
public sealed record TopSearch(string Query, int Searches);

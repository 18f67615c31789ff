using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Insights.Projections;
using RetailCommerce.Modules.Insights.Reporting;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Tests;

public sealed class ReportMathTests
{
    [Fact]
    public void Rates_are_fractions_and_undefined_without_a_base()
    {
        Assert.Equal(0.25, KpiMath.Rate(1, 4));
        Assert.Equal(0.0, KpiMath.Rate(0, 4));
        Assert.Null(KpiMath.Rate(3, 0));
        Assert.Equal(1.5, KpiMath.Rate(3, 2)); // an open funnel step may exceed its predecessor
    }

    [Fact]
    public void Amounts_per_unit_are_rounded_to_cents_half_away_from_zero()
    {
        Assert.Equal(33.33m, KpiMath.Per(100m, 3));
        Assert.Equal(0.01m, KpiMath.Per(0.005m, 1));
        Assert.Equal(2.5m, KpiMath.Per(5m, 2));
        Assert.Null(KpiMath.Per(10m, 0));
    }

    [Fact]
    public void The_funnel_gives_step_rates_conversion_and_cart_abandonment()
    {
        // 200 sessions: 160 viewed, 40 carted, 20 checked out, 10 bought; 30 carts without a purchase.
        var funnel = ConversionFunnel.From(new SessionFunnelCounts(200, 160, 40, 20, 10, 30));
        Assert.Equal([FunnelStage.ProductView, FunnelStage.AddToCart, FunnelStage.Checkout, FunnelStage.Purchase], funnel.Steps.Select(s => s.Step));
        Assert.Equal([160, 40, 20, 10], funnel.Steps.Select(s => s.Sessions));
        Assert.Equal([null, 0.25, 0.5, 0.5], funnel.Steps.Select(s => s.RateFromPrevious));
        Assert.Equal([0.8, 0.2, 0.1, 0.05], funnel.Steps.Select(s => s.RateFromStart));
        Assert.Equal(0.05, funnel.ConversionRate);
        Assert.Equal(0.75, funnel.CartAbandonmentRate);
    }

    [Fact]
    public void An_empty_funnel_has_no_rates_and_a_step_after_an_empty_step_has_none_either()
    {
        var empty = ConversionFunnel.From(SessionFunnelCounts.None);
        Assert.All(empty.Steps, s => Assert.Null(s.RateFromStart));
        Assert.Null(empty.ConversionRate);
        Assert.Null(empty.CartAbandonmentRate);

        var noCheckout = ConversionFunnel.From(new SessionFunnelCounts(10, 5, 2, 0, 1, 1));
        Assert.Equal(0.0, noCheckout.Steps[2].RateFromPrevious);
        Assert.Null(noCheckout.Steps[3].RateFromPrevious);
    }

    [Fact]
    public void Funnel_counts_add_up_day_by_day()
    {
        var sum = new SessionFunnelCounts(3, 2, 1, 1, 1, 0).Plus(new SessionFunnelCounts(4, 1, 2, 0, 0, 2));
        Assert.Equal(new SessionFunnelCounts(7, 3, 3, 1, 1, 2), sum);
    }

    [Fact]
    public void Totals_derive_net_revenue_average_order_value_and_revenue_per_visitor()
    {
        var totals = new KpiTotals(Sessions: 12, Visitors: 8, ProductViews: 30, Searches: 5, AddToCarts: 6, Checkouts: 4,
            Orders: 3, UnitsSold: 7, Revenue: 250m, Returns: 1, UnitsReturned: 1, ReturnedValue: 40m);
        Assert.Equal(210m, totals.NetRevenue);
        Assert.Equal(83.33m, totals.AverageOrderValue);
        Assert.Equal(31.25m, totals.RevenuePerVisitor);
    }

    [Fact]
    public void A_period_is_inclusive_and_at_most_366_days()
    {
        var period = ReportingPeriod.Of(new DateOnly(2025, 1, 30), new DateOnly(2025, 2, 2));
        Assert.Equal(4, period.Days);
        Assert.Equal([new DateOnly(2025, 1, 30), new DateOnly(2025, 1, 31), new DateOnly(2025, 2, 1), new DateOnly(2025, 2, 2)], period.EachDay());
        Assert.Equal(366, ReportingPeriod.Of(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)).Days);
        Assert.Equal(30, ReportingPeriod.Ending(new DateOnly(2025, 3, 31), 30).Days);
        Assert.Equal(new DateOnly(2025, 3, 2), ReportingPeriod.Ending(new DateOnly(2025, 3, 31), 30).From);

        var backwards = Assert.Throws<RetailError>(() => ReportingPeriod.Of(new DateOnly(2025, 2, 2), new DateOnly(2025, 2, 1)));
        Assert.Equal((ErrorCodes.BadUserInput, "from"), (backwards.Code, backwards.Field));
        var tooLong = Assert.Throws<RetailError>(() => ReportingPeriod.Of(new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1)));
        Assert.Equal((ErrorCodes.BadUserInput, "to"), (tooLong.Code, tooLong.Field));
        Assert.Contains("367", tooLong.Message);
    }

    [Fact]
    public void Sessions_visitors_days_and_searches_are_keyed_as_documented()
    {
        var late = new ProductViewed { SessionId = "s1", CustomerId = "c1", OccurredAt = new DateTimeOffset(2025, 3, 14, 23, 30, 0, TimeSpan.FromHours(-2)) };
        Assert.Equal(new DateOnly(2025, 3, 15), ShopperKeys.DayOf(late)); // UTC day, not the shopper's
        Assert.Equal("session:s1", ShopperKeys.SessionOf(late));
        Assert.Equal("customer:c1", ShopperKeys.VisitorOf(late));

        var serverSide = new ItemPurchased { CustomerId = "c1", OrderId = "o1" };
        Assert.Equal("customer:c1", ShopperKeys.SessionOf(serverSide));
        var anonymous = new CatalogSearched { SessionId = "s9" };
        Assert.Equal("session:s9", ShopperKeys.VisitorOf(anonymous));

        Assert.Equal("sleeping bag", ShopperKeys.NormalizedQuery("  Sleeping \t BAG "));
        Assert.Equal("2025-03-15|session:s1", ShopperKeys.DayKey(ShopperKeys.DayOf(late), ShopperKeys.SessionOf(late)));
        Assert.Equal(64, ShopperKeys.Fingerprint(new string('x', 1000)).Length);
    }
}

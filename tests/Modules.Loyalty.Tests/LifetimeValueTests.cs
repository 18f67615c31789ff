using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Modules.Loyalty.Tests.Support;

namespace RetailCommerce.Modules.Loyalty.Tests;

public sealed class LifetimeValueTests
{
    private static readonly BgNbdModel Purchases = new(0.243, 4.414, 0.793, 2.426);
    private static readonly GammaGammaModel Spend = new(6.25, 3.74, 15.44);
    private static readonly CustomerRepeatSummary Customer = new("c1", 2, 30.43, 38.86, 22.35);
    private const double WeeksPerMonth = 365.25 / 12 / 7;

    [Fact]
    public void Without_discounting_the_periods_add_up_to_the_whole_horizon()
    {
        var clv = LifetimeValue.Monthly(Purchases, Spend, PeriodUnit.Weeks, months: 12, monthlyDiscountRate: 0, margin: 0.3);

        double expected = 0.3 * Spend.ConditionalExpectedSpend(Customer) * Purchases.ExpectedPurchases(12 * WeeksPerMonth, Customer);
        Within.Relative(expected, clv.Estimate(Customer), 1e-12, "undiscounted 12-month CLV");
    }

    [Fact]
    public void Discounting_matches_a_hand_calculation()
    {
        var clv = LifetimeValue.Weekly(Purchases, Spend, PeriodUnit.Weeks, weeks: 2, weeklyDiscountRate: 0.05, margin: 1);

        double week1 = Purchases.ExpectedPurchases(1, Customer);
        double week2 = Purchases.ExpectedPurchases(2, Customer) - week1;
        double expected = Spend.ConditionalExpectedSpend(Customer) * (week1 / 1.05 + week2 / (1.05 * 1.05));
        Within.Relative(expected, clv.Estimate(Customer), 1e-12, "two-week CLV");
    }

    [Fact]
    public void Model_unit_days_gives_the_same_value_as_weeks()
    {
        // Same population expressed per day: alpha scales by 7, times by 7.
        var daily = new BgNbdModel(Purchases.R, Purchases.Alpha * 7, Purchases.A, Purchases.B);
        var inDays = Customer with { Recency = Customer.Recency * 7, Age = Customer.Age * 7 };

        double weeks = LifetimeValue.Monthly(Purchases, Spend, PeriodUnit.Weeks, 6, 0.01, 1).Estimate(Customer);
        double days = LifetimeValue.Monthly(daily, Spend, PeriodUnit.Days, 6, 0.01, 1).Estimate(inDays);
        Within.Relative(weeks, days, 1e-9, "unit invariance");
    }

    [Fact]
    public void Value_grows_with_horizon_and_margin_and_falls_with_discount()
    {
        double Value(int months, double rate, double margin) =>
            LifetimeValue.Monthly(Purchases, Spend, PeriodUnit.Weeks, months, rate, margin).Estimate(Customer);

        Assert.True(Value(24, 0.01, 1) > Value(12, 0.01, 1));
        Assert.True(Value(12, 0.00, 1) > Value(12, 0.02, 1));
        Within.Relative(Value(12, 0.01, 1) / 2, Value(12, 0.01, 0.5), 1e-12, "margin is linear");
        Assert.Equal(0.0, Value(12, 0.01, 0));
    }

    [Theory]
    [InlineData(0, 0.01, 1.0)]
    [InlineData(12, -0.5, 1.0)]
    [InlineData(12, 0.01, 1.5)]
    [InlineData(12, double.NaN, 1.0)]
    public void Rejects_meaningless_settings(int months, double rate, double margin)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LifetimeValue.Monthly(Purchases, Spend, PeriodUnit.Weeks, months, rate, margin));
    }
}

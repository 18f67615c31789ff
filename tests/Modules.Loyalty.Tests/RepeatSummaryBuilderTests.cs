using RetailCommerce.Modules.Loyalty.Lifetime;

namespace RetailCommerce.Modules.Loyalty.Tests;

public sealed class RepeatSummaryBuilderTests
{
    private static readonly DateOnly End = new(2024, 3, 31);

    private static readonly CustomerTransaction[] Orders =
    [
        // Anna: first day has two orders (one visit), then a repeat, then a two-order repeat day, then one after the end.
        new("anna", new DateOnly(2024, 1, 1), 10m),
        new("anna", new DateOnly(2024, 1, 1), 5m),
        new("anna", new DateOnly(2024, 1, 15), 20m),
        new("anna", new DateOnly(2024, 2, 12), 30m),
        new("anna", new DateOnly(2024, 2, 12), 10m),
        new("anna", new DateOnly(2024, 4, 2), 99m),
        // Ben bought once.
        new("ben", new DateOnly(2024, 3, 3), 42m),
        // Cleo's first purchase is after the end: not a customer yet.
        new("cleo", new DateOnly(2024, 4, 1), 7m),
    ];

    [Fact]
    public void Same_day_orders_are_one_transaction_and_the_first_day_is_not_a_repeat()
    {
        // Input order must not matter.
        var summaries = RepeatSummaryBuilder.Build(Orders.Reverse(), End, PeriodUnit.Weeks);

        Assert.Equal(["anna", "ben"], summaries.Select(s => s.CustomerId));
        var anna = summaries[0];
        Assert.Equal(2, anna.Frequency);
        Assert.Equal(42 / 7.0, anna.Recency, 12);            // Jan 1 → Feb 12 = 42 days
        Assert.Equal(90 / 7.0, anna.Age, 12);                // Jan 1 → Mar 31 = 90 days (2024 is a leap year)
        Assert.Equal((20 + 40) / 2.0, anna.MeanRepeatSpend, 12); // repeat days only, same-day orders summed

        var ben = summaries[1];
        Assert.Equal(new CustomerRepeatSummary("ben", 0, 0, 28 / 7.0, 0), ben);
    }

    [Fact]
    public void Days_unit_measures_in_days()
    {
        var anna = RepeatSummaryBuilder.Build(Orders, End, PeriodUnit.Days).Single(s => s.CustomerId == "anna");

        Assert.Equal(42.0, anna.Recency);
        Assert.Equal(90.0, anna.Age);
    }

    [Fact]
    public void Holdout_counts_distinct_purchase_days_inside_the_window()
    {
        var counts = RepeatSummaryBuilder.CountPurchaseDays(Orders, after: new DateOnly(2024, 1, 1), through: new DateOnly(2024, 4, 1));

        Assert.Equal(2, counts["anna"]);   // Jan 15 and Feb 12 (two orders); Jan 1 is not after, Apr 2 is past the window
        Assert.Equal(1, counts["ben"]);
        Assert.Equal(1, counts["cleo"]);
        Assert.Equal(3, counts.Count);
    }

    [Fact]
    public void Transactions_without_customer_are_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
            RepeatSummaryBuilder.Build([new CustomerTransaction("", new DateOnly(2024, 1, 1), 1m)], End, PeriodUnit.Weeks));
    }
}

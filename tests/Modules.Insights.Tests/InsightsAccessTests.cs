namespace RetailCommerce.Modules.Insights.Tests;

/// <summary>Who may call <c>insights</c>, and how bad arguments are answered.</summary>
[Collection(InsightsHostCollection.Name)]
public sealed class InsightsAccessTests(InsightsHost host)
{
    private const string Query = """query($from: Date!, $to: Date!) { insights(from: $from, to: $to) { days totals { sessions } } }""";

    [Fact]
    public async Task A_storefront_key_is_FORBIDDEN_and_no_credentials_UNAUTHENTICATED()
    {
        var (_, key) = await host.NewStore("s", "insights");
        var variables = new { from = "2025-01-01", to = "2025-01-31" };
        Assert.Equal("FORBIDDEN", (await host.Storefront(key).Send(Query, variables)).Code);
        Assert.Equal("UNAUTHENTICATED", (await host.Anonymous().Send(Query, variables)).Code);
    }

    [Fact]
    public async Task A_store_with_the_module_disabled_gets_MODULE_DISABLED()
    {
        var (store, _) = await host.NewStore("s");
        var r = await host.Admin(store).Send(Query, new { from = "2025-01-01", to = "2025-01-31" });
        Assert.Equal("MODULE_DISABLED", r.Code);

        await host.Admin(store).Data("""mutation { enableModule(id: "insights") { enabled } }""");
        Assert.Empty((await host.Admin(store).Send(Query, new { from = "2025-01-01", to = "2025-01-31" })).Errors);
        await host.Admin(store).Data("""mutation { disableModule(id: "insights") { enabled } }""");
        Assert.Equal("MODULE_DISABLED", (await host.Admin(store).Send(Query, new { from = "2025-01-01", to = "2025-01-31" })).Code);
    }

    [Theory]
    [InlineData("2025-02-01", "2025-01-31", "from")] // from after to
    [InlineData("2024-01-01", "2025-01-01", "to")]   // 367 days
    public async Task A_bad_period_is_BAD_USER_INPUT_naming_the_argument(string from, string to, string field)
    {
        var (store, _) = await host.NewStore("s", "insights");
        var r = await host.Admin(store).Send(Query, new { from, to });
        Assert.Equal("BAD_USER_INPUT", r.Code);
        Assert.Equal(field, r.Field);
        Assert.Contains(field, r.Errors[0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_period_of_366_days_and_of_one_day_are_accepted_with_one_point_per_day()
    {
        var (store, _) = await host.NewStore("s", "insights");
        var leapYear = await host.Admin(store).Data("""{ insights(from: "2024-01-01", to: "2024-12-31") { days daily { date sessions revenue } } }""");
        Assert.Equal(366, leapYear["insights"]!["days"]!.GetValue<int>());
        var daily = leapYear["insights"]!["daily"]!.AsArray();
        Assert.Equal(366, daily.Count);
        Assert.Equal("2024-02-29", daily[59]!["date"]!.GetValue<string>());
        Assert.All(daily, d => Assert.Equal(0, d!["sessions"]!.GetValue<int>()));

        var oneDay = await host.Admin(store).Data("""{ insights(from: "2024-03-01", to: "2024-03-01") { days funnel { conversionRate cartAbandonmentRate } totals { averageOrderValue revenuePerVisitor } } }""");
        Assert.Equal(1, oneDay["insights"]!["days"]!.GetValue<int>());
        Assert.Null(oneDay["insights"]!["funnel"]!["conversionRate"]); // no sessions: undefined, not 0
        Assert.Null(oneDay["insights"]!["totals"]!["averageOrderValue"]);
    }

    [Fact]
    public async Task A_malformed_date_or_limit_is_BAD_USER_INPUT()
    {
        var (store, _) = await host.NewStore("s", "insights");
        Assert.Equal("BAD_USER_INPUT", (await host.Admin(store).Send(Query, new { from = "2025-13-01", to = "2025-12-31" })).Code);
        Assert.Equal("BAD_USER_INPUT", (await host.Admin(store).Send(Query, new { from = "yesterday", to = "2025-12-31" })).Code);
        var limit = await host.Admin(store).Send("""{ insights(from: "2025-01-01", to: "2025-01-31") { topSearches(limit: 0) { query } } }""");
        Assert.Equal("BAD_USER_INPUT", limit.Code);
        Assert.Equal("limit", limit.Field);
        var tooMany = await host.Admin(store).Send("""{ insights(from: "2025-01-01", to: "2025-01-31") { topProducts(limit: 101) { productId } } }""");
        Assert.Equal("limit", tooMany.Field);
    }
}

using RetailCommerce.Customers;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Modules.Loyalty.Segments;

namespace RetailCommerce.Modules.Loyalty.Tests.Integration;

[Collection(LoyaltyHostCollection.Name)]
public sealed class CustomerValueIntegrationTests(LoyaltyHost host)
{
    // CDNOW estimates (weeks) as the truth of the simulated store.
    private static readonly BgNbdModel Truth = new(0.243, 4.414, 0.793, 2.426);
    private static readonly GammaGammaModel TruthSpend = new(6.25, 3.74, 15.44);
    private static readonly DateOnly CohortStart = new(2024, 1, 1);
    private static readonly DateOnly End = CohortStart.AddDays(7 * 78 - 1);

    private const string ModelFields = "r alpha a b p q v fittedAt observationEnd logLikelihood converged customers repeatCustomers probabilityAliveAuc bgNbdChurnAuc churnModelAuc churnTrainingExamples churnHoldoutExamples churnModelStatus outcome";

    [Fact]
    public async Task Fit_job_on_simulated_purchases_recovers_the_parameters_and_reports_both_AUCs()
    {
        var (store, key) = await host.NewStore("l", "loyalty");
        var transactions = BgNbdSimulator.SimulateTransactions(Truth, 3_000, CohortStart, 84, End, PeriodUnit.Weeks, seed: 11, TruthSpend);
        await StoreData.Products(host, store, ("cd", "Music", 10m));
        await StoreData.Track(host, key, StoreData.Simulated(transactions, "cd"));

        var asOf = new DateTimeOffset(End.ToDateTime(new TimeOnly(23, 0)), TimeSpan.Zero);
        var data = await host.Admin(store).Data($"mutation($t:DateTimeOffset){{fitCustomerValue(asOf:$t){{outcome model{{{ModelFields}}}}}}}", new { t = asOf });
        var model = data["fitCustomerValue"]!["model"]!;

        // The stored fit is exactly the in-memory fit of the same purchases: the event path loses nothing.
        var expected = new BgNbdFitter().Fit(RepeatSummaryBuilder.Build(transactions, End, PeriodUnit.Weeks));
        Assert.Equal(expected.Model.R, D(model, "r"), 6);
        Assert.Equal(expected.Quality.LogLikelihood, D(model, "logLikelihood"), 3);
        Assert.Equal(3_000, model["customers"]!.GetValue<int>());
        Assert.True(model["converged"]!.GetValue<bool>());
        // And it lands near the truth (3,000 customers with day-resolution dates; see docs/loyalty-clv.md for the bias).
        Support.Within.Relative(Truth.R, D(model, "r"), 0.25, "r");
        Support.Within.Relative(Truth.Alpha, D(model, "alpha"), 0.30, "alpha");
        Support.Within.Relative(Truth.A, D(model, "a"), 0.40, "a");
        Support.Within.Relative(Truth.B, D(model, "b"), 0.40, "b");
        Support.Within.Relative(TruthSpend.P, D(model, "p"), 0.15, "p");

        // Both churn models were evaluated on the same out-of-time holdout, and both beat chance. (1 − P(alive) alone
        // is reported too; it ranks every one-time buyer as certainly active, so it is no churn score.)
        Assert.StartsWith("lightgbm", model["churnModelStatus"]!.GetValue<string>());
        Assert.NotNull(model["probabilityAliveAuc"]);
        Assert.InRange(D(model, "bgNbdChurnAuc"), 0.6, 1.0);
        Assert.InRange(D(model, "churnModelAuc"), 0.6, 1.0);
        Assert.Contains("churn AUC", data["fitCustomerValue"]!["outcome"]!.GetValue<string>());

        var values = await host.Admin(store).Data("{customerValues(first:100){customerId expectedPurchases90Days expectedPurchases365Days probabilityAlive lifetimeValue churnRisk churnRiskSource segment}}");
        var rows = values["customerValues"]!.AsArray();
        Assert.Equal(100, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.InRange(D(r!, "probabilityAlive"), 0, 1);
            Assert.InRange(D(r!, "churnRisk"), 0, 1);
            Assert.True(D(r!, "expectedPurchases365Days") >= D(r!, "expectedPurchases90Days"));
            Assert.Equal("lightgbm", r!["churnRiskSource"]!.GetValue<string>());
        });
        var clv = rows.Select(r => D(r!, "lifetimeValue")).ToList();
        Assert.Equal(clv.OrderByDescending(v => v), clv);

        // Other modules read segments through ICustomerSegments; the admin list filters the same way.
        var champions = (await host.Admin(store).Data("{customerValues(segment:CHAMPION,first:50){customerId segment}}"))["customerValues"]!.AsArray();
        Assert.NotEmpty(champions);
        Assert.All(champions, c => Assert.Equal("CHAMPION", c!["segment"]!.GetValue<string>()));
        var segments = host.Services.GetRequiredService<ICustomerSegments>();
        Assert.Equal(champions.Select(c => c!["customerId"]!.GetValue<string>()), await segments.CustomersInAsync(store, CustomerSegment.Champion, 50));
        Assert.Equal(CustomerSegment.Champion, await segments.SegmentOfAsync(store, champions[0]!["customerId"]!.GetValue<string>()));
        Assert.Null(await segments.SegmentOfAsync(store, "nobody"));

        // The scheduled job runs the same fit as of the store's latest event.
        var outcome = await StoreData.RunJob(host, store, "loyalty.fit-clv");
        Assert.Contains("fitted 3000 customers", outcome);
        var viaJob = (await host.Admin(store).Data("{clvModel{observationEnd customers}}"))["clvModel"]!;
        Assert.Equal(transactions.Max(t => t.Date), DateOnly.FromDateTime(DateTimeOffset.Parse(viaJob["observationEnd"]!.GetValue<string>(), CultureInfo.InvariantCulture).UtcDateTime));
    }

    [Fact]
    public async Task A_store_too_small_to_fit_says_so()
    {
        var (store, key) = await host.NewStore("l", "loyalty");
        await StoreData.Products(host, store, ("cd", "Music", 10m));
        var day = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        await StoreData.Track(host, key, [StoreData.Purchase("a", "c1", "o1", "cd", 10m, day), StoreData.Purchase("b", "c1", "o2", "cd", 10m, day.AddDays(9)),
            StoreData.Purchase("c", "c2", "o3", "cd", 10m, day.AddDays(2))]);
        var outcome = await StoreData.RunJob(host, store, "loyalty.fit-clv");
        Assert.Contains("store too small to fit: 2 customers", outcome);
        Assert.Null((await host.Admin(store).Data("{clvModel{r}}"))["clvModel"]);
    }

    [Fact]
    public async Task Without_enough_history_churn_falls_back_to_the_BG_NBD_score_and_says_why()
    {
        var (store, key) = await host.NewStore("l", "loyalty");
        var end = CohortStart.AddDays(120);
        var transactions = BgNbdSimulator.SimulateTransactions(Truth, 60, CohortStart, 60, end, PeriodUnit.Weeks, seed: 3, TruthSpend);
        await StoreData.Products(host, store, ("cd", "Music", 10m));
        await StoreData.Track(host, key, StoreData.Simulated(transactions, "cd"));
        var model = (await host.Admin(store).Data($"mutation{{fitCustomerValue{{model{{{ModelFields}}}}}}}"))["fitCustomerValue"]!["model"]!;
        Assert.StartsWith("bgnbd: LightGBM not trained, store too small", model["churnModelStatus"]!.GetValue<string>());
        Assert.Null(model["churnModelAuc"]);
        var one = (await host.Admin(store).Data("{customerValues(first:1){churnRiskSource probabilityAlive churnRisk}}"))["customerValues"]![0]!;
        Assert.Equal("bgnbd", one["churnRiskSource"]!.GetValue<string>());
        // P(no purchase in 90 days) = 1 − P(alive) + P(alive) · P(silent | alive) ≥ 1 − P(alive).
        Assert.True(D(one, "churnRisk") >= 1 - D(one, "probabilityAlive"));
    }

    [Fact]
    public async Task A_champion_turning_at_risk_fires_the_webhook_once()
    {
        var (store, key) = await host.NewStore("l", "loyalty");
        var end = CohortStart.AddDays(200);
        var transactions = BgNbdSimulator.SimulateTransactions(Truth, 300, CohortStart, 84, end, PeriodUnit.Weeks, seed: 8, TruthSpend);
        await StoreData.Products(host, store, ("cd", "Music", 10m));
        var events = StoreData.Simulated(transactions, "cd");
        // A customer who bought big every week for 20 weeks up to the first observation end.
        var lastVipDay = end.AddDays(-1);
        for (var w = 0; w < 20; w++)
            events.Add(StoreData.Purchase($"vip-{w}", "vip", $"vo-{w}", "cd", 400m, new DateTimeOffset(lastVipDay.AddDays(-7 * w).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)));
        await StoreData.Track(host, key, events);

        var first = new DateTimeOffset(end.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        await host.Admin(store).Data("mutation($t:DateTimeOffset){fitCustomerValue(asOf:$t){outcome}}", new { t = first });
        Assert.Equal("CHAMPION", await Segment(store, "vip"));
        var perks = (await host.Admin(store).Data("{loyalty(customerId:\"vip\"){suggestions{kind}}}"))["loyalty"]!["suggestions"]!.AsArray();
        Assert.Contains(perks, s => s!["kind"]!.GetValue<string>() == "VIP_PERK");
        var before = Sent(store);

        // A year of silence later (store time), vip has most likely left.
        var later = first.AddDays(365);
        await host.Admin(store).Data("mutation($t:DateTimeOffset){fitCustomerValue(asOf:$t){outcome}}", new { t = later });
        Assert.Equal("AT_RISK", await Segment(store, "vip"));
        var notices = Sent(store).Skip(before.Count).ToList();
        var notice = Assert.Single(notices, n => n["customerId"]!.GetValue<string>() == "vip");
        Assert.Equal("customer.at_risk", notice["event"]!.GetValue<string>());
        Assert.Equal("CHAMPION", notice["previousSegment"]!.GetValue<string>());

        // Refitting does not notify again.
        await host.Admin(store).Data("mutation($t:DateTimeOffset){fitCustomerValue(asOf:$t){outcome}}", new { t = later.AddDays(1) });
        Assert.Single(Sent(store), n => n["customerId"]!.GetValue<string>() == "vip");
    }

    private List<JsonNode> Sent(string store) =>
        host.Webhook.Requests.Select(r => r.Body).Where(b => b["storeId"]?.GetValue<string>() == store).ToList();

    private async Task<string> Segment(string store, string customer) =>
        (await host.Admin(store).Data("query($c:ID!){customerValue(customerId:$c){segment}}", new { c = customer }))["customerValue"]!["segment"]!.GetValue<string>();

    private static double D(JsonNode node, string field) => node[field]!.GetValue<double>();
}

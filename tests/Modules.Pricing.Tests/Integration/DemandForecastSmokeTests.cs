using Marten;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Pricing.Tests.Integration;

/// <summary>
/// The dataset slice goes in as PURCHASE events through trackEvents; demandForecast must answer from the store's
/// own clock and exactly what the bench's code path (DemandForecaster.Forecast fed from the CSV) answers with the same model.
/// </summary>
[Collection(PricingHostCollection.Name)]
public sealed class DemandForecastSmokeTests(PricingHost host)
{
    private const string Query = "query($p:ID!,$d:Int!){ demandForecast(productId:$p, days:$d){ date p50 p90 } }";

    [Fact]
    public async Task Forecast_from_ingested_events_matches_the_csv_code_path_and_starts_after_the_store_clock()
    {
        var store = await host.DemandStoreAsync();
        var data = await host.Admin(store.Id).Data(Query, new { p = "s01-i01", d = 14 });
        var days = data["demandForecast"]!.AsArray();
        Assert.Equal(14, days.Count);
        // The slice ends 2017-10-02: the forecast starts the day after, whatever today's wall clock says.
        Assert.Equal("2017-10-03", days[0]!["date"]!.GetValue<string>());
        Assert.Equal("2017-10-16", days[13]!["date"]!.GetValue<string>());

        DemandModelDocument doc;
        await using (var session = host.Services.GetRequiredService<StoreSessions>().Read(store.Id))
            doc = (await session.LoadAsync<DemandModelDocument>(DemandModelDocument.DocumentId))!;
        Assert.NotNull(doc);
        Assert.Equal(new DateOnly(2017, 10, 2), doc.TrainedThrough);
        var model = DemandModel.Load(doc.Model, doc.Bands, HolidayCalendar.Default, doc.Version);
        var csv = PricingHost.SliceSeries();
        var expected = DemandForecaster.Forecast(model, csv, "s01-i01", 14, new DateOnly(2017, 10, 2));
        Assert.Equal("model, reconciled to category", expected.Method);
        for (var h = 0; h < 14; h++)
        {
            Assert.Equal(Math.Round(expected.Days[h].P50, 3), days[h]!["p50"]!.GetValue<double>(), 3);
            Assert.Equal(Math.Round(expected.Days[h].P90, 3), days[h]!["p90"]!.GetValue<double>(), 3);
            Assert.True(days[h]!["p90"]!.GetValue<double>() >= days[h]!["p50"]!.GetValue<double>());
        }
        // A sane level: the item sells ~20 a day in October 2017.
        Assert.InRange(expected.Days.Average(d => d.P50), 8, 40);
    }

    [Fact]
    public async Task Bad_forecast_arguments_are_refused_by_field()
    {
        var store = await host.DemandStoreAsync();
        var unknown = await host.Admin(store.Id).Send(Query, new { p = "nope", d = 7 });
        Assert.Equal("BAD_USER_INPUT", unknown.Code);
        Assert.Equal("productId", unknown.Field);
        var tooLong = await host.Admin(store.Id).Send(Query, new { p = "s01-i01", d = 400 });
        Assert.Equal("days", tooLong.Field);
    }

    [Fact]
    public async Task The_forecast_is_for_the_merchant_only()
    {
        var store = await host.DemandStoreAsync();
        var r = await host.Storefront(store.Key).Send(Query, new { p = "s01-i01", d = 7 });
        Assert.Equal("FORBIDDEN", r.Code);
    }

    [Fact]
    public async Task Retraining_and_repricing_are_jobs_and_a_store_without_sales_is_too_small()
    {
        var store = await host.DemandStoreAsync();
        var jobs = (await host.Admin(store.Id).Data("{ jobs { id module } }"))["jobs"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("pricing.retrain", jobs);
        Assert.Contains("pricing.reprice", jobs);
        var run = await host.Admin(store.Id).Data("mutation{ runJob(id:\"pricing.retrain\"){ succeeded outcome } }");
        Assert.True(run["runJob"]!["succeeded"]!.GetValue<bool>());
        Assert.Contains("trained on 3 products through 2017-10-02", run["runJob"]!["outcome"]!.GetValue<string>());

        var (empty, _) = await host.NewStore("emp", "pricing");
        foreach (var job in new[] { "pricing.retrain", "pricing.reprice" })
        {
            var small = await host.Admin(empty).Data("mutation($j:String!){ runJob(id:$j){ succeeded outcome } }", new { j = job });
            Assert.Contains("store too small", small["runJob"]!["outcome"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Inventory_advice_comes_from_the_forecast_and_lead_time()
    {
        var store = await host.DemandStoreAsync();
        await host.Admin(store.Id).Data("mutation{ setPriceGuardrails(input:{ scope: PRODUCT, target:\"s01-i03\", cost: 6, leadTimeDays: 5 }){ target } }");
        var advice = (await host.Admin(store.Id).Data("{ inventoryAdvice(productId:\"s01-i03\"){ stock leadTimeDays leadTimeDemand safetyStock reorderPoint orderQuantity criticalRatio risk explanation } }"))["inventoryAdvice"]!;
        Assert.Equal(5, advice["leadTimeDays"]!.GetValue<int>());
        var leadDemand = advice["leadTimeDemand"]!.GetValue<double>();
        Assert.InRange(leadDemand, 20, 300); // ~5 days of a ~20/day item
        Assert.True(advice["safetyStock"]!.GetValue<double>() > 0);
        Assert.Equal(leadDemand + advice["safetyStock"]!.GetValue<double>(), advice["reorderPoint"]!.GetValue<double>(), 6);
        var price = (await host.Admin(store.Id).Data("{ price(productId:\"s01-i03\"){ amount } }"))["price"]!["amount"]!.GetValue<double>();
        Assert.Equal((price - 6) / price, advice["criticalRatio"]!.GetValue<double>(), 6); // (price − cost) / price
        // 1000 on hand covers the lead time and the review period many times: no stock-out risk, nothing to order.
        Assert.Contains(advice["risk"]!.GetValue<string>(), new[] { "OK", "OVERSTOCK" });
        Assert.Equal(0, advice["orderQuantity"]!.GetValue<double>());
    }
}

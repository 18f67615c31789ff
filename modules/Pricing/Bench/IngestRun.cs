using System.Diagnostics;
using System.Globalization;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Testing;

namespace RetailCommerce.Modules.Pricing.Bench;

/// <summary>
/// End to end through the real ingestion path: a slice of the dataset (all but the last 90 days) is loaded as
/// PURCHASE events with trackEvents into a store on the real host, the module retrains through runJob, and
/// demandForecast (GraphQL) is scored on the 90 held-out days beside seasonal-naive on the same slice.
/// </summary>
public static class IngestRun
{
    public static async Task RunAsync(List<DemandSeries> all, int horizon, DateOnly from)
    {
        var slice = all.Select(s =>
        {
            var start = Math.Max(0, s.IndexOf(from));
            return new DemandSeries(s.ProductId, s.Category, s.DayAt(start), s.Units[start..]);
        }).ToList();
        var train = slice.Select(s => s.Truncate(s.Length - horizon)).ToList();

        var host = RetailHost.With([typeof(Startup).Assembly]);
        await host.InitializeAsync();
        try
        {
            var (store, key) = await host.NewStore("bench", "pricing");
            var products = train.Select(s => new { id = s.ProductId, title = s.ProductId, category = s.Category, price = 10.0, currency = "USD", stock = 100000 }).ToArray();
            await host.Admin(store).Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }", new { p = products });
            var events = new List<object>();
            foreach (var s in train)
                for (var d = 0; d < s.Length; d++)
                {
                    if (s.Units[d] <= 0) continue;
                    var day = s.DayAt(d);
                    events.Add(new
                    {
                        id = $"e-{s.ProductId}-{day:yyyyMMdd}", type = "PURCHASE", customerId = $"c{d % 50}", productId = s.ProductId,
                        orderId = $"o-{s.ProductId}-{day:yyyyMMdd}", quantity = (int)s.Units[d], price = 10.0,
                        occurredAt = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    });
                }
            var clock = Stopwatch.StartNew();
            var storefront = host.Storefront(key);
            var accepted = 0;
            foreach (var batch in events.Chunk(1000))
                accepted += (await storefront.Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new { e = batch }))["trackEvents"]!["accepted"]!.GetValue<int>();
            var ingestSeconds = clock.Elapsed.TotalSeconds;
            await host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(10));
            Console.WriteLine($"ingest_events={accepted} ingest_seconds={ingestSeconds.ToString("F1", CultureInfo.InvariantCulture)} projections_caught_up_seconds={clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}");

            clock.Restart();
            var run = await host.Admin(store).Data("mutation{ runJob(id:\"pricing.retrain\"){ outcome } }");
            Console.WriteLine($"retrain_job_seconds={clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} ({run["runJob"]!["outcome"]!.GetValue<string>()})");

            var model = new ForecastAccuracy();
            var week = new ForecastAccuracy();
            var year = new ForecastAccuracy();
            foreach (var (s, i) in train.Select((s, i) => (s, i)))
            {
                var data = await host.Admin(store).Data("query($p:ID!,$d:Int!){ demandForecast(productId:$p, days:$d){ date p50 } }", new { p = s.ProductId, d = horizon });
                var days = data["demandForecast"]!.AsArray();
                if (i == 0) Console.WriteLine($"first_forecast_day={days[0]!["date"]!.GetValue<string>()} (store clock day {s.End:yyyy-MM-dd})");
                var lastWeek = SeasonalNaive.LastWeek(s, horizon);
                var lastYear = SeasonalNaive.LastYear(s, horizon);
                for (var h = 0; h < horizon; h++)
                {
                    double actual = slice[i].Units[s.Length + h];
                    model.Add(actual, days[h]!["p50"]!.GetValue<double>());
                    week.Add(actual, lastWeek[h]);
                    year.Add(actual, lastYear[h]);
                }
            }
            string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
            Console.WriteLine($"ingest_wape_model={F(model.Wape)} ingest_smape_model={F(model.Smape)}");
            Console.WriteLine($"ingest_wape_snaive_week={F(week.Wape)} ingest_wape_snaive_year={F(year.Wape)}");
            Console.WriteLine($"ingest_wape_reduction_vs_best_snaive={F(1 - model.Wape / Math.Min(week.Wape, year.Wape))}");
        }
        finally
        {
            await host.DisposeAsync(); // stops the private cluster before its folder goes
            host.DeleteData();
        }
    }
}

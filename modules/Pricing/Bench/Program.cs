using System.Diagnostics;
using System.Globalization;
using RetailCommerce.Modules.Pricing.Bench;
using RetailCommerce.Modules.Pricing.Forecasting;

// Evaluation console for the Pricing module's demand forecast. Prints one `name=value` metric per line.
//   (no arguments)      store-item-demand: train on all but the last 90 days of train_shared.csv, forecast those
//                       90 days for all 500 series; the model (raw and reconciled) beside two seasonal-naive baselines.
//   --data DIR          dataset folder instead of ../shared/datasets/store-item-demand beside the repository.
//   --holdout FILE      train on all of train_shared.csv and score the 90 days in FILE (same columns; the held-out
//                       2017-10-03..2017-12-31 rows), instead of the internal split.
//   --stores N --items M  a slice (default 10 × 50).
//   --iterations N      LightGBM iterations (default 300).
//   --ingest            end to end: the slice (default store 1 × 10 items, from 2015-01-01) goes in as PURCHASE events
//                       through trackEvents on the real host; runJob pricing.retrain; demandForecast (GraphQL) is
//                       scored on the last 90 days beside seasonal-naive.
// The full-size run feeds the module's feature/training/forecast code (DemandModel, DemandFeatures) from the CSV
// directly; the test DemandForecastSmokeTests loads a slice as PURCHASE events through trackEvents and checks
// that demandForecast answers exactly what this code path answers for the same slice.

string? dataDir = null;
string? holdout = null;
int stores = 10, items = 50, iterations = 300;
var ingest = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data": dataDir = args[++i]; break;
        case "--holdout": holdout = args[++i]; break;
        case "--stores": stores = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--items": items = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--iterations": iterations = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--ingest": ingest = true; if (!args.Contains("--stores")) stores = 1; if (!args.Contains("--items")) items = 10; break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; use --data DIR, --holdout FILE, --stores N, --items M, --iterations N, --ingest");
            return 2;
    }
}

const int horizon = 90;
dataDir ??= StoreItemDemand.LocateDirectory();
var all = StoreItemDemand.Read(Path.Combine(dataDir, StoreItemDemand.FileName), stores, items);
if (ingest)
{
    await IngestRun.RunAsync(all, horizon, new DateOnly(2015, 1, 1));
    return 0;
}
List<DemandSeries> train, actual;
if (holdout is not null)
{
    train = all;
    actual = StoreItemDemand.Concat(all, StoreItemDemand.Read(holdout, stores, items));
}
else
{
    train = all.Select(s => s.Truncate(s.Length - horizon)).ToList();
    actual = all;
}
Console.WriteLine($"series={train.Count}");
Console.WriteLine($"train_days={train[0].Length} ({train[0].Start:yyyy-MM-dd}..{train[0].End:yyyy-MM-dd})");
Console.WriteLine($"test_days={horizon} ({train[0].End.AddDays(1):yyyy-MM-dd}..{train[0].End.AddDays(horizon):yyyy-MM-dd})");

var clock = Stopwatch.StartNew();
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var model = DemandModel.Train(train, HolidayCalendar.Default, new DemandModelOptions { Horizon = horizon, Iterations = iterations });
Console.WriteLine($"fit_seconds={clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} (default options: calibration back-test on 250k rows + final fit on 1M rows)");
Console.WriteLine($"fit_cpu_seconds={(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}");
Console.WriteLine($"load_average={File.ReadAllText("/proc/loadavg").Split(' ')[0]} (at the end of the fit)");
clock.Restart();
var refit = DemandModel.Train(train, HolidayCalendar.Default, new DemandModelOptions { Horizon = horizon, Iterations = iterations }, reuseBands: model.Bands);
Console.WriteLine($"refit_seconds={clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} (nightly retrain reusing the week-old quantile bands: final fit only)");

clock.Restart();
var points = model.PointForecastMany(train, horizon);
var groups = train.Select((s, i) => (s, i)).GroupBy(x => x.s.Category).ToList();
var groupSeries = groups.Select(g => DemandSeries.Sum(g.Key!, g.Key, g.Select(x => x.s).ToList())).ToList();
var groupPoints = model.PointForecastMany(groupSeries, horizon);
var reconciled = new double[train.Count][];
for (var g = 0; g < groups.Count; g++)
{
    var members = groups[g].ToList();
    var scaled = ForecastReconciliation.Proportional(members.Select(m => points[m.i]!).ToList(), groupPoints[g]!);
    for (var k = 0; k < members.Count; k++) reconciled[members[k].i] = scaled[k];
}
Console.WriteLine($"forecast_seconds={clock.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} ({train.Count} series + {groups.Count} categories × {horizon} days)");

var modelAcc = new ForecastAccuracy();
var p50Acc = new ForecastAccuracy();
var reconciledAcc = new ForecastAccuracy();
var weekAcc = new ForecastAccuracy();
var yearAcc = new ForecastAccuracy();
var categoryAcc = new ForecastAccuracy();
var covered90 = 0L;
var n = 0L;
for (var i = 0; i < train.Count; i++)
{
    var s = train[i];
    var a = actual[i];
    var quantiles = model.WithQuantiles(s.End, points[i]!);
    var week = SeasonalNaive.LastWeek(s, horizon);
    var year = SeasonalNaive.LastYear(s, horizon);
    for (var h = 0; h < horizon; h++)
    {
        double y = a.Units[s.Length + h];
        modelAcc.Add(y, points[i]![h]);
        p50Acc.Add(y, quantiles[h].P50);
        reconciledAcc.Add(y, reconciled[i][h]);
        weekAcc.Add(y, week[h]);
        yearAcc.Add(y, year[h]);
        if (y <= quantiles[h].P90) covered90++;
        n++;
    }
}
for (var g = 0; g < groups.Count; g++)
{
    var members = groups[g].ToList();
    for (var h = 0; h < horizon; h++)
        categoryAcc.Add(members.Sum(m => actual[m.i].Units[train[m.i].Length + h]), groupPoints[g]![h]);
}

string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
var best = Math.Min(weekAcc.Wape, yearAcc.Wape);
Console.WriteLine($"wape_model={F(modelAcc.Wape)} smape_model={F(modelAcc.Smape)}");
Console.WriteLine($"wape_model_p50={F(p50Acc.Wape)} smape_model_p50={F(p50Acc.Smape)}");
Console.WriteLine($"wape_model_reconciled={F(reconciledAcc.Wape)} smape_model_reconciled={F(reconciledAcc.Smape)}");
Console.WriteLine($"wape_snaive_week={F(weekAcc.Wape)} smape_snaive_week={F(weekAcc.Smape)}");
Console.WriteLine($"wape_snaive_year={F(yearAcc.Wape)} smape_snaive_year={F(yearAcc.Smape)}");
Console.WriteLine($"wape_category_total={F(categoryAcc.Wape)}");
Console.WriteLine($"p90_coverage={F((double)covered90 / n)} (target 0.90)");
Console.WriteLine($"wape_reduction_vs_best_snaive={F(1 - reconciledAcc.Wape / best)} (goal >= 0.15)");
return 0;

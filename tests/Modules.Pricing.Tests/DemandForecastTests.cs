using RetailCommerce.Modules.Pricing.Bench;
using RetailCommerce.Modules.Pricing.Forecasting;

namespace RetailCommerce.Modules.Pricing.Tests;

/// <summary>A small model on a slice of store-item-demand (1 store × 8 items), trained once for the class.</summary>
public sealed class SliceModel
{
    public const int Horizon = 56;

    public SliceModel()
    {
        var path = Path.Combine(StoreItemDemand.LocateDirectory(), StoreItemDemand.FileName);
        All = StoreItemDemand.Read(path, stores: 1, items: 8);
        Train = All.Select(s => s.Truncate(s.Length - Horizon)).ToList();
        Model = DemandModel.Train(Train, HolidayCalendar.Default, Options);
    }

    public static DemandModelOptions Options => new() { Horizon = Horizon, Iterations = 80, MaxTrainingRows = 60_000 };
    public List<DemandSeries> All { get; }
    public List<DemandSeries> Train { get; }
    public DemandModel Model { get; }
}

public sealed class DemandForecastTests(SliceModel slice) : IClassFixture<SliceModel>
{
    [Fact]
    public void The_model_beats_seasonal_naive_on_held_out_days()
    {
        var model = new ForecastAccuracy();
        var week = new ForecastAccuracy();
        var year = new ForecastAccuracy();
        var points = slice.Model.PointForecastMany(slice.Train, SliceModel.Horizon);
        for (var i = 0; i < slice.Train.Count; i++)
        {
            var s = slice.Train[i];
            var lastWeek = SeasonalNaive.LastWeek(s, SliceModel.Horizon);
            var lastYear = SeasonalNaive.LastYear(s, SliceModel.Horizon);
            for (var h = 0; h < SliceModel.Horizon; h++)
            {
                var actual = slice.All[i].Units[s.Length + h];
                model.Add(actual, points[i]![h]);
                week.Add(actual, lastWeek[h]);
                year.Add(actual, lastYear[h]);
            }
        }
        var best = Math.Min(week.Wape, year.Wape);
        Assert.True(model.Wape <= 0.85 * best, $"model WAPE {model.Wape:0.000} vs seasonal-naive {week.Wape:0.000} (week) / {year.Wape:0.000} (year)");
        Assert.True(model.Smape < Math.Min(week.Smape, year.Smape));
    }

    [Fact]
    public void P90_is_above_P50_and_covers_most_held_out_days()
    {
        var covered = 0;
        var n = 0;
        for (var i = 0; i < slice.Train.Count; i++)
        {
            var forecast = slice.Model.Forecast(slice.Train[i], SliceModel.Horizon)!;
            Assert.Equal(slice.Train[i].End.AddDays(1), forecast[0].Date);
            for (var h = 0; h < forecast.Count; h++)
            {
                Assert.True(forecast[h].P90 >= forecast[h].P50);
                if (slice.All[i].Units[slice.Train[i].Length + h] <= forecast[h].P90) covered++;
                n++;
            }
        }
        Assert.InRange((double)covered / n, 0.8, 0.97);
    }

    [Fact]
    public void Reconciled_product_forecasts_add_up_to_the_category_forecast()
    {
        var members = slice.Train.Where(s => s.Category == slice.Train[0].Category).ToList();
        var points = slice.Model.PointForecastMany(members, 14).Select(p => p!).ToList();
        var total = slice.Model.PointForecast(DemandSeries.Sum("c", "c", members), 14)!;
        var reconciled = ForecastReconciliation.Proportional(points, total);
        for (var d = 0; d < 14; d++)
            Assert.Equal(total[d], reconciled.Sum(r => r[d]), 6);
        var viaForecaster = DemandForecaster.Forecast(slice.Model, slice.Train, members[0].ProductId, 14, members[0].End);
        Assert.Equal("model, reconciled to category", viaForecaster.Method);
    }

    [Fact]
    public void A_new_product_borrows_its_categorys_forecast_scaled_by_its_own_sales()
    {
        var peers = slice.Train.Where(s => s.Category == slice.Train[0].Category).ToList();
        var end = peers[0].End;
        var average = peers.Average(p => p.Units[^10..].Average());
        // Ten days of sales at about half the category's average product.
        var fresh = new DemandSeries("new", peers[0].Category, end.AddDays(-9), Enumerable.Repeat((float)Math.Round(average / 2), 10).ToArray());
        var forecast = DemandForecaster.Forecast(slice.Model, [.. peers, fresh], "new", 14, end);
        Assert.StartsWith("category average", forecast.Method);
        var mean = forecast.Days.Average(d => d.P50);
        Assert.InRange(mean, average * 0.3, average * 0.75);
        var unseen = DemandForecaster.Forecast(slice.Model, [.. peers, new DemandSeries("none", peers[0].Category, end, [0f])], "none", 14, end);
        Assert.StartsWith("category average", unseen.Method);
    }

    [Fact]
    public void Stock_out_days_are_censored_not_read_as_zero_demand()
    {
        var source = slice.Train[0];
        var units = (float[])source.Units.Clone();
        for (var i = units.Length - 10; i < units.Length; i++) units[i] = 0; // sold out for the last ten days
        var censored = new bool[units.Length];
        for (var i = units.Length - 10; i < units.Length; i++) censored[i] = true;
        var asZeros = new DemandSeries("z", null, source.Start, units);
        var asStockOut = new DemandSeries("c", null, source.Start, units, censored);
        var zeros = slice.Model.PointForecast(asZeros, 7)!.Average();
        var stockOut = slice.Model.PointForecast(asStockOut, 7)!.Average();
        var normal = slice.Model.PointForecast(source, 7)!.Average();
        Assert.True(stockOut > zeros, $"censored {stockOut:0.0} vs zeros {zeros:0.0}");
        Assert.InRange(stockOut, normal * 0.8, normal * 1.2);
        // What the model sees: the last week's mean is unknown (missing) for the stock-out, zero for the zeros.
        var origin = units.Length - 1;
        var x = new float[DemandFeatures.Count];
        var censoredFeatures = new DemandFeatures(asStockOut, HolidayCalendar.Default);
        censoredFeatures.Fill(x, origin, origin + 1, censoredFeatures.Level(origin)!.Value, float.NaN, float.NaN, false);
        Assert.True(float.IsNaN(x[Array.IndexOf(DemandFeatures.Names, "mean7")]));
        var zeroFeatures = new DemandFeatures(asZeros, HolidayCalendar.Default);
        zeroFeatures.Fill(x, origin, origin + 1, zeroFeatures.Level(origin)!.Value, float.NaN, float.NaN, false);
        Assert.Equal(0f, x[Array.IndexOf(DemandFeatures.Names, "mean7")]);
        // Censored days are not training targets either.
        var options = SliceModel.Options with { MaxTrainingRows = 10_000_000 };
        Assert.True(DemandModel.TrainingRows([asStockOut], HolidayCalendar.Default, options).Count < DemandModel.TrainingRows([asZeros], HolidayCalendar.Default, options).Count);
    }

    [Fact]
    public void A_saved_model_loads_and_forecasts_the_same()
    {
        var loaded = DemandModel.Load(slice.Model.Save(), slice.Model.Bands, HolidayCalendar.Default, slice.Model.Version);
        var a = slice.Model.PointForecast(slice.Train[3], 30)!;
        var b = loaded.PointForecast(slice.Train[3], 30)!;
        Assert.Equal(a, b);
    }
}

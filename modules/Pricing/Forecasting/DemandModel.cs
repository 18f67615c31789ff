using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace RetailCommerce.Modules.Pricing.Forecasting;

/// <summary>One forecast day: the median and 90th-percentile units.</summary>
public sealed record DemandForecastDay(DateOnly Date, double P50, double P90);

/// <summary>Training settings.</summary>
public sealed record DemandModelOptions
{
    /// <summary>Longest horizon trained for (days).</summary>
    public int Horizon { get; init; } = 90;
    /// <summary>Days between training origins.</summary>
    public int OriginStep { get; init; } = 7;
    /// <summary>Cap on training rows; horizons are thinned evenly to stay under it.</summary>
    public int MaxTrainingRows { get; init; } = 1_000_000;
    public int Iterations { get; init; } = 300;
    public int Leaves { get; init; } = 63;
    public double LearningRate { get; init; } = 0.05;
    /// <summary>Fit twice: once without the last <see cref="Horizon"/> days to measure out-of-sample residuals for P50/P90.</summary>
    public bool CalibrateQuantiles { get; init; } = true;
    public int Seed { get; init; } = 7;
    /// <summary>
    /// Row budget of the calibration (back-test) fit. Residual quantiles need a representative model, not the best
    /// one, so it gets a quarter of the final fit's rows: the whole training takes about 1.25 final fits instead of 2.
    /// </summary>
    public int CalibrationRows { get; init; } = 250_000;
    /// <summary>Reuse the previous model's residual bands (skip the calibration fit) when they are younger than this many days.</summary>
    public int ReuseCalibrationDays { get; init; } = 7;
}

/// <summary>
/// The demand model: one global LightGBM regression (ML.NET) over every product of a store, predicting the
/// target day's units as a multiple of the product's level from origin-time features (<see cref="DemandFeatures"/>).
/// P50 and P90 come from out-of-sample residual quantiles per horizon band (ML.NET's LightGBM wrapper exposes
/// no quantile objective): residuals are scaled by √forecast, as count noise grows with the square root of volume.
/// </summary>
public sealed class DemandModel
{
    private static readonly int[] BandEnds = [7, 14, 28, 56, int.MaxValue];

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly PredictionEngine<DemandRow, DemandScore> _engine;
    private readonly object _engineLock = new();

    private DemandModel(MLContext ml, ITransformer model, ResidualBands bands, HolidayCalendar holidays, string version)
    {
        _ml = ml;
        _model = model;
        Bands = bands;
        Holidays = holidays;
        Version = version;
        _engine = ml.Model.CreatePredictionEngine<DemandRow, DemandScore>(model);
    }

    /// <summary>Scaled residual quantiles per horizon band (P50 shift and P90 spread).</summary>
    public ResidualBands Bands { get; }
    public HolidayCalendar Holidays { get; }
    /// <summary>Model name and fit time, for decision logs.</summary>
    public string Version { get; }

    /// <summary>Trains on every series (products with too little history contribute nothing and are forecast from their category).</summary>
    public static DemandModel Train(IReadOnlyList<DemandSeries> series, HolidayCalendar holidays, DemandModelOptions? options = null, string? version = null, ResidualBands? reuseBands = null)
    {
        options ??= new DemandModelOptions();
        var ml = new MLContext(options.Seed);
        var bands = reuseBands ?? ResidualBands.Flat;
        if (options.CalibrateQuantiles && reuseBands is null)
        {
            // Back-test: fit without the last H days of every long-enough series, forecast those days, and keep
            // the residuals. Then fit again on everything.
            var cut = series.Where(s => s.Length > options.Horizon + DemandFeatures.MinHistoryDays * 2).ToList();
            if (cut.Count > 0)
            {
                var truncated = cut.Select(s => s.Truncate(s.Length - options.Horizon)).ToList();
                var first = Fit(ml, truncated, holidays, options with { MaxTrainingRows = Math.Min(options.MaxTrainingRows, options.CalibrationRows) });
                if (first is not null)
                {
                    var probe = new DemandModel(ml, first, ResidualBands.Flat, holidays, "calibration");
                    bands = ResidualBands.Measure(probe, truncated, cut, options.Horizon);
                }
            }
        }
        var model = Fit(ml, series, holidays, options)
            ?? throw new InvalidOperationException("Not enough history to train a demand model.");
        return new DemandModel(ml, model, bands, holidays, version ?? $"lightgbm-demand@{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm}");
    }

    /// <summary>True when at least one series has enough history to train on.</summary>
    public static bool CanTrain(IReadOnlyList<DemandSeries> series) =>
        series.Any(s => s.Length > DemandFeatures.MinHistoryDays + 7 && new DemandFeatures(s, HolidayCalendar.Default).Level(s.Length - 8) is not null);

    private static ITransformer? Fit(MLContext ml, IReadOnlyList<DemandSeries> series, HolidayCalendar holidays, DemandModelOptions o)
    {
        var rows = TrainingRows(series, holidays, o);
        if (rows.Count < 50) return null;
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = nameof(DemandRow.Label),
            FeatureColumnName = nameof(DemandRow.Features),
            ExampleWeightColumnName = nameof(DemandRow.Weight),
            NumberOfIterations = o.Iterations,
            NumberOfLeaves = o.Leaves,
            LearningRate = o.LearningRate,
            MinimumExampleCountPerLeaf = Math.Max(5, Math.Min(100, rows.Count / 2000)),
            Seed = o.Seed,
            Booster = new GradientBooster.Options { FeatureFraction = 0.9, SubsampleFraction = 0.8, SubsampleFrequency = 1, L2Regularization = 1 },
            Verbose = false,
            Silent = true,
        });
        return trainer.Fit(data);
    }

    internal static List<DemandRow> TrainingRows(IReadOnlyList<DemandSeries> series, HolidayCalendar holidays, DemandModelOptions o)
    {
        // Count the candidate rows first so horizons can be thinned evenly to the row budget.
        long candidates = 0;
        foreach (var s in series)
            for (var origin = s.Length - 2; origin >= DemandFeatures.MinHistoryDays - 1; origin -= o.OriginStep)
                candidates += Math.Min(o.Horizon, s.Length - 1 - origin);
        var stride = (int)Math.Max(1, (candidates + o.MaxTrainingRows - 1) / o.MaxTrainingRows);

        var rows = new List<DemandRow>((int)Math.Min(candidates / stride + 16, (long)o.MaxTrainingRows + 16));
        var buffer = new float[DemandFeatures.Count];
        foreach (var s in series)
        {
            var f = new DemandFeatures(s, holidays);
            var k = 0;
            for (var origin = s.Length - 2; origin >= DemandFeatures.MinHistoryDays - 1; origin -= o.OriginStep, k++)
            {
                if (f.Level(origin) is not { } level) continue;
                var reference = f.ReferencePrice(origin);
                var maxH = Math.Min(o.Horizon, s.Length - 1 - origin);
                for (var h = 1 + (k % stride); h <= maxH; h += stride)
                {
                    var t = origin + h;
                    if (s.Censored[t]) continue; // a stock-out day's sales understate demand: not a target
                    f.Fill(buffer, origin, t, level, reference, s.Price[t], s.Promotion[t]);
                    rows.Add(new DemandRow { Features = (float[])buffer.Clone(), Label = s.Units[t] / level, Weight = level });
                }
            }
        }
        return rows;
    }

    /// <summary>
    /// Forecasts the <paramref name="days"/> days after the series' last day. <paramref name="plannedPrice"/> is the
    /// price to be charged (default: the last known price), so the optimizer can ask "what if".
    /// Returns null when the series is too short to stand on its own (use its category: <see cref="DemandForecaster"/>).
    /// </summary>
    public IReadOnlyList<DemandForecastDay>? Forecast(DemandSeries series, int days, float? plannedPrice = null, bool promotion = false)
    {
        var points = PointForecast(series, days, plannedPrice, promotion);
        return points is null ? null : WithQuantiles(series.End, points);
    }

    /// <summary>The model's mean forecast (units) for each of the next <paramref name="days"/> days, or null when history is too short.</summary>
    public double[]? PointForecast(DemandSeries series, int days, float? plannedPrice = null, bool promotion = false)
    {
        var f = new DemandFeatures(series, Holidays);
        var origin = series.Length - 1;
        if (f.Level(origin) is not { } level) return null;
        var reference = f.ReferencePrice(origin);
        var price = plannedPrice ?? LastPrice(series);
        var rows = new DemandRow[days];
        for (var h = 1; h <= days; h++)
        {
            var x = new float[DemandFeatures.Count];
            f.Fill(x, origin, origin + h, level, reference, price, promotion);
            rows[h - 1] = new DemandRow { Features = x };
        }
        var scores = Score(rows);
        return scores.Select(r => (double)Math.Max(0, r) * level).ToArray();
    }

    private float[] Score(DemandRow[] rows)
    {
        if (rows.Length <= 64)
        {
            lock (_engineLock) return rows.Select(r => _engine.Predict(r).Score).ToArray();
        }
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows));
        return scored.GetColumn<float>("Score").ToArray();
    }

    /// <summary>Forecasts many series at once (batch scoring; the bench and the nightly job).</summary>
    public IReadOnlyList<double[]?> PointForecastMany(IReadOnlyList<DemandSeries> series, int days)
    {
        var rows = new List<DemandRow>();
        var levels = new float?[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var f = new DemandFeatures(s, Holidays);
            var origin = s.Length - 1;
            levels[i] = f.Level(origin);
            if (levels[i] is not { } level) continue;
            var reference = f.ReferencePrice(origin);
            var price = LastPrice(s);
            for (var h = 1; h <= days; h++)
            {
                var x = new float[DemandFeatures.Count];
                f.Fill(x, origin, origin + h, level, reference, price, false);
                rows.Add(new DemandRow { Features = x });
            }
        }
        var scores = rows.Count == 0 ? [] : Score(rows.ToArray());
        var result = new double[]?[series.Count];
        var k = 0;
        for (var i = 0; i < series.Count; i++)
        {
            if (levels[i] is not { } level) continue;
            result[i] = new double[days];
            for (var h = 0; h < days; h++) result[i]![h] = Math.Max(0, scores[k++]) * level;
        }
        return result;
    }

    /// <summary>Turns a mean forecast into P50/P90 with the residual bands.</summary>
    public IReadOnlyList<DemandForecastDay> WithQuantiles(DateOnly lastDay, IReadOnlyList<double> points)
    {
        var result = new DemandForecastDay[points.Count];
        for (var h = 1; h <= points.Count; h++)
        {
            var p = Math.Max(0, points[h - 1]);
            var (q50, q90) = Bands.At(h);
            var scale = Math.Sqrt(Math.Max(p, 1));
            var p50 = Math.Max(0, p + q50 * scale);
            result[h - 1] = new DemandForecastDay(lastDay.AddDays(h), p50, Math.Max(p50, p + q90 * scale));
        }
        return result;
    }

    internal static float LastPrice(DemandSeries s)
    {
        for (var i = s.Length - 1; i >= 0; i--) if (!float.IsNaN(s.Price[i]) && s.Price[i] > 0) return s.Price[i];
        return float.NaN;
    }

    /// <summary>The trained model as bytes (kept in the store's model document).</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(_model, null, stream);
        return stream.ToArray();
    }

    /// <summary>Loads a model saved with <see cref="Save"/>.</summary>
    public static DemandModel Load(byte[] bytes, ResidualBands bands, HolidayCalendar holidays, string version)
    {
        var ml = new MLContext(7);
        using var stream = new MemoryStream(bytes);
        var model = ml.Model.Load(stream, out _);
        return new DemandModel(ml, model, bands, holidays, version);
    }

    internal static int Band(int horizon)
    {
        for (var i = 0; i < BandEnds.Length; i++) if (horizon <= BandEnds[i]) return i;
        return BandEnds.Length - 1;
    }

    internal static int BandCount => BandEnds.Length;
}

/// <summary>Scaled residual quantiles ((actual − forecast) / √max(forecast, 1)) per horizon band.</summary>
public sealed class ResidualBands
{
    /// <summary>Median shift per band.</summary>
    public double[] Q50 { get; set; } = new double[DemandModel.BandCount];
    /// <summary>90th percentile per band.</summary>
    public double[] Q90 { get; set; } = new double[DemandModel.BandCount];

    /// <summary>Before calibration: no shift, and P90 from Poisson-like noise (1.2816 √mean).</summary>
    public static ResidualBands Flat => new() { Q90 = Enumerable.Repeat(1.2816, DemandModel.BandCount).ToArray() };

    public (double Q50, double Q90) At(int horizon) { var b = DemandModel.Band(horizon); return (Q50[b], Q90[b]); }

    internal static ResidualBands Measure(DemandModel probe, IReadOnlyList<DemandSeries> truncated, IReadOnlyList<DemandSeries> full, int horizon)
    {
        var residuals = Enumerable.Range(0, DemandModel.BandCount).Select(_ => new List<double>()).ToArray();
        var points = probe.PointForecastMany(truncated, horizon);
        for (var i = 0; i < truncated.Count; i++)
        {
            if (points[i] is not { } p) continue;
            var start = truncated[i].Length;
            for (var h = 1; h <= horizon; h++)
            {
                var t = start + h - 1;
                if (full[i].Censored[t]) continue;
                residuals[DemandModel.Band(h)].Add((full[i].Units[t] - p[h - 1]) / Math.Sqrt(Math.Max(p[h - 1], 1)));
            }
        }
        var bands = Flat;
        for (var b = 0; b < residuals.Length; b++)
        {
            if (residuals[b].Count < 30) continue;
            residuals[b].Sort();
            bands.Q50[b] = Quantile(residuals[b], 0.5);
            bands.Q90[b] = Quantile(residuals[b], 0.9);
        }
        return bands;
    }

    internal static double Quantile(List<double> sorted, double q)
    {
        var pos = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}

/// <summary>One training or scoring row.</summary>
public sealed class DemandRow
{
    [VectorType(DemandFeatures.Count)] public float[] Features { get; set; } = [];
    public float Label { get; set; }
    public float Weight { get; set; } = 1;
}

/// <summary>The model's output.</summary>
public sealed class DemandScore
{
    public float Score { get; set; }
}

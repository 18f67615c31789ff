using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Pricing.Prices;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Pricing.Forecasting;

/// <summary>A store's trained demand model (one document per store).</summary>
public sealed class DemandModelDocument
{
    public const string DocumentId = "demand-model";
    public string Id { get; set; } = DocumentId;
    public string Version { get; set; } = "";
    public DateTimeOffset TrainedAt { get; set; }
    /// <summary>The store day the training history ended on.</summary>
    public DateOnly TrainedThrough { get; set; }
    public int Products { get; set; }
    public double FitSeconds { get; set; }
    public ResidualBands Bands { get; set; } = ResidualBands.Flat;
    /// <summary>Last store day of the history the residual bands were measured on (reused for a week of nightly retrains).</summary>
    public DateOnly? BandsMeasuredThrough { get; set; }
    public byte[] Model { get; set; } = [];
}

/// <summary>A product's forecast and how it was made.</summary>
public sealed record ProductForecast(string ProductId, IReadOnlyList<DemandForecastDay> Days, string Method, string ModelVersion);

/// <summary>
/// Trains, keeps and applies a store's demand model: <c>demandForecast</c>, the repricing job and inventory advice
/// all come through <see cref="Forecast"/>, the same code the bench scores. Products with enough history are
/// forecast by the model and reconciled to their category's forecast (see <see cref="ForecastReconciliation"/>);
/// new products borrow their category's average series, scaled by their own sales so far.
/// </summary>
public sealed class DemandForecaster(StoreSessions sessions, StoreDemandHistory history, IOptions<PricingOptions> options)
{
    /// <summary>Longest forecast a caller may ask for.</summary>
    public const int MaxDays = 365;

    private readonly ConcurrentDictionary<string, DemandModel> _models = new();

    /// <summary>Trains the store's model on its whole history and keeps it; null with a reason when the store is too small.</summary>
    public async Task<(DemandModelDocument? Fit, string Outcome)> TrainAsync(string storeId, CancellationToken ct)
    {
        var demand = await history.LoadAsync(storeId, ct);
        var settings = await SettingsAsync(storeId, ct);
        if (!DemandModel.CanTrain(demand.Series))
            return (null, $"store too small: no product has {DemandFeatures.MinHistoryDays}+ days of sales history yet");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var version = $"lightgbm-demand@{demand.Clock:yyyy-MM-ddTHH:mm}";
        // Nightly retrains reuse last week's residual bands instead of repeating the calibration (back-test) fit:
        // the spread of errors per horizon moves slowly, the fit time halves.
        DemandModelDocument? previous;
        await using (var read = sessions.Read(storeId))
            previous = await read.LoadAsync<DemandModelDocument>(DemandModelDocument.DocumentId, ct);
        var reuse = previous is { BandsMeasuredThrough: { } measured } && measured <= demand.Today
            && demand.Today.DayNumber - measured.DayNumber < options.Value.Model.ReuseCalibrationDays
            && previous.Products >= demand.Series.Count * 0.9 ? previous.Bands : null;
        var model = await Task.Run(() => DemandModel.Train(demand.Series, Calendar(settings), options.Value.Model, version, reuse), ct);
        var fit = new DemandModelDocument
        {
            Version = version, TrainedAt = DateTimeOffset.UtcNow, TrainedThrough = demand.Today, Products = demand.Series.Count,
            FitSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1), Bands = model.Bands, Model = model.Save(),
            BandsMeasuredThrough = reuse is not null ? previous!.BandsMeasuredThrough : demand.Today,
        };
        await using (var session = sessions.Write(storeId))
        {
            session.Store(fit);
            await session.SaveChangesAsync(ct);
        }
        _models[storeId] = model;
        return (fit, $"trained on {demand.Series.Count} products through {demand.Today:yyyy-MM-dd} in {fit.FitSeconds:0.0} s" + (reuse is not null ? $" (quantile bands reused from {previous!.BandsMeasuredThrough:yyyy-MM-dd})" : ""));
    }

    /// <summary>The store's model (loaded from its document, or trained now when there is none); null when the store is too small.</summary>
    public async Task<DemandModel?> ModelAsync(string storeId, CancellationToken ct)
    {
        await using (var session = sessions.Read(storeId))
        {
            var doc = await session.LoadAsync<DemandModelDocument>(DemandModelDocument.DocumentId, ct);
            if (doc is not null)
            {
                if (_models.TryGetValue(storeId, out var cached) && cached.Version == doc.Version) return cached;
                var settings = await SettingsAsync(storeId, ct);
                var loaded = DemandModel.Load(doc.Model, doc.Bands, Calendar(settings), doc.Version);
                _models[storeId] = loaded;
                return loaded;
            }
        }
        await TrainAsync(storeId, ct);
        return _models.GetValueOrDefault(storeId);
    }

    /// <summary>The forecast for the <paramref name="days"/> days after the store clock's day.</summary>
    public async Task<ProductForecast> ForecastAsync(string storeId, string productId, int days, CancellationToken ct)
    {
        if (days < 1 || days > MaxDays) throw new RetailError(ErrorCodes.BadUserInput, $"days: must be between 1 and {MaxDays} (got {days}).", "days");
        var demand = await history.LoadAsync(storeId, ct);
        if (!demand.Products.ContainsKey(productId))
            throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' is not a product of this store.", "productId");
        var model = await ModelAsync(storeId, ct);
        return Forecast(model, demand.Series, productId, days, demand.Today);
    }

    /// <summary>
    /// The one forecasting path (pure: the bench and tests call it with series read from CSV). With no model
    /// (a store too small to train) every product gets its recent mean with Poisson-like P90.
    /// </summary>
    public static ProductForecast Forecast(DemandModel? model, IReadOnlyList<DemandSeries> all, string productId, int days, DateOnly today)
    {
        var series = all.FirstOrDefault(s => s.ProductId == productId)
            ?? new DemandSeries(productId, null, today, [0f]);
        if (model is null) return RecentMean(series, days, today);

        var category = all.Where(s => s.Category == series.Category && series.Category is not null).ToList();
        var own = model.PointForecast(series, days);
        if (own is not null)
        {
            var members = category.Count > 1 ? category : [series];
            if (members.Count > 1)
            {
                // Top-down reconciliation to the category's own forecast (see ForecastReconciliation).
                var memberPoints = model.PointForecastMany(members, days);
                var modelled = members.Select((m, i) => (m, p: memberPoints[i])).Where(x => x.p is not null && x.m.End == series.End).ToList();
                var total = model.PointForecast(DemandSeries.Sum(series.Category!, series.Category, modelled.Select(x => x.m).ToList()), days);
                if (total is not null && modelled.Count > 1)
                {
                    var factors = ForecastReconciliation.Factors(modelled.Select(x => x.p!).ToList(), total);
                    own = own.Select((v, h) => v * factors[h]).ToArray();
                    return new ProductForecast(productId, model.WithQuantiles(series.End, own), "model, reconciled to category", model.Version);
                }
            }
            return new ProductForecast(productId, model.WithQuantiles(series.End, own), "model", model.Version);
        }

        // Cold start: the category's average product, scaled by this product's sales relative to it so far.
        var peers = category.Where(s => s.ProductId != productId && s.Length > DemandFeatures.MinHistoryDays).ToList();
        if (peers.Count == 0) return RecentMean(series, days, today);
        var average = DemandSeries.Sum(series.Category!, series.Category, peers, average: true);
        var basis = model.PointForecast(average, days);
        if (basis is null) return RecentMean(series, days, today);
        var share = 1.0;
        var seen = series.Length;
        if (series.Units.Sum() > 0 && seen >= 7)
        {
            var peerMean = average.Units[^Math.Min(seen, average.Length)..].Average();
            share = peerMean > 0 ? series.Units.Average() / peerMean : 1.0;
        }
        return new ProductForecast(productId, model.WithQuantiles(series.End, basis.Select(v => v * share).ToArray()),
            $"category average (cold start, share {share:0.00})", model.Version);
    }

    private static ProductForecast RecentMean(DemandSeries s, int days, DateOnly today)
    {
        var window = s.Units[^Math.Min(28, s.Length)..];
        var mean = window.Average();
        var last = s.End > today ? s.End : today;
        var result = Enumerable.Range(1, days).Select(h => new DemandForecastDay(last.AddDays(h), mean, mean + 1.2816 * Math.Sqrt(Math.Max(mean, 1)))).ToList();
        return new ProductForecast(s.ProductId, result, "recent mean (store too small for the model)", "recent-mean");
    }

    private async Task<PricingSettings> SettingsAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<PricingSettings>(PricingSettings.DocumentId, ct) ?? new PricingSettings();
    }

    internal static HolidayCalendar Calendar(PricingSettings settings) => new(settings.Holidays);
}

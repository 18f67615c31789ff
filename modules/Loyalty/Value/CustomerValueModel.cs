using RetailCommerce.Customers;
using RetailCommerce.Evaluation;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Modules.Loyalty.Segments;

namespace RetailCommerce.Modules.Loyalty.Value;

/// <summary>A scoring run: the fit (null when the store is too small), every customer's value and a one-line outcome.</summary>
public sealed record ValueScoring(LifetimeModelFit? Fit, List<CustomerValue> Values, string Outcome);

/// <summary>
/// The value models without storage: BG/NBD + Gamma-Gamma on the purchase history up to the observation end,
/// the LightGBM churn model on a time-based split, and segments. The job and the bench run exactly this.
/// </summary>
public static class CustomerValueModel
{
    /// <summary>Forecast and churn-label window.</summary>
    public static readonly TimeSpan ChurnWindow = TimeSpan.FromDays(90);

    private const PeriodUnit Unit = PeriodUnit.Weeks;

    /// <summary>Fits and scores the customers as of <paramref name="end"/>.</summary>
    public static ValueScoring Score(IReadOnlyDictionary<string, CustomerHistory> customers, DateTimeOffset end, LoyaltyOptions settings, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var endDay = DateOnly.FromDateTime(end.UtcDateTime);
        var summaries = RepeatSummaryBuilder.Build(StoreHistory.Transactions(customers.Values), endDay, Unit);
        var repeaters = summaries.Count(s => s.Frequency > 0);
        if (summaries.Count < settings.MinimumCustomersToFit)
            return new ValueScoring(null, [], $"store too small to fit: {summaries.Count} customers with purchases, need {settings.MinimumCustomersToFit}");
        if (repeaters == 0)
            return new ValueScoring(null, [], $"no repeat purchases among {summaries.Count} customers yet, nothing to fit");

        var purchases = new BgNbdFitter().Fit(summaries);
        var spend = summaries.Any(s => s.Frequency > 0 && s.MeanRepeatSpend > 0) ? new GammaGammaFitter().Fit(summaries) : null;
        var bg = purchases.Model;
        var clv = spend is { Model.Q: > 1 }
            ? LifetimeValue.Monthly(bg, spend.Model, Unit, settings.ClvHorizonMonths, settings.MonthlyDiscountRate, settings.Margin)
            : null;

        var fit = new LifetimeModelFit
        {
            ObservationEnd = end, Unit = Unit.ToString(), Customers = summaries.Count, RepeatCustomers = repeaters,
            R = bg.R, Alpha = bg.Alpha, A = bg.A, B = bg.B, LogLikelihood = purchases.Quality.LogLikelihood, Converged = purchases.Quality.Converged,
            P = spend?.Model.P, Q = spend?.Model.Q, V = spend?.Model.V, SpendLogLikelihood = spend?.Quality.LogLikelihood,
            SpendFrequencyCorrelation = SpendFrequencyCorrelation(summaries),
        };

        var churn = ScoreChurn(customers.Values.ToList(), end, fit, settings, logger);

        var unitDays = Unit.DaysPerUnit();
        var rows = summaries.Select(s =>
        {
            var pAlive = bg.ProbabilityAlive(s);
            var noPurchase = bg.ProbabilityNoPurchase(ChurnWindow.TotalDays / unitDays, s);
            var days = customers[s.CustomerId].Purchases.Where(p => p.At <= end).GroupBy(p => DateOnly.FromDateTime(p.At.UtcDateTime)).ToList();
            return new CustomerValue
            {
                Id = s.CustomerId,
                AsOf = end,
                RepeatPurchases = s.Frequency,
                TenureDays = (int)Math.Round(s.Age * unitDays),
                DaysSinceLastPurchase = (int)Math.Round((s.Age - s.Recency) * unitDays),
                MeanOrderValue = (double)days.Average(d => d.Sum(p => p.Revenue)),
                ProbabilityAlive = pAlive,
                ExpectedPurchases90Days = bg.ExpectedPurchases(90 / unitDays, s),
                ExpectedPurchases365Days = bg.ExpectedPurchases(365 / unitDays, s),
                LifetimeValue = clv?.Estimate(s),
                ChurnRisk = churn?.GetValueOrDefault(s.CustomerId, noPurchase) ?? noPurchase,
                ChurnRiskSource = churn is null ? "bgnbd" : "lightgbm",
            };
        }).ToList();

        // Value = CLV when spend is modelled, otherwise expected purchases: both rank customers by future worth.
        var rules = new SegmentRules(settings.RiskThreshold, settings.TopValueShare, settings.NewCustomerDays);
        var percentiles = SegmentRules.Percentiles(rows.Select(r => r.LifetimeValue ?? r.ExpectedPurchases365Days).ToList());
        for (int i = 0; i < rows.Count; i++)
            rows[i].Segment = rules.Assign(percentiles[i], rows[i].RepeatPurchases, rows[i].TenureDays, rows[i].ChurnRisk);

        var ic = CultureInfo.InvariantCulture;
        var outcome = string.Format(ic, "fitted {0} customers as of {1:yyyy-MM-dd}: r={2:G4} alpha={3:G4} a={4:G4} b={5:G4}", summaries.Count, end, bg.R, bg.Alpha, bg.A, bg.B)
            + (spend is null ? ", no repeat spend for Gamma-Gamma" : string.Format(ic, " p={0:G4} q={1:G4} v={2:G4}", spend.Model.P, spend.Model.Q, spend.Model.V))
            + $"; churn AUC: 1-P(alive) {Auc(fit.ProbabilityAliveAuc)}, BG/NBD P(no purchase 90d) {Auc(fit.BgNbdChurnAuc)}, LightGBM {Auc(fit.ChurnModelAuc)} ({fit.ChurnModelStatus})"
            + $"; {rows.Count(r => r.Segment == CustomerSegment.AtRisk)} at risk";
        fit.Outcome = outcome;
        return new ValueScoring(fit, rows, outcome);
    }

    private static string Auc(double? auc) => auc is null ? "n/a" : auc.Value.ToString("0.000", CultureInfo.InvariantCulture);

    private static double? SpendFrequencyCorrelation(IReadOnlyList<CustomerRepeatSummary> summaries)
    {
        var repeat = summaries.Where(s => s.Frequency > 0 && s.MeanRepeatSpend > 0).ToList();
        if (repeat.Count < 3) return null;
        var c = MathNet.Numerics.Statistics.Correlation.Pearson(repeat.Select(s => (double)s.Frequency), repeat.Select(s => s.MeanRepeatSpend));
        return double.IsFinite(c) ? c : null;
    }

    /// <summary>
    /// Time-based split: train on features at end − 180 days (label: no purchase in the next 90), evaluate on
    /// features at end − 90 days against what happened by the end. The BG/NBD scores (1 − P(alive), and P(no
    /// purchase in 90 days)) are computed on the same holdout with a BG/NBD fit on the data up to its cutoff, so the
    /// AUCs compare like with like. Today's scores come from a model retrained on the most recent labelled window.
    /// Returns null (use BG/NBD) when a window is too small.
    /// </summary>
    private static Dictionary<string, double>? ScoreChurn(List<CustomerHistory> customers, DateTimeOffset end, LifetimeModelFit fit, LoyaltyOptions settings, ILogger logger)
    {
        var holdoutCutoff = end - ChurnWindow;
        var holdout = ChurnFeatures.AsOf(customers, holdoutCutoff, ChurnWindow);
        var training = ChurnFeatures.AsOf(customers, holdoutCutoff - ChurnWindow, ChurnWindow);
        fit.ChurnTrainingExamples = training.Count;
        fit.ChurnHoldoutExamples = holdout.Count;
        (fit.ProbabilityAliveAuc, fit.BgNbdChurnAuc) = BgNbdAucs(customers, holdoutCutoff, holdout, settings, logger);

        var tooSmall = TooSmall("training window (features at end − 180 d)", training, settings)
                       ?? TooSmall("holdout window (features at end − 90 d)", holdout, settings);
        if (tooSmall is not null)
        {
            fit.ChurnModelStatus = "bgnbd: LightGBM not trained, store too small: " + tooSmall;
            return null;
        }

        fit.ChurnModelAuc = AreaUnderCurve.Compute(ChurnModel.Train(training).Score(holdout), holdout.Select(h => h.Label).ToList());
        var current = ChurnFeatures.AsOf(customers, end, ChurnWindow);
        var scores = ChurnModel.Train(holdout).Score(current);
        fit.ChurnModelStatus = $"lightgbm: trained on {training.Count} customers, evaluated on {holdout.Count}";
        return current.Select((f, i) => (f.CustomerId, Score: scores[i])).ToDictionary(x => x.CustomerId, x => x.Score);
    }

    private static string? TooSmall(string window, List<ChurnFeatures> rows, LoyaltyOptions settings)
    {
        var churned = rows.Count(r => r.Label);
        if (rows.Count < settings.MinimumChurnExamples)
            return $"{window} has {rows.Count} customers, need {settings.MinimumChurnExamples}";
        if (churned < settings.MinimumChurnClassSize || rows.Count - churned < settings.MinimumChurnClassSize)
            return $"{window} has {churned} churned and {rows.Count - churned} retained customers, need {settings.MinimumChurnClassSize} of each";
        return null;
    }

    private static (double? ProbabilityAlive, double? NoPurchase) BgNbdAucs(List<CustomerHistory> customers, DateTimeOffset cutoff,
        List<ChurnFeatures> holdout, LoyaltyOptions settings, ILogger logger)
    {
        if (holdout.Count < settings.MinimumCustomersToFit) return (null, null);
        var summaries = RepeatSummaryBuilder.Build(StoreHistory.Transactions(customers), DateOnly.FromDateTime(cutoff.UtcDateTime), Unit);
        if (!summaries.Any(s => s.Frequency > 0)) return (null, null);
        try
        {
            var model = new BgNbdFitter().Fit(summaries).Model;
            var byId = summaries.ToDictionary(s => s.CustomerId);
            var labels = holdout.Select(h => h.Label).ToList();
            var horizon = ChurnWindow.TotalDays / Unit.DaysPerUnit();
            return (AreaUnderCurve.Compute(holdout.Select(h => 1 - model.ProbabilityAlive(byId[h.CustomerId])).ToList(), labels),
                    AreaUnderCurve.Compute(holdout.Select(h => model.ProbabilityNoPurchase(horizon, byId[h.CustomerId])).ToList(), labels));
        }
        catch (ArgumentException e)
        {
            logger.LogWarning(e, "BG/NBD holdout fit failed");
            return (null, null);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using RetailCommerce.Modules.Loyalty.Bench;
using RetailCommerce.Modules.Loyalty;
using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Modules.Loyalty.Value;

// Evaluation console for the Loyalty lifetime models. Prints one `name=value` metric per line.
//   (no arguments)       CDNOW: fit on weeks 1-39, forecast weeks 40-78 per customer, compare with a naive baseline.
//   --scale N [--seed S] fit on N synthetic customers drawn from the CDNOW-fitted models, and time it.
//   --data DIR           dataset folder instead of ../shared/datasets/cdnow beside the repository.
//   --churn              CDNOW, all 78 weeks through the module's scoring path: churn AUC of LightGBM vs BG/NBD.
//   --module N [--seed S] the module's whole scoring run (fits, churn model, CLV, segments) on N synthetic customers, timed.

int? scale = null;
int? moduleScale = null;
bool churn = false;
int seed = 42;
string? dataDir = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scale": scale = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--data": dataDir = args[++i]; break;
        case "--churn": churn = true; break;
        case "--module": moduleScale = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; use --scale N, --seed S, --data DIR, --churn, --module N");
            return 2;
    }
}

dataDir ??= CdnowData.LocateDirectory();
var transactions = CdnowData.ReadSampleTransactions(dataDir);
var calibration = RepeatSummaryBuilder.Build(transactions, CdnowData.CalibrationEnd, PeriodUnit.Weeks);

var clock = Stopwatch.StartNew();
var bgnbd = new BgNbdFitter().Fit(calibration);
double bgnbdFitMs = clock.Elapsed.TotalMilliseconds;
var gammaGamma = new GammaGammaFitter().Fit(calibration);

if (churn)
    RunChurn(transactions);
else if (moduleScale is int m)
    RunModule(m, seed, bgnbd.Model, gammaGamma.Model);
else if (scale is int n)
    RunScale(n, seed, bgnbd.Model, gammaGamma.Model);
else
    RunCdnow(transactions, calibration, bgnbd, bgnbdFitMs, gammaGamma);
return 0;

static void RunCdnow(
    IReadOnlyList<CustomerTransaction> transactions,
    IReadOnlyList<CustomerRepeatSummary> calibration,
    ModelFit<BgNbdModel> bgnbd,
    double fitMs,
    ModelFit<GammaGammaModel> gammaGamma)
{
    var model = bgnbd.Model;
    double holdoutWeeks = (CdnowData.HoldoutEnd.DayNumber - CdnowData.CalibrationEnd.DayNumber) / 7.0;
    var holdout = RepeatSummaryBuilder.CountPurchaseDays(transactions, CdnowData.CalibrationEnd, CdnowData.HoldoutEnd);

    Metric("dataset", "cdnow_sample");
    Metric("customers", calibration.Count);
    Metric("calibration_weeks", (CdnowData.CalibrationEnd.DayNumber - new DateOnly(1997, 1, 1).DayNumber + 1) / 7.0);
    Metric("holdout_weeks", holdoutWeeks);
    Metric("calibration_repeat_transactions", calibration.Sum(c => c.Frequency));
    Metric("bgnbd_r", model.R);
    Metric("bgnbd_alpha", model.Alpha);
    Metric("bgnbd_a", model.A);
    Metric("bgnbd_b", model.B);
    Metric("bgnbd_loglik", bgnbd.Quality.LogLikelihood);
    Metric("bgnbd_iterations", bgnbd.Quality.Iterations);
    Metric("bgnbd_converged", bgnbd.Quality.Converged);
    Metric("bgnbd_fit_ms", fitMs);

    // Per customer: actual holdout purchase days, the BG/NBD conditional forecast, and the naive forecast that
    // carries the calibration repeat rate x/T forward.
    var rows = calibration.Select(c => (
        c.Frequency,
        Actual: (double)holdout.GetValueOrDefault(c.CustomerId),
        Model: model.ExpectedPurchases(holdoutWeeks, c),
        Naive: c.Age > 0 ? c.Frequency / c.Age * holdoutWeeks : 0.0)).ToList();

    Metric("holdout_actual_total", rows.Sum(r => r.Actual));
    Metric("bgnbd_predicted_total", rows.Sum(r => r.Model));
    Metric("naive_predicted_total", rows.Sum(r => r.Naive));
    Metric("bgnbd_mae", rows.Average(r => Math.Abs(r.Model - r.Actual)));
    Metric("naive_mae", rows.Average(r => Math.Abs(r.Naive - r.Actual)));
    Metric("bgnbd_rmse", Math.Sqrt(rows.Average(r => Math.Pow(r.Model - r.Actual, 2))));
    Metric("naive_rmse", Math.Sqrt(rows.Average(r => Math.Pow(r.Naive - r.Actual, 2))));

    // The paper's Figure 4: mean holdout purchases by calibration frequency.
    foreach (var group in rows.GroupBy(r => Math.Min(r.Frequency, 7)).OrderBy(g => g.Key))
    {
        string label = group.Key == 7 ? "7plus" : group.Key.ToString(CultureInfo.InvariantCulture);
        Metric($"by_x_{label}_customers", group.Count());
        Metric($"by_x_{label}_actual_mean", group.Average(r => r.Actual));
        Metric($"by_x_{label}_bgnbd_mean", group.Average(r => r.Model));
        Metric($"by_x_{label}_naive_mean", group.Average(r => r.Naive));
    }

    // Cohort-level check of the unconditional expectation (paper's Figure 2): repeat purchases over all 78 weeks.
    var firstDay = transactions.GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Min(t => t.Date));
    double predictedCumulative = firstDay.Values.Sum(d => model.ExpectedPurchasesUnconditional((CdnowData.HoldoutEnd.DayNumber - d.DayNumber) / 7.0));
    double actualCumulative = RepeatSummaryBuilder.Build(transactions, CdnowData.HoldoutEnd, PeriodUnit.Weeks).Sum(c => c.Frequency);
    Metric("cohort_repeat_78w_actual", actualCumulative);
    Metric("cohort_repeat_78w_bgnbd", predictedCumulative);

    var spend = gammaGamma.Model;
    Metric("gg_p", spend.P);
    Metric("gg_q", spend.Q);
    Metric("gg_v", spend.V);
    Metric("gg_loglik", gammaGamma.Quality.LogLikelihood);
    Metric("gg_customers", gammaGamma.Quality.CustomerCount);
    Metric("gg_iterations", gammaGamma.Quality.Iterations);
    Metric("gg_converged", gammaGamma.Quality.Converged);
    Metric("gg_population_mean_spend", spend.PopulationMeanSpend);
    var spenders = calibration.Where(c => c.Frequency > 0).ToList();
    Metric("spend_frequency_correlation", Correlation(spenders.Select(c => (double)c.Frequency), spenders.Select(c => c.MeanRepeatSpend)));

    // Gamma-Gamma checked on the holdout: predicted vs actual mean spend per holdout purchase day, for customers with
    // repeat purchases in both periods.
    var holdoutSummary = HoldoutMeanSpend(transactions);
    var spendRows = spenders.Where(c => holdoutSummary.ContainsKey(c.CustomerId))
        .Select(c => (Predicted: spend.ConditionalExpectedSpend(c), Own: c.MeanRepeatSpend, Actual: holdoutSummary[c.CustomerId])).ToList();
    Metric("gg_holdout_customers", spendRows.Count);
    Metric("gg_spend_mae", spendRows.Average(r => Math.Abs(r.Predicted - r.Actual)));
    Metric("naive_spend_mae", spendRows.Average(r => Math.Abs(r.Own - r.Actual)));

    var clv = LifetimeValue.Monthly(model, spend, PeriodUnit.Weeks, months: 12, monthlyDiscountRate: 0.01, margin: 1.0);
    var values = calibration.Select(clv.Estimate).ToList();
    Metric("clv_12m_revenue_mean", values.Average());
    Metric("clv_12m_revenue_total", values.Sum());
}

static void RunScale(int customers, int seed, BgNbdModel truth, GammaGammaModel spendTruth)
{
    Metric("scale_customers", customers);
    Metric("scale_seed", seed);
    Metric("scale_true_r", truth.R);
    Metric("scale_true_alpha", truth.Alpha);
    Metric("scale_true_a", truth.A);
    Metric("scale_true_b", truth.B);

    // Same shape as CDNOW: first purchases spread over the 12 weeks of Q1 1997, observed to the calibration end.
    var clock = Stopwatch.StartNew();
    var synthetic = BgNbdSimulator.SimulateTransactions(
        truth, customers, new DateOnly(1997, 1, 1), 84, CdnowData.CalibrationEnd, PeriodUnit.Weeks, seed, spendTruth);
    Metric("scale_transactions", synthetic.Count);
    Metric("scale_simulate_ms", clock.Elapsed.TotalMilliseconds);

    clock.Restart();
    var summaries = RepeatSummaryBuilder.Build(synthetic, CdnowData.CalibrationEnd, PeriodUnit.Weeks);
    Metric("scale_summary_ms", clock.Elapsed.TotalMilliseconds);
    Metric("scale_groups", summaries.Select(c => (c.Frequency, c.Recency, c.Age)).Distinct().Count());

    clock.Restart();
    var fit = new BgNbdFitter().Fit(summaries);
    double fitMs = clock.Elapsed.TotalMilliseconds;
    Metric("scale_fit_ms", fitMs);
    Metric("scale_fit_seconds", fitMs / 1000);
    Metric("scale_fit_under_60s", fitMs < 60_000);
    Metric("scale_fit_iterations", fit.Quality.Iterations);
    Metric("scale_fit_converged", fit.Quality.Converged);
    Metric("scale_fit_loglik", fit.Quality.LogLikelihood);
    Metric("scale_r", fit.Model.R);
    Metric("scale_alpha", fit.Model.Alpha);
    Metric("scale_a", fit.Model.A);
    Metric("scale_b", fit.Model.B);
    Metric("scale_r_rel_err", fit.Model.R / truth.R - 1);
    Metric("scale_alpha_rel_err", fit.Model.Alpha / truth.Alpha - 1);
    Metric("scale_a_rel_err", fit.Model.A / truth.A - 1);
    Metric("scale_b_rel_err", fit.Model.B / truth.B - 1);

    // What grouping identical (x, t_x, T) buys: the same fit, one likelihood term per customer.
    clock.Restart();
    var ungrouped = new BgNbdFitter { GroupIdenticalCustomers = false }.Fit(summaries);
    Metric("scale_fit_ungrouped_ms", clock.Elapsed.TotalMilliseconds);
    Metric("scale_fit_ungrouped_max_param_rel_diff", new[]
    {
        ungrouped.Model.R / fit.Model.R, ungrouped.Model.Alpha / fit.Model.Alpha,
        ungrouped.Model.A / fit.Model.A, ungrouped.Model.B / fit.Model.B,
    }.Max(ratio => Math.Abs(ratio - 1)));

    // Day-resolution data carries a small bias (same-day repeats merge, times are truncated to days). The same number
    // of customers simulated in continuous time is exactly what the likelihood describes: a check of the fitter alone,
    // and a worst case for speed, since no two customers share (x, t_x, T). One sample's (a, b) can sit several percent
    // off along the likelihood's a/(a+b) ridge, so five samples are summarized.
    const int samples = 5;
    var ages = summaries.Select(c => c.Age).ToList();
    var errors = new List<double[]>();
    double slowestMs = 0;
    bool allConverged = true;
    for (int k = 0; k < samples; k++)
    {
        var continuous = BgNbdSimulator.SimulateSummaries(truth, ages, seed + k);
        clock.Restart();
        var continuousFit = new BgNbdFitter().Fit(continuous);
        slowestMs = Math.Max(slowestMs, clock.Elapsed.TotalMilliseconds);
        allConverged &= continuousFit.Quality.Converged;
        var m = continuousFit.Model;
        errors.Add([m.R / truth.R - 1, m.Alpha / truth.Alpha - 1, m.A / truth.A - 1, m.B / truth.B - 1]);
    }

    Metric("scale_continuous_samples", samples);
    Metric("scale_continuous_fit_max_ms", slowestMs);
    Metric("scale_continuous_converged", allConverged);
    string[] names = ["r", "alpha", "a", "b"];
    for (int i = 0; i < names.Length; i++)
    {
        Metric($"scale_continuous_{names[i]}_mean_rel_err", errors.Average(e => e[i]));
        Metric($"scale_continuous_{names[i]}_max_abs_rel_err", errors.Max(e => Math.Abs(e[i])));
    }

    clock.Restart();
    var spendFit = new GammaGammaFitter().Fit(summaries);
    Metric("scale_gg_fit_ms", clock.Elapsed.TotalMilliseconds);
    Metric("scale_gg_customers", spendFit.Quality.CustomerCount);
    Metric("scale_gg_converged", spendFit.Quality.Converged);
    Metric("scale_gg_p", spendFit.Model.P);
    Metric("scale_gg_q", spendFit.Model.Q);
    Metric("scale_gg_v", spendFit.Model.V);
    Metric("scale_gg_true_p", spendTruth.P);
    Metric("scale_gg_true_q", spendTruth.Q);
    Metric("scale_gg_true_v", spendTruth.V);
}

// The module's own scoring path (CustomerValueModel.Score, what the loyalty.fit-clv job runs after reading the
// events) on the whole CDNOW log, observed to the end of week 78: LightGBM is trained on features at end − 180 days,
// both models are evaluated on features at end − 90 days (label: no purchase in the last 90 days).
static void RunChurn(IReadOnlyList<CustomerTransaction> transactions)
{
    var histories = Histories(transactions);
    var end = new DateTimeOffset(CdnowData.HoldoutEnd.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero);
    var clock = Stopwatch.StartNew();
    var scoring = CustomerValueModel.Score(histories, end, new LoyaltyOptions());
    Metric("churn_run_ms", clock.Elapsed.TotalMilliseconds);
    ChurnMetrics(scoring);
}

static void RunModule(int customers, int seed, BgNbdModel truth, GammaGammaModel spendTruth)
{
    var start = new DateOnly(1997, 1, 1);
    var endDay = start.AddDays(7 * 78 - 1);
    var transactions = BgNbdSimulator.SimulateTransactions(truth, customers, start, 84, endDay, PeriodUnit.Weeks, seed, spendTruth);
    var histories = Histories(transactions);
    Metric("module_customers", customers);
    Metric("module_orders", transactions.Count);
    var clock = Stopwatch.StartNew();
    var scoring = CustomerValueModel.Score(histories, new DateTimeOffset(endDay.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero), new LoyaltyOptions());
    Metric("module_scoring_run_s", clock.Elapsed.TotalSeconds);
    Metric("module_scored_customers", scoring.Values.Count);
    Metric("module_r", scoring.Fit!.R);
    Metric("module_alpha", scoring.Fit.Alpha);
    Metric("module_a", scoring.Fit.A);
    Metric("module_b", scoring.Fit.B);
    ChurnMetrics(scoring);
    foreach (var segment in scoring.Values.GroupBy(v => v.Segment).OrderBy(g => g.Key))
        Metric($"module_segment_{segment.Key}", segment.Count());
}

static void ChurnMetrics(ValueScoring scoring)
{
    var fit = scoring.Fit!;
    Metric("churn_training_customers", fit.ChurnTrainingExamples);
    Metric("churn_holdout_customers", fit.ChurnHoldoutExamples);
    Metric("churn_auc_lightgbm", fit.ChurnModelAuc ?? double.NaN);
    Metric("churn_auc_bgnbd_no_purchase_90d", fit.BgNbdChurnAuc ?? double.NaN);
    Metric("churn_auc_one_minus_p_alive", fit.ProbabilityAliveAuc ?? double.NaN);
    Metric("churn_model_status", fit.ChurnModelStatus);
}

static Dictionary<string, CustomerHistory> Histories(IReadOnlyList<CustomerTransaction> transactions)
{
    var histories = new Dictionary<string, CustomerHistory>(StringComparer.Ordinal);
    foreach (var t in transactions)
    {
        if (!histories.TryGetValue(t.CustomerId, out var h)) histories[t.CustomerId] = h = new CustomerHistory(t.CustomerId);
        h.Purchases.Add((new DateTimeOffset(t.Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), t.Amount));
    }
    return histories;
}

static Dictionary<string, double> HoldoutMeanSpend(IReadOnlyList<CustomerTransaction> transactions) =>
    transactions.Where(t => t.Date > CdnowData.CalibrationEnd && t.Date <= CdnowData.HoldoutEnd)
        .GroupBy(t => t.CustomerId)
        .ToDictionary(
            g => g.Key,
            g => (double)g.Sum(t => t.Amount) / g.Select(t => t.Date).Distinct().Count());

static double Correlation(IEnumerable<double> xs, IEnumerable<double> ys)
{
    var x = xs.ToArray();
    var y = ys.ToArray();
    double mx = x.Average(), my = y.Average();
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < x.Length; i++)
    {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }

    return sxy / Math.Sqrt(sxx * syy);
}

static void Metric(string name, object value) =>
    Console.WriteLine(FormattableString.Invariant($"{name}={Format(value)}"));

static string Format(object value) => value switch
{
    double d => d.ToString("G7", CultureInfo.InvariantCulture),
    bool b => b ? "true" : "false",
    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
    _ => value.ToString() ?? "",
};

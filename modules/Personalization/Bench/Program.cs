using System.Diagnostics;
using System.Globalization;
using RetailCommerce.DemoStore;
using RetailCommerce.Modules.Personalization.Abandonment;
using RetailCommerce.Modules.Personalization.Bench;
using RetailCommerce.Modules.Personalization.Experiments;
using RetailCommerce.Modules.Personalization.Sessions;

// Personalization bench: offline evaluations and the load run. Never part of `dotnet test`.
//   abandonment [--customers 4000] [--products 3000] [--months 12]   AUC on a time-based holdout of the demo store
//   bandit      [--visitors 100000] [--runs 20]                      Thompson sampling vs a fixed 50/50 split (regret)
//   coverage    [--experiments 1000]                                  95% CI coverage of the A/B analysis
//   load        [--clients 50] [--seconds 20] [--warmup 30] [--profile]  p50/p95/p99 of live segments and content calls (+ where the time goes)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var command = args.FirstOrDefault() ?? "all";
int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).DefaultIfEmpty(fallback).First();

if (command is "abandonment" or "all")
{
    var options = new DemoStoreOptions { Customers = Arg("--customers", 4000), Products = Arg("--products", 3000), Months = Arg("--months", 12) };
    var watch = Stopwatch.StartNew();
    var generator = new DemoStoreGenerator(options);
    var examples = SessionHistory.Build(generator.Events().Select(SessionEvent.From));
    Console.WriteLine($"demo store seed {options.Seed}: {examples.Count:N0} sessions, {examples.Count(e => e.HadCart):N0} with a cart, {examples.Count(e => e.Purchased):N0} purchased ({watch.Elapsed.TotalSeconds:0.0} s)");
    var fit = SessionModelTraining.Fit(examples, refitOnAll: false);
    Console.WriteLine($"split: train before {fit.Cutoff:yyyy-MM-dd} ({fit.TrainingCarts:N0} carts, {fit.TrainingSessions:N0} sessions), holdout after ({fit.HoldoutCarts:N0} carts, {fit.HoldoutSessions:N0} sessions)");
    Console.WriteLine($"abandonment_auc_lightgbm={fit.AbandonmentAuc:0.000}");
    Console.WriteLine($"abandonment_auc_baseline_logreg_cartvalue_recency={fit.AbandonmentBaselineAuc:0.000}");
    Console.WriteLine($"propensity_auc_lightgbm={fit.PropensityAuc:0.000}");
    Console.WriteLine($"propensity_auc_baseline_logreg_cartvalue_recency={fit.PropensityBaselineAuc:0.000}");
    Console.WriteLine($"seconds={watch.Elapsed.TotalSeconds:0.0}");
}

if (command is "bandit" or "all")
{
    var visitors = Arg("--visitors", 100_000);
    var runs = Arg("--runs", 20);
    foreach (var rates in new[] { new[] { 0.05, 0.06 }, new[] { 0.04, 0.05 }, new[] { 0.10, 0.12 }, new[] { 0.05, 0.055 } })
    {
        double ts = 0, split = 0;
        for (var r = 0; r < runs; r++)
        {
            ts += BanditSimulator.CumulativeRegret(rates, visitors, SimulatedPolicy.Thompson, 1000 + r);
            split += BanditSimulator.CumulativeRegret(rates, visitors, SimulatedPolicy.FixedSplit, 1000 + r);
        }
        Console.WriteLine($"rates={string.Join('/', rates)} visitors={visitors} runs={runs} regret_thompson={ts / runs:0.0} regret_fixed_split={split / runs:0.0} reduction={1 - ts / split:P1}");
    }
}

if (command is "coverage" or "all")
{
    var experiments = Arg("--experiments", 1000);
    foreach (var (p0, p1, n) in new[] { (0.05, 0.06, 5000), (0.02, 0.025, 20000), (0.10, 0.10, 3000), (0.30, 0.33, 2000) })
    {
        var coverage = CoverageSimulation.Run(p0, p1, n, experiments, seed: 99);
        Console.WriteLine($"p0={p0} p1={p1} n_per_arm={n} experiments={experiments} ci95_coverage_relative_lift={coverage.Relative:P1} ci95_coverage_difference={coverage.Difference:P1}");
    }
}

if (command is "load")
    await LoadRun.RunAsync(Arg("--clients", 50), Arg("--seconds", 20), args.Contains("--profile"), Arg("--warmup", 30));

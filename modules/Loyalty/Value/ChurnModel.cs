using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace RetailCommerce.Modules.Loyalty.Value;

/// <summary>
/// A customer's behaviour as of a cutoff day, the churn model's input. Label (for training) = no purchase in
/// the 90 days after the cutoff.
/// </summary>
public sealed class ChurnFeatures
{
    public string CustomerId { get; set; } = "";
    /// <summary>Days from the last purchase day to the cutoff.</summary>
    public float RecencyDays { get; set; }
    /// <summary>Purchase days up to the cutoff (including the first).</summary>
    public float Frequency { get; set; }
    /// <summary>Mean revenue of a purchase day.</summary>
    public float Monetary { get; set; }
    /// <summary>Days from the first purchase day to the cutoff.</summary>
    public float TenureDays { get; set; }
    /// <summary>ln((views in the last 30 days + 1) / (views in the 30 days before + 1)): above 0 = warming up.</summary>
    public float EngagementTrend { get; set; }
    /// <summary>Units returned up to the cutoff.</summary>
    public float Returns { get; set; }
    /// <summary>Support contacts up to the cutoff; 0 while no support data flows into the platform.</summary>
    public float SupportContacts { get; set; }
    /// <summary>True when the customer made no purchase in the 90 days after the cutoff.</summary>
    public bool Label { get; set; }

    /// <summary>Features of every customer whose first purchase is on or before <paramref name="cutoff"/>.</summary>
    public static List<ChurnFeatures> AsOf(IEnumerable<CustomerHistory> customers, DateTimeOffset cutoff, TimeSpan labelWindow)
    {
        var rows = new List<ChurnFeatures>();
        foreach (var c in customers)
        {
            var days = c.Purchases.Where(p => p.At <= cutoff)
                .GroupBy(p => DateOnly.FromDateTime(p.At.UtcDateTime))
                .Select(g => (Day: g.Key, Revenue: g.Sum(p => p.Revenue))).OrderBy(d => d.Day).ToList();
            if (days.Count == 0) continue;
            var cutoffDay = DateOnly.FromDateTime(cutoff.UtcDateTime);
            int last30 = c.Views.Count(v => v <= cutoff && v > cutoff.AddDays(-30));
            int previous30 = c.Views.Count(v => v <= cutoff.AddDays(-30) && v > cutoff.AddDays(-60));
            rows.Add(new ChurnFeatures
            {
                CustomerId = c.CustomerId,
                RecencyDays = cutoffDay.DayNumber - days[^1].Day.DayNumber,
                Frequency = days.Count,
                Monetary = (float)days.Average(d => d.Revenue),
                TenureDays = cutoffDay.DayNumber - days[0].Day.DayNumber,
                EngagementTrend = (float)Math.Log((last30 + 1.0) / (previous30 + 1.0)),
                Returns = c.Returns.Count(r => r <= cutoff),
                SupportContacts = 0,
                Label = !c.Purchases.Any(p => p.At > cutoff && p.At <= cutoff + labelWindow),
            });
        }
        return rows;
    }
}

/// <summary>The churn model's score for one customer.</summary>
public sealed class ChurnScore
{
    /// <summary>Calibrated probability of churn.</summary>
    public float Probability { get; set; }
}

/// <summary>
/// The supervised churn model: ML.NET LightGBM binary classification on <see cref="ChurnFeatures"/>, trained on
/// the store's own history. Seeded and single-threaded so a refit on the same data gives the same scores.
/// </summary>
public sealed class ChurnModel
{
    private static readonly string[] FeatureColumns =
    [
        nameof(ChurnFeatures.RecencyDays), nameof(ChurnFeatures.Frequency), nameof(ChurnFeatures.Monetary),
        nameof(ChurnFeatures.TenureDays), nameof(ChurnFeatures.EngagementTrend), nameof(ChurnFeatures.Returns),
        nameof(ChurnFeatures.SupportContacts),
    ];

    private readonly MLContext _ml;
    private readonly ITransformer _model;

    private ChurnModel(MLContext ml, ITransformer model) { _ml = ml; _model = model; }

    /// <summary>Trains on labelled rows (both labels must occur).</summary>
    public static ChurnModel Train(IReadOnlyList<ChurnFeatures> rows)
    {
        var ml = new MLContext(seed: 7);
        var data = ml.Data.LoadFromEnumerable(rows);
        // Small shops have a few hundred customers: shallow trees and a leaf minimum that grows with the data
        // keep LightGBM from memorising them.
        var options = new LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = 15,
            MinimumExampleCountPerLeaf = Math.Max(5, rows.Count / 100),
            NumberOfIterations = 150,
            LearningRate = 0.05,
            NumberOfThreads = 1,
            Seed = 7,
            Silent = true,
        };
        var pipeline = ml.Transforms.Concatenate("Features", FeatureColumns)
            .Append(ml.BinaryClassification.Trainers.LightGbm(options));
        return new ChurnModel(ml, pipeline.Fit(data));
    }

    /// <summary>Churn probabilities, in the order of <paramref name="rows"/>.</summary>
    public double[] Score(IReadOnlyList<ChurnFeatures> rows)
    {
        if (rows.Count == 0) return [];
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows));
        return _ml.Data.CreateEnumerable<ChurnScore>(scored, reuseRowObject: false).Select(s => (double)s.Probability).ToArray();
    }
}

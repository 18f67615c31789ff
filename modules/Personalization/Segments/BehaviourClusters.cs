using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace RetailCommerce.Modules.Personalization.Segments;

/// <summary>
/// ML.NET KMeans (k-means++, seeded, one thread) on standardised engagement features. Each cluster is named by
/// the features where its centroid stands furthest from the average customer, e.g. "Deal hunters, mobile-first".
/// </summary>
public static class BehaviourClusters
{
    private sealed class Row { [VectorType(5)] public float[] Features { get; set; } = []; }
    private sealed class Assignment { public uint PredictedLabel { get; set; } }

    private static readonly (string High, string Low)[] Words =
    [
        ("Deep browsers", "Quick lookers"), ("Deal hunters", "Full-price shoppers"), ("Explorers", "Specialists"),
        ("Evening shoppers", "Daytime shoppers"), ("Mobile-first", "Desktop shoppers"),
    ];

    /// <summary>Cluster index per customer (input order) and the named profiles.</summary>
    public static (int[] Assignments, List<ClusterProfile> Clusters) Fit(IReadOnlyList<EngagementFeatures> customers, int k)
    {
        var raw = customers.Select(c => c.Vector()).ToList();
        var dims = EngagementFeatures.Names.Length;
        var mean = Enumerable.Range(0, dims).Select(d => raw.Average(v => v[d])).ToArray();
        var sd = Enumerable.Range(0, dims).Select(d => Math.Sqrt(raw.Average(v => Math.Pow(v[d] - mean[d], 2))) is var s && s > 1e-9 ? s : 1).ToArray();
        var rows = raw.Select(v => new Row { Features = v.Select((x, d) => (float)((x - mean[d]) / sd[d])).ToArray() }).ToList();
        var ml = new MLContext(seed: 5);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            NumberOfClusters = k, FeatureColumnName = "Features", NumberOfThreads = 1,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
        }).Fit(data);
        var assignments = ml.Data.CreateEnumerable<Assignment>(model.Transform(data), reuseRowObject: false)
            .Select(a => (int)a.PredictedLabel - 1).ToArray();

        var clusters = new List<ClusterProfile>();
        var used = new HashSet<string>();
        for (var c = 0; c < k; c++)
        {
            var members = Enumerable.Range(0, rows.Count).Where(i => assignments[i] == c).ToList();
            if (members.Count == 0) continue;
            var z = Enumerable.Range(0, dims).Select(d => members.Average(i => (double)rows[i].Features[d])).ToArray();
            var ranked = Enumerable.Range(0, dims).OrderByDescending(d => Math.Abs(z[d])).ToList();
            string Word(int d) => z[d] >= 0 ? Words[d].High : Words[d].Low;
            var name = Math.Abs(z[ranked[0]]) < 0.25 ? "Typical shoppers" : Word(ranked[0]);
            if (!used.Add(name) || Math.Abs(z[ranked[1]]) >= 0.5) { name = $"{Word(ranked[0])}, {Word(ranked[1]).ToLowerInvariant()}"; used.Add(name); }
            clusters.Add(new ClusterProfile
            {
                Index = c, Name = name, Size = members.Count,
                Centroid = new EngagementFeatures
                {
                    BrowseDepth = members.Average(i => raw[i][0]), PriceSensitivity = members.Average(i => raw[i][1]), CategorySpread = members.Average(i => raw[i][2]),
                    EveningShare = members.Average(i => raw[i][3]), MobileShare = members.Average(i => raw[i][4]),
                },
            });
        }
        return (assignments, clusters);
    }
}

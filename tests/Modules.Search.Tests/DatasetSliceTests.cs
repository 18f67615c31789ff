using RetailCommerce.Modules.Search.Bench;

namespace RetailCommerce.Modules.Search.Tests;

public class DatasetSliceTests
{
    [Fact]
    public async Task Hybrid_is_at_least_as_good_as_lexical_on_the_first_50_crowdflower_queries()
    {
        var folder = EvaluationDataset.DatasetFolder("crowdflower-search-relevance");
        Assert.True(Directory.Exists(folder), $"dataset folder missing: {folder}");

        var dataset = EvaluationDataset.Load("crowdflower-search-relevance", out _)!;
        using var index = await RelevanceBenchmark.BuildIndexAsync(dataset);

        var metrics = await RelevanceBenchmark.EvaluateAsync(dataset, index, [RelevanceBenchmark.Lexical, RelevanceBenchmark.Hybrid], maxQueries: 50);

        var lexical = metrics.Single(m => m.System == "lexical");
        var hybrid = metrics.Single(m => m.System == "hybrid");
        Assert.Equal(50, lexical.Queries);
        Assert.True(lexical.Ndcg10 > 0.3, $"lexical ndcg@10 {lexical.Ndcg10:F4} is implausibly low: the loader or metric broke");
        Assert.True(hybrid.Ndcg10 >= lexical.Ndcg10, $"hybrid {hybrid.Ndcg10:F4} < lexical {lexical.Ndcg10:F4}");
        Assert.Equal(0, hybrid.ZeroResultRate);
    }

    [Fact]
    public void Ndcg_and_mrr_follow_their_definitions()
    {
        var gains = new Dictionary<string, double> { ["a"] = 3, ["b"] = 1, ["c"] = 0 };

        Assert.Equal(1.0, RelevanceBenchmark.Ndcg(["a", "b", "x"], gains, 10), 10);
        var swapped = (1 / Math.Log2(2) + 3 / Math.Log2(3)) / (3 / Math.Log2(2) + 1 / Math.Log2(3));
        Assert.Equal(swapped, RelevanceBenchmark.Ndcg(["b", "a"], gains, 10), 10);
        Assert.Equal(0.5, RelevanceBenchmark.ReciprocalRank(["x", "a"], gains, relevantGain: 3));
        Assert.Equal(0, RelevanceBenchmark.ReciprocalRank(["b", "c"], gains, relevantGain: 3));
    }
}

using RetailCommerce.Modules.Recommendations.Evaluation;
using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

public class EvaluationTests
{
    [Fact]
    public void Ranking_metrics_match_hand_computed_values()
    {
        IReadOnlyList<string> ranked = ["x", "r1", "y", "r2"];
        var relevant = new HashSet<string> { "r1", "r2", "r3" };
        // DCG = 1/log2(3) + 1/log2(5); ideal with 3 relevant = 1 + 1/log2(3) + 1/log2(4)
        var expected = (1 / Math.Log2(3) + 1 / Math.Log2(5)) / (1 + 1 / Math.Log2(3) + 0.5);
        Assert.Equal(expected, RankingMetrics.Ndcg(ranked, relevant, 10), 12);
        Assert.Equal(1.0, RankingMetrics.HitRate(ranked, relevant, 2));
        Assert.Equal(0.0, RankingMetrics.HitRate(ranked, relevant, 1));
        Assert.Equal(2.0 / 3.0, RankingMetrics.Recall(ranked, relevant, 20), 12);
        Assert.Equal(1.0, RankingMetrics.Ndcg(["r1", "r2", "r3"], relevant, 10), 12);
    }

    [Fact]
    public void Temporal_split_cuts_at_the_ceiling_of_eighty_percent_of_the_span()
    {
        var data = new List<Interaction>
        {
            new("c", "p1", InteractionKind.Rating, 4, DateTimeOffset.FromUnixTimeSeconds(874724710)),
            new("c", "p2", InteractionKind.Rating, 4, DateTimeOffset.FromUnixTimeSeconds(889574252)),
            new("c", "p3", InteractionKind.Rating, 4, DateTimeOffset.FromUnixTimeSeconds(889574253)),
            new("c", "p4", InteractionKind.Rating, 4, DateTimeOffset.FromUnixTimeSeconds(893286638)),
        };
        // The MovieLens README's numbers: ceil(874724710 + 0.8·(893286638 − 874724710)) = 889574253.
        var split = TemporalSplit.ByTimeSpan(data, 0.8);
        Assert.Equal(889574253, split.Cutoff.ToUnixTimeSeconds());
        Assert.Equal(["p1", "p2"], split.Train.Select(x => x.ProductId));
        Assert.Equal(["p3", "p4"], split.Test.Select(x => x.ProductId));
    }

    [Fact]
    public void Evaluator_scores_only_new_products_and_can_leave_out_cold_customers()
    {
        var train = new List<Interaction> { Buy("old", "p1", 0), Buy("old", "p2", 0), Buy("other", "p3", 0) };
        var test = new List<Interaction> { Buy("old", "p1", 5), Buy("old", "p3", 5), Buy("new", "p2", 5) };
        var split = new TemporalSplit(train, test, Start.AddDays(1));

        var warm = new OfflineEvaluator(split, warmOnly: true);
        Assert.Equal(["old"], warm.Relevant.Keys);
        Assert.Equal(["p3"], warm.Relevant["old"]); // p1 was already known: a re-purchase is no discovery
        var everyone = new OfflineEvaluator(split, warmOnly: false);
        Assert.Equal(2, everyone.Relevant.Count);

        var result = warm.Evaluate("fixed", _ => ["p3", "p2"]);
        Assert.Equal(1.0, result.Ndcg10, 12);
        Assert.Equal(2.0 / 3.0, result.Coverage10, 12); // p3 and p2 of the 3 training products
        Assert.Contains("fixed.ndcg@10=1.0000", result.Lines());
    }
}

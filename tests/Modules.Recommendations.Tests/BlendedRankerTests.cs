using RetailCommerce.Modules.Recommendations.Bench;
using RetailCommerce.Modules.Recommendations.Evaluation;

namespace RetailCommerce.Modules.Recommendations.Tests;

public class BlendedRankerTests
{
    [Fact]
    public void Beats_popularity_on_a_movielens_slice()
    {
        // The tuning slice: the shared MovieLens file cut at 80% of its time span, and that training part
        // cut again the same way (57,646 training and 11,316 held-out ratings; the benchmark's holdout is not used).
        var directory = MovieLens.DefaultDirectory();
        var file = Path.Combine(directory, "ratings_shared.tsv");
        Assert.True(File.Exists(file), $"MovieLens benchmark not found at {file} (see docs/recommendations-evaluation.md)");
        var ratings = MovieLens.LoadRatings(file);
        var split = TemporalSplit.ByTimeSpan(TemporalSplit.ByTimeSpan(ratings, 0.8).Train, 0.8);
        var evaluator = new OfflineEvaluator(split, warmOnly: true);

        var popularity = PopularityModel.Train(split.Train, BenchSettings.Popularity);
        var ranker = BlendedRanker.Train(split.Train, BenchSettings.Ranker);
        var baseline = evaluator.Evaluate("popularity", popularity);
        var blended = evaluator.Evaluate("ranker", ranker);

        Assert.True(evaluator.Relevant.Count > 50);
        Assert.True(blended.Ndcg10 > baseline.Ndcg10 * 1.2, $"ranker {blended.Ndcg10:0.0000} vs popularity {baseline.Ndcg10:0.0000}");
        Assert.True(blended.Recall20 > baseline.Recall20, $"recall {blended.Recall20:0.0000} vs {baseline.Recall20:0.0000}");
    }
}

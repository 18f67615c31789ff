using RetailCommerce.Jobs;
using RetailCommerce.Modules.Search.Ranking.Learned;

namespace RetailCommerce.Modules.Search.Jobs;

/// <summary>
/// <c>search.train-ranker</c>: learns the store's hybrid ranking (LightGBM LambdaRank) from its own CLICK / PURCHASE after
/// SEARCH events, keeps it only when it beats score fusion on held-out searches, and says "store too small" otherwise.
/// </summary>
public sealed class TrainSearchRankerJob(SearchRankerTraining training) : IStoreJob
{
    /// <summary>The job id.</summary>
    public const string Id = "search.train-ranker";

    /// <inheritdoc />
    public Task<string> RunAsync(string storeId, CancellationToken ct) => training.TrainAsync(storeId, ct);
}

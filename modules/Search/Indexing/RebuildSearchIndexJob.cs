using System.Globalization;
using RetailCommerce.Catalog;
using RetailCommerce.Jobs;

namespace RetailCommerce.Modules.Search.Indexing;

/// <summary>
/// <c>search.rebuild-index</c>: retrains the store's offline embedding model on today's catalog, rebuilds the index
/// (refreshing popularity from recent activity) and swaps it in. Product vectors whose text and model are
/// unchanged are reused (always the case with an endpoint model; with the offline model a retrain re-embeds).
/// </summary>
public sealed class RebuildSearchIndexJob(SearchIndexes indexes, ProductCatalog catalog, Visual.VisualIndexes visual) : IStoreJob
{
    /// <summary>The job id.</summary>
    public const string Id = "search.rebuild-index";

    /// <inheritdoc />
    public async Task<string> RunAsync(string storeId, CancellationToken ct)
    {
        var count = await catalog.CountAsync(storeId, ct);
        if (count == 0) return "store too small: no products to index";
        var r = await indexes.RebuildAsync(storeId, retrain: true, ct);
        // Images that are missing or failed before (e.g. the image server was down) are tried again in the background.
        var images = await visual.BackfillAsync(storeId, retryFailed: true, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"indexed {r.Products:N0} products in {r.Elapsed.TotalSeconds:F1} s; {r.Embedded:N0} embedded, {r.ReusedVectors:N0} stored vectors reused; model {r.ModelId}; {images:N0} product images queued");
    }
}

using Marten;
using Microsoft.Extensions.Options;
using RetailCommerce.Catalog;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Personalization.Abandonment;
using RetailCommerce.Modules.Personalization.Sessions;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Personalization.Segments;

/// <summary>
/// Segments every customer from their events as of the store's latest event: RFM quintiles (among buyers),
/// 90-day spend, orders and viewed categories (for rule segments), engagement features and a KMeans cluster.
/// </summary>
public sealed class Segmentation(StoreSessions sessions, SessionModels history, ProductCatalog catalog, TimeProvider clock, IOptions<PersonalizationOptions> options)
{
    private const int MinimumEventsToCluster = 3;

    public async Task<SegmentationSummary> RunAsync(string storeId, CancellationToken ct)
    {
        var events = (await history.ReadHistoryAsync(storeId, ct)).Where(e => e.CustomerId is not null).ToList();
        if (events.Count == 0) return new SegmentationSummary { RanAt = clock.GetUtcNow(), Outcome = "store too small: no customer events yet" };
        var asOf = events.Max(e => e.At);
        var products = new Dictionary<string, (List<string> Path, decimal Price)>();
        await foreach (var p in catalog.AllAsync(storeId, ct)) products[p.Id] = (p.CategoryPath, p.Price);

        var profiles = new List<PersonalizationProfile>();
        var eventCounts = new List<int>();
        foreach (var customer in events.GroupBy(e => e.CustomerId!))
        {
            var list = customer.ToList();
            var purchases = list.Where(e => e.Type == "PURCHASE").ToList();
            var recent = list.Where(e => e.At > asOf.AddDays(-90)).ToList();
            var views = list.Where(e => e.Type == "VIEW").ToList();
            var sessionsOf = list.Where(e => e.SessionId is not null).GroupBy(e => e.SessionId!).ToList();
            var searches = list.Where(e => e.Type == "SEARCH").ToList();
            var onDeal = views.Count(v => v.ProductId is not null && v.Price is { } price && products.TryGetValue(v.ProductId, out var p) && price < p.Price * 0.98m)
                + searches.Count(s => SessionFeatures.IsPriceSearch(s.Query));
            profiles.Add(new PersonalizationProfile
            {
                Id = customer.Key, AsOf = asOf,
                DaysSinceLastPurchase = purchases.Count == 0 ? null : (asOf - purchases.Max(p => p.At)).TotalDays,
                Orders = purchases.Select(p => p.OrderId ?? p.SessionId).Distinct().Count(),
                Revenue = (double)purchases.Sum(p => (p.Price ?? 0) * p.Quantity),
                Spent90Days = (double)recent.Where(e => e.Type == "PURCHASE").Sum(p => (p.Price ?? 0) * p.Quantity),
                Orders90Days = recent.Where(e => e.Type == "PURCHASE").Select(p => p.OrderId ?? p.SessionId).Distinct().Count(),
                ViewedCategories90Days = recent.Where(e => e.Type == "VIEW" && e.ProductId is not null && products.ContainsKey(e.ProductId))
                    .SelectMany(e => CategoryKeys(products[e.ProductId!].Path)).Distinct().ToList(),
                Engagement = new EngagementFeatures
                {
                    BrowseDepth = sessionsOf.Count == 0 ? 0 : (double)views.Count / sessionsOf.Count,
                    PriceSensitivity = (double)onDeal / Math.Max(1, views.Count + searches.Count),
                    CategorySpread = views.Where(v => v.ProductId is not null && products.ContainsKey(v.ProductId)).Select(v => products[v.ProductId!].Path.FirstOrDefault()).Distinct().Count(),
                    EveningShare = (double)list.Count(e => e.At.UtcDateTime.Hour >= 18) / list.Count,
                    MobileShare = sessionsOf.Count == 0 ? 0 : (double)sessionsOf.Count(s => s.Any(e => e.Device == "mobile")) / sessionsOf.Count,
                },
            });
            eventCounts.Add(list.Count);
        }

        // RFM quintiles among buyers: recent, frequent and big spenders score 5.
        var buyers = profiles.Where(p => p.Orders > 0).ToList();
        if (buyers.Count > 0)
        {
            var r = Quintiles.Scores(buyers.Select(b => -b.DaysSinceLastPurchase!.Value).ToList());
            var f = Quintiles.Scores(buyers.Select(b => (double)b.Orders).ToList());
            var m = Quintiles.Scores(buyers.Select(b => b.Revenue).ToList());
            for (var i = 0; i < buyers.Count; i++) (buyers[i].RecencyScore, buyers[i].FrequencyScore, buyers[i].MonetaryScore) = (r[i], f[i], m[i]);
        }

        var active = Enumerable.Range(0, profiles.Count).Where(i => eventCounts[i] >= MinimumEventsToCluster).ToList();
        var k = Math.Min(options.Value.Clusters, active.Count / 10);
        var clusters = new List<ClusterProfile>();
        if (k >= 2)
        {
            var (assignments, named) = BehaviourClusters.Fit(active.Select(i => profiles[i].Engagement).ToList(), k);
            clusters = named;
            for (var j = 0; j < active.Count; j++)
            {
                profiles[active[j]].Cluster = assignments[j];
                profiles[active[j]].ClusterName = named.FirstOrDefault(c => c.Index == assignments[j])?.Name;
            }
        }

        var summary = new SegmentationSummary
        {
            AsOf = asOf, RanAt = clock.GetUtcNow(), Customers = profiles.Count, Buyers = buyers.Count,
            RecencyCounts = Enumerable.Range(1, 5).Select(s => buyers.Count(b => b.RecencyScore == s)).ToArray(), Clusters = clusters,
            Outcome = $"segmented {profiles.Count:N0} customers ({buyers.Count:N0} buyers with RFM scores), {clusters.Count} behavioural clusters"
                + (k < 2 ? $" (too few active customers to cluster: {active.Count})" : ""),
        };
        await using var write = sessions.Write(storeId);
        foreach (var chunk in profiles.Chunk(1000)) write.Store(chunk);
        write.Store(summary);
        await write.SaveChangesAsync(ct);
        return summary;
    }

    private static IEnumerable<string> CategoryKeys(List<string> path)
    {
        if (path.Count > 0) yield return path[0];
        if (path.Count > 1) yield return $"{path[0]} > {path[1]}";
        if (path.Count > 2) yield return string.Join(" > ", path);
    }
}

/// <summary>Job: recomputes RFM scores, clusters and the profiles rule segments read.</summary>
public sealed class SegmentCustomers(Segmentation segmentation) : IStoreJob
{
    public async Task<string> RunAsync(string storeId, CancellationToken ct) => (await segmentation.RunAsync(storeId, ct)).Outcome;
}

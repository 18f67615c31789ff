using Marten;
using RetailCommerce.Modules.Search.Indexing;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Search.Ranking.Learned;

/// <summary>A store's trained search ranker, stored so a restart or index rebuild keeps using it.</summary>
public sealed class SearchRankerModel
{
    /// <summary>The one document id per store.</summary>
    public const string DocumentId = "ranker";

    /// <summary>Always <see cref="DocumentId"/>.</summary>
    public string Id { get; set; } = DocumentId;
    /// <summary>The model's id.</summary>
    public string ModelId { get; set; } = "";
    /// <summary>The ML.NET model (zip bytes).</summary>
    public byte[] Model { get; set; } = [];
    /// <summary>The learned query-word → title-word associations (<see cref="SearchTermAssociations.Save"/>); empty for older models.</summary>
    public byte[] Associations { get; set; } = [];
    /// <summary>What shoppers chose after the training searches (<see cref="SearchClickMemory.Save"/>); empty for older models.</summary>
    public byte[] ClickMemory { get; set; } = [];
    /// <summary>Weight of the click memory's evidence added to the score (chosen by cross-validation).</summary>
    public double ClickWeight { get; set; }
    /// <summary>Weight of the search-click prior added to the score (chosen by cross-validation).</summary>
    public double PriorWeight { get; set; }
    /// <summary>Weight of the fusion score added to the trees' score (chosen by cross-validation with the settings).</summary>
    public double FusionBlend { get; set; }
    /// <summary>Searched queries with a click or purchase it learned from.</summary>
    public int Queries { get; set; }
    /// <summary>(query, product) pairs it learned from.</summary>
    public int Examples { get; set; }
    /// <summary>Inner cross-validated NDCG@10 of the model and of score fusion on the same searches.</summary>
    public double InnerNdcg { get; set; }
    /// <summary>Same for the score fusion it replaces.</summary>
    public double InnerFusionNdcg { get; set; }
    /// <summary>When it was trained.</summary>
    public DateTimeOffset TrainedAt { get; set; }
}

/// <summary>A shopper's query and what they did with its results: grade 1 for a click, 2 for a purchase.</summary>
public sealed record SearchJudgment(string Query, string ProductId, int Grade);

/// <summary>
/// Turns the store's event stream into training judgments and trains the ranker. A CLICK or PURCHASE counts for the
/// query it names (<c>query</c> on the event) or, failing that, the shopper's last SEARCH within
/// <see cref="AttributionWindow"/>; a purchase without a query inherits the query of the shopper's click on that product.
/// Products shown but not clicked are the negatives (grade 0), which is what LambdaRank needs.
/// </summary>
public sealed class SearchRankerTraining(StoreSessions sessions, SearchIndexes indexes, TimeProvider clock)
{
    /// <summary>Below this many searched queries with a click or purchase the store keeps score fusion.</summary>
    public const int MinQueries = 30;

    /// <summary>How long after a search a click is still attributed to it.</summary>
    public static readonly TimeSpan AttributionWindow = TimeSpan.FromMinutes(30);

    /// <summary>Events older than this before the store clock are not used (catalog and tastes move).</summary>
    public const int HistoryDays = 180;

    /// <summary>Judgments from shopper events, highest grade per (query, product).</summary>
    public static IReadOnlyList<SearchJudgment> Judgments(IEnumerable<ShopperEvent> events)
    {
        var grades = new Dictionary<(string, string), int>();
        foreach (var shopper in events.GroupBy(e => e.CustomerId ?? "session:" + e.SessionId))
        {
            string? lastQuery = null;
            var lastAt = DateTimeOffset.MinValue;
            var clickedFrom = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in shopper.OrderBy(e => e.OccurredAt))
            {
                var own = Normalize(e.Query);
                switch (e)
                {
                    case CatalogSearched when own is not null:
                        lastQuery = own;
                        lastAt = e.OccurredAt;
                        break;
                    case ProductClicked when e.ProductId is not null:
                        var query = own ?? (lastQuery is not null && e.OccurredAt - lastAt <= AttributionWindow ? lastQuery : null);
                        if (query is null) break;
                        clickedFrom[e.ProductId] = query;
                        Raise(query, e.ProductId, 1);
                        break;
                    case ItemPurchased when e.ProductId is not null:
                        var bought = own ?? clickedFrom.GetValueOrDefault(e.ProductId);
                        if (bought is not null) Raise(bought, e.ProductId, 2);
                        break;
                }
            }
        }
        return grades.Select(kv => new SearchJudgment(kv.Key.Item1, kv.Key.Item2, kv.Value)).ToList();

        void Raise(string query, string product, int grade)
        {
            if (grades.GetValueOrDefault((query, product)) < grade) grades[(query, product)] = grade;
        }
    }

    private static string? Normalize(string? query) =>
        string.IsNullOrWhiteSpace(query) ? null : string.Join(' ', query.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Trains (or declines to) and installs the result in the live index; returns the job's one-line outcome.</summary>
    public async Task<string> TrainAsync(string storeId, CancellationToken ct)
    {
        var events = new List<ShopperEvent>();
        await using (var session = sessions.Read(storeId))
        {
            // Measured from the store clock (imported history may be old); without one, all events count.
            var from = (await session.LatestEventAtAsync(ct))?.AddDays(-HistoryDays) ?? DateTimeOffset.MinValue;
            events.AddRange(await session.Events.QueryRawEventDataOnly<CatalogSearched>().Where(e => e.OccurredAt >= from).ToListAsync(ct));
            events.AddRange(await session.Events.QueryRawEventDataOnly<ProductClicked>().Where(e => e.OccurredAt >= from).ToListAsync(ct));
            events.AddRange(await session.Events.QueryRawEventDataOnly<ItemPurchased>().Where(e => e.OccurredAt >= from).ToListAsync(ct));
        }
        var judgments = Judgments(events);
        var live = await indexes.GetAsync(storeId, ct);
        // The click memory learns from every search with a click or purchase; its candidates for a training search come
        // from all the other searches (leave-one-out), a superset of what any out-of-fold memory would propose.
        var clicks = judgments.GroupBy(j => j.Query)
            .Select(q => new PastSearch(q.Key, live.Index.QueryTerms(q.Key), q.Select(j => new PastClick(j.ProductId, j.Grade)).ToList()))
            .ToList();
        var memory = SearchClickMemory.Learn(clicks);
        var examples = new List<SearchRankingExample>();
        var queries = 0;
        foreach (var query in judgments.GroupBy(j => j.Query))
        {
            var grade = query.ToDictionary(j => j.ProductId, j => j.Grade, StringComparer.Ordinal);
            var candidates = await live.Index.RankingCandidatesAsync(new SearchRequest(query.Key), terms => memory.ProposalPool(terms, query.Key), ct);
            if (!candidates.Any(c => grade.ContainsKey(c.ProductId))) continue; // what they clicked is no longer findable
            queries++;
            examples.AddRange(candidates.Select(c => ToExample(query.Key, c, grade.GetValueOrDefault(c.ProductId))));
        }
        if (queries < MinQueries)
            return $"store too small: {queries} searched queries with a click or purchase (need {MinQueries}); ranking stays on score fusion";

        var selection = SearchRanker.TrainSelected(examples, clicks: clicks, wordVectors: live.Index.WordVectors);
        await using var write = sessions.Write(storeId);
        if (selection.Ranker is not { } ranker)
        {
            write.Delete<SearchRankerModel>(SearchRankerModel.DocumentId);
            await write.SaveChangesAsync(ct);
            live.Index.Ranker = null;
            return $"kept score fusion: the learned ranker did not beat it on held-out searches (NDCG@10 {selection.InnerNdcg:F3} vs {selection.InnerFusionNdcg:F3}, {queries} queries)";
        }
        write.Store(new SearchRankerModel
        {
            ModelId = ranker.ModelId, Model = ranker.Save(), Associations = ranker.Associations?.Save() ?? [], ClickMemory = ranker.ClickMemory?.Save() ?? [], ClickWeight = ranker.ClickWeight, PriorWeight = ranker.PriorWeight, FusionBlend = ranker.FusionBlend, Queries = ranker.TrainingQueries, Examples = ranker.TrainingExamples,
            InnerNdcg = selection.InnerNdcg, InnerFusionNdcg = selection.InnerFusionNdcg, TrainedAt = clock.GetUtcNow(),
        });
        await write.SaveChangesAsync(ct);
        live.Index.Ranker = ranker;
        return $"trained {ranker.ModelId} on {queries} queries ({examples.Count} pairs, {ranker.Associations?.PairCount ?? 0} learned word pairs, {ranker.ClickMemory?.SearchCount ?? 0} remembered searches, fusion blend {ranker.FusionBlend}, click weight {ranker.ClickWeight}, prior weight {ranker.PriorWeight}): held-out NDCG@10 {selection.InnerNdcg:F3} vs score fusion {selection.InnerFusionNdcg:F3}";
    }

    /// <summary>A training row from a ranking candidate (the same mapping the bench uses).</summary>
    public static SearchRankingExample ToExample(string query, SearchRankingCandidate candidate, int grade) =>
        new(query, candidate.Features, grade)
        {
            QueryTerms = candidate.QueryTerms, ProductTerms = candidate.ProductTerms, ProductId = candidate.ProductId, MemoryOnly = candidate.MemoryOnly,
        };

    /// <summary>The stored ranker of a store, or null.</summary>
    public static async Task<SearchRanker?> LoadAsync(IQuerySession session, CancellationToken ct)
    {
        var stored = await session.LoadAsync<SearchRankerModel>(SearchRankerModel.DocumentId, ct);
        return stored is null || stored.Model.Length == 0 ? null : SearchRanker.Load(stored.Model, stored.ModelId, stored.Queries, stored.Examples, stored.Associations, stored.FusionBlend, stored.ClickMemory, stored.ClickWeight, stored.PriorWeight);
    }
}

namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// One customer's candidate products and their feature rows: each base model's score and rank among
/// the candidates, plus product and customer context (reach, growth, age, freshness, activity, taste
/// for the mainstream). Personal scores are scaled per customer (÷ the best candidate's) and ranks are
/// relative, because the ranker is trained on models fitted to less data than the ones it serves with:
/// raw magnitudes would drift between the two.
/// </summary>
internal sealed class CandidateSet
{
    /// <summary>Names of the feature columns, in order.</summary>
    public static readonly string[] FeatureNames =
    [
        "trending.score", "trending.rank",
        "popular.score", "popular.rank",
        "itemknn.score", "itemknn.rank",
        "itemknn_recent.score", "itemknn_recent.rank",
        "als.score", "als.rank",
        "cooccurrence.score", "cooccurrence.rank",
        "als.raw",
        "product.growth",
        "product.customers_log",
        "product.age_days",
        "product.idle_days",
        "customer.history_log",
        "customer.idle_days",
        "customer.mainstream",
        "product.mainstream_gap",
        "customer.trend_affinity",
        "product.trending_catalog_rank_log",
        "product.mean_rating",
        "now.score", "now.rank",
        "itemknn_last.score", "itemknn_last.rank",
        "ease.score", "ease.rank",
        "product.launch_age_days",
        "customer.category_share_recent",
        "customer.category_share_all",
    ];

    public const int FeatureCount = 33;

    /// <summary>The customer's latest products the "recent" category share is counted over.</summary>
    private const int RecentCategoryWindow = 10;

    // Score/rank column pairs of each candidate source, in source order (the first six predate the rest).
    private static readonly int[] SourceColumns = [0, 2, 4, 6, 8, 10, 24, 26, 28];

    /// <summary>Scaled score columns of trending, item-kNN, ALS and co-occurrence (what the linear blend weighs; adding "now" and EASE scored 0.108 vs 0.118 on the tuning split).</summary>
    public static readonly int[] LinearColumns = [0, 4, 8, 10];

    /// <summary>Products of the customer's latest activity used as the "session" context.</summary>
    private const int RecentContext = 5;

    public required IReadOnlyList<string> Products { get; init; }
    public required float[][] Features { get; init; }

    public static CandidateSet Build(CandidateModels models, RecommendationQuery query, int perModel)
    {
        var customer = query.CustomerId;
        var known = customer is not null && models.ItemKnn.KnowsCustomer(customer);
        // "Recently interacted" as a session context: the item-kNN from the last few products only.
        var recent = known ? models.ItemKnn.RecentProductsOf(customer!, RecentContext) : [];
        var history = known ? models.ItemKnn.RecentProductsOf(customer!, int.MaxValue) : [];
        var recentQuery = new RecommendationQuery
        {
            ContextProductIds = [.. recent, .. query.ContextProductIds],
            Exclude = [.. query.Exclude, .. history],
            ExcludeContext = true,
            Count = perModel,
        };
        // The very last product alone: on MovieLens what a customer rates next follows the latest item more than
        // the last five (tuning split 0.235 with this source, 0.224 without).
        var lastQuery = recentQuery with { ContextProductIds = [.. recent.Take(1), .. query.ContextProductIds] };
        var personal = query with { Count = perModel };
        var sources = new (MatrixModel? Model, RecommendationQuery Query, int Candidates, bool CatalogScaled)[]
        {
            (models.Trending, personal, perModel, true),
            (models.Popular, personal, perModel / 2, true),
            (models.ItemKnn, personal, perModel, false),
            (models.ItemKnn, recentQuery, perModel / 2, false),
            (models.Als, personal, perModel, false),
            (models.CoOccurrence, personal, perModel / 2, false),
            // What is taken at the cutoff itself (1-day half-life): tuning split 0.235 with, 0.225 without.
            (models.Now, personal, perModel / 2, true),
            (models.ItemKnn, lastQuery, perModel / 4, false),
            (models.Ease, personal, perModel, false),
        };
        bool Empty(RecommendationQuery q) => !ReferenceEquals(q, personal) && q.ContextProductIds.Count == 0;

        // 1. Candidates: the union of every source's own top list, exclusions already applied by each. Each source
        //    scores the catalog once; its candidates' feature values are read from the same sheet below.
        var sheets = new MatrixModel.ScoreSheet?[sources.Length];
        try
        {
            var candidates = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var s0 = 0; s0 < sources.Length; s0++)
            {
                var (model, q, count, _) = sources[s0];
                if (model is null || Empty(q)) continue;
                var sheet = sheets[s0] = model.Sheet(q);
                foreach (var p in sheet.Top(q, count))
                    if (seen.Add(p.ProductId)) candidates.Add(p.ProductId);
            }

            // 2. Features.
            var rows = new float[candidates.Count][];
            for (var n = 0; n < rows.Length; n++) rows[n] = new float[FeatureCount];
            double[] trending = [], popular = [];
            for (var s = 0; s < sources.Length; s++)
            {
                var (model, _, _, catalogScaled) = sources[s];
                var scores = new double[candidates.Count];
                if (sheets[s] is { } sheet)
                    for (var n = 0; n < scores.Length; n++) scores[n] = sheet.ScoreOf(candidates[n]);
                if (s == 0) trending = scores;
                if (s == 1) popular = scores;
                var max = catalogScaled ? ((PopularityModel)model!).MaxScore : scores.Length == 0 ? 0 : scores.Max();
                var ranks = Ranks(scores);
                for (var n = 0; n < rows.Length; n++)
                {
                    rows[n][SourceColumns[s]] = (float)(max > 0 ? scores[n] / max : 0.0);
                    rows[n][SourceColumns[s] + 1] = ranks[n];
                    if (ReferenceEquals(model, models.Als)) rows[n][12] = (float)scores[n];
                }
            }
            return Finish(models, customer, known, recent, history, candidates, rows, trending, popular);
        }
        finally
        {
            foreach (var sheet in sheets) sheet?.Dispose();
        }
    }

    private static CandidateSet Finish(CandidateModels models, string? customer, bool known, IReadOnlyList<string> recent, IReadOnlyList<string> history,
        List<string> candidates, float[][] rows, double[] trending, double[] popular)
    {
        var pop = models.Popular;
        var now = pop.TrainedUntil;
        var (events, idleDays) = known ? models.ItemKnn.CustomerActivity(customer!) : (0, -1.0);
        var mainstream = history.Count == 0 ? -1.0 : history.Average(p => Math.Log(1 + pop.CustomerCountOf(p)));
        // How much the customer's latest products follow what is trending now (trend followers vs niche explorers).
        var trendMax = models.Trending.MaxScore;
        var trendAffinity = recent.Count == 0 || trendMax <= 0 ? -1.0 : recent.Average(p => models.Trending.ScoreOf(p) / trendMax);
        // Taste for a category: the share of the customer's history (latest products, and all of it) in the candidate's category.
        var facts = models.Facts;
        var recentCategories = CategoryCounts(facts, history.Take(RecentCategoryWindow));
        var allCategories = CategoryCounts(facts, history);
        var recentTotal = Math.Min(RecentCategoryWindow, history.Count);
        for (var n = 0; n < rows.Length; n++)
        {
            var product = candidates[n];
            var reach = Math.Log(1 + pop.CustomerCountOf(product));
            rows[n][13] = (float)(popular[n] > 0 ? trending[n] / popular[n] : 0.0);
            rows[n][14] = (float)reach;
            rows[n][15] = pop.FirstSeenOf(product) is { } first ? (float)(now - first).TotalDays : -1f;
            rows[n][16] = pop.LastSeenOf(product) is { } last ? (float)(now - last).TotalDays : -1f;
            rows[n][17] = (float)Math.Log(1 + events);
            rows[n][18] = (float)idleDays;
            rows[n][19] = (float)mainstream;
            rows[n][20] = mainstream < 0 ? 0f : (float)(reach - mainstream);
            rows[n][21] = (float)trendAffinity;
            rows[n][22] = (float)Math.Log(models.Trending.CatalogRankOf(product));
            rows[n][23] = models.MeanRatings.TryGetValue(product, out var stars) ? (float)stars : -1f;
            rows[n][30] = (float)facts.LaunchAgeDays(product, now, pop.FirstSeenOf(product));
            var category = facts.CategoryOf(product);
            rows[n][31] = category is null || recentTotal == 0 ? -1f : (float)recentCategories.GetValueOrDefault(category) / recentTotal;
            rows[n][32] = category is null || history.Count == 0 ? -1f : (float)allCategories.GetValueOrDefault(category) / history.Count;
        }
        return new CandidateSet { Products = candidates, Features = rows };
    }

    private static Dictionary<string, int> CategoryCounts(ProductFacts facts, IEnumerable<string> products)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (facts.Categories == 0) return counts;
        foreach (var p in products)
            if (facts.CategoryOf(p) is { } c) counts[c] = counts.GetValueOrDefault(c) + 1;
        return counts;
    }

    /// <summary>1-based rank by descending score; candidates the model gave nothing (score 0) share the last rank.</summary>
    private static float[] Ranks(double[] scores)
    {
        // A primitive-key sort (no comparison delegate: this ran for every source of every live list), then
        // equal scores put back in candidate order so ties rank exactly as before.
        var order = new int[scores.Length];
        var keys = new double[scores.Length];
        for (var n = 0; n < order.Length; n++) { order[n] = n; keys[n] = double.IsNaN(scores[n]) ? double.PositiveInfinity : -scores[n]; }
        Array.Sort(keys, order);
        for (var from = 0; from < order.Length;)
        {
            var to = from + 1;
            while (to < order.Length && keys[to] == keys[from]) to++;
            if (to - from > 1) Array.Sort(order, from, to - from);
            from = to;
        }
        var ranks = new float[scores.Length];
        for (var r = 0; r < order.Length; r++) ranks[order[r]] = scores[order[r]] == 0 ? scores.Length : r + 1;
        return ranks;
    }
}

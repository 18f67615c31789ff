using RetailCommerce.Modules.Recommendations.Freshness;
using RetailCommerce.Modules.Recommendations.Training;

namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>Everything one answer is computed from; all in memory, so serving needs no database round trip but the shopper's stream.</summary>
public sealed record ServingInputs(
    TrainedRecommender? Model,
    CatalogSnapshot Catalog,
    LiveSignals Signals,
    RecommendationSettings Settings,
    ShopperState Shopper);

/// <summary>
/// Answers placements: candidates from the models, then the business rules (availability, cart, durable
/// repeats, boosts, MMR diversity, caps, exploration slot, pins, margin tie-break), each item with a reason,
/// and a strategy naming the path that served it (including the cold-start paths).
/// </summary>
public static class RecommendationEngine
{
    /// <summary>A scored product; a null reason is filled in only if the product is shown (see <see cref="PersonalReason"/>).</summary>
    private sealed record Candidate(string ProductId, double Score, string? Reason);

    /// <summary>Computes a list. <paramref name="recommendationId"/> is echoed so clicks and purchases can be attributed.</summary>
    public static RecommendationList Recommend(RecommendationRequest request, ServingInputs inputs, string recommendationId)
    {
        var placement = inputs.Settings.For(request.Placement);
        if (!placement.Enabled) return new RecommendationList(recommendationId, request.Placement, [], "disabled", inputs.Model?.Version, null);
        var pool = PoolFor(request.Count);
        var (candidates, strategy, source) = Candidates(request, inputs, pool);
        var items = ApplyRules(request, inputs, placement, candidates, ref strategy);
        return new RecommendationList(recommendationId, request.Placement, items, strategy, inputs.Model?.Version, source);
    }

    private static (List<Candidate>, string, string?) Candidates(RecommendationRequest r, ServingInputs x, int pool)
    {
        switch (r.Placement)
        {
            case Placement.Personalized: return Personalized(x, pool);
            case Placement.Trending:
                return (Trending(x, pool, r.Category), r.Category is null ? "trending" : "trending:category", null);
            case Placement.FrequentlyBoughtTogether:
            {
                var list = BoughtWith(x, [r.ProductId!], pool);
                if (list.Count > 0 && list.Count < r.Count)
                {
                    // Too few orders share this product: top up from "also viewed" (the same shopping intent, one
                    // step earlier) before trending, each scored below the weakest bought-together pair.
                    var floor = list.Min(c => c.Score);
                    var have = list.Select(c => c.ProductId).ToHashSet(StringComparer.Ordinal);
                    var viewed = ViewedWith(x, r.ProductId!, pool).Where(c => !have.Contains(c.ProductId)).ToList();
                    list.AddRange(viewed.Select(c => c with { Score = floor * 0.5 * Math.Clamp(c.Score, 0, 1) }));
                    return (list, viewed.Count > 0 ? "bought-together+also-viewed" : "bought-together", r.ProductId);
                }
                if (list.Count > 0) return (list, "bought-together", r.ProductId);
                list = ViewedWith(x, r.ProductId!, pool);
                if (list.Count > 0) return (list, "fallback:also-viewed", r.ProductId);
                return (ContentLike(x, r.ProductId!, pool), "cold-start:content", r.ProductId);
            }
            case Placement.AlsoViewed:
            {
                var list = ViewedWith(x, r.ProductId!, pool);
                return list.Count > 0 ? (list, "also-viewed", r.ProductId) : (ContentLike(x, r.ProductId!, pool), "cold-start:content", r.ProductId);
            }
            case Placement.Similar:
            {
                var list = Similar(x, r.ProductId!, pool, out var collaborative);
                return (list, collaborative ? "similar:itemknn+content" : "cold-start:content", r.ProductId);
            }
            case Placement.CartComplements:
            {
                var cart = r.CartProductIds.Count > 0 ? r.CartProductIds : [.. x.Shopper.InCart];
                if (cart.Count == 0) return (Trending(x, pool, null), "cold-start:empty-cart:trending", null);
                var list = BoughtWith(x, cart, pool, inCart: true);
                if (list.Count > 0) return (list, "cart:bought-together", null);
                list = [.. cart.SelectMany(p => ViewedWith(x, p, pool)).GroupBy(c => c.ProductId).Select(g => g.OrderByDescending(c => c.Score).First()).OrderByDescending(c => c.Score)];
                return list.Count > 0 ? (list, "cart:fallback:also-viewed", null) : (Trending(x, pool, null), "cold-start:trending", null);
            }
            case Placement.NewForYou: return NewForYou(x, pool);
            case Placement.RecentlyViewed:
            {
                var clock = x.Signals.Clock ?? x.Shopper.Latest;
                var list = x.Shopper.RecentViews.Where(v => v.ProductId != r.ProductId)
                    .Select((v, n) => new Candidate(v.ProductId, 1.0 / (n + 1), Ago("You viewed this", v.At, clock))).ToList();
                return (list, x.Shopper.ShopperKey is null ? "no-shopper" : "recently-viewed", null);
            }
            case Placement.BecauseYouViewed:
            {
                var sourceId = r.ProductId ?? x.Shopper.RecentViews.Select(v => v.ProductId).FirstOrDefault(p => x.Catalog.Find(p) is not null);
                if (sourceId is null) return (Trending(x, pool, null), "cold-start:trending", null);
                var title = TitleOf(x, sourceId);
                var list = Similar(x, sourceId, pool, out _);
                foreach (var v in ViewedWith(x, sourceId, pool)) list.Add(v with { Score = v.Score * 0.8 });
                list = [.. list.GroupBy(c => c.ProductId).Select(g => new Candidate(g.Key, g.Max(c => c.Score), $"Because you viewed {title}")).OrderByDescending(c => c.Score).ThenBy(c => c.ProductId, StringComparer.Ordinal)];
                return (list, "because-you-viewed", sourceId);
            }
            default: return ([], "unknown", null);
        }
    }

    private static (List<Candidate>, string, string?) Personalized(ServingInputs x, int pool)
    {
        var model = x.Model;
        if (model is not null && PersonalQuery(model, x.Shopper, pool) is { } personal)
        {
            var (query, known, live) = personal;
            // Nothing new since training: the list precomputed for this shopper (the same ranker, the same query
            // but for the cart, which the rules below remove anyway). New activity: the live ranker, through the
            // set of active shoppers' lists (often ranked already by the warmer or an earlier request).
            var ranked = !live && model.Lists?.Get(query.CustomerId!, pool) is { } precomputed
                ? precomputed
                : model.ActiveLists.GetOrRank(query, model.Personal.Recommend);
            if (ranked.Count > 0)
            {
                // Reasons are found for the shown items only (ApplyRules), not for the whole candidate pool.
                var list = ranked.Select(p => new Candidate(p.ProductId, p.Score, null)).ToList();
                return (list, known ? model.PersonalName : "session:" + model.PersonalName, null);
            }
        }
        return (Trending(x, pool, null), "cold-start:trending", null);
    }

    /// <summary>Candidates a placement asks the models for when it shows <paramref name="count"/> items (rules then cut it down).</summary>
    internal static int PoolFor(int count) => Math.Max(60, count * 6);

    /// <summary>
    /// The ranker query PERSONALIZED asks for this shopper, or null when there is nothing to personalize from.
    /// <c>Live</c> is false when the shopper has nothing new since training (their precomputed list answers).
    /// </summary>
    internal static (RecommendationQuery Query, bool Known, bool Live)? PersonalQuery(TrainedRecommender model, ShopperState shopper, int pool)
    {
        var known = shopper.ShopperKey is { } key && model.Models.ItemKnn.KnowsCustomer(key);
        // Session-aware: what the shopper looked at since the model was trained is the query's context, so
        // the ranker (item-kNN from recent products, ALS fold-in) re-weights toward the current visit.
        var session = shopper.RecentViews.Where(v => v.At > model.TrainedUntil || !known).Take(5).Select(v => v.ProductId).ToList();
        if (!known && session.Count == 0) return null;
        var query = new RecommendationQuery
        {
            CustomerId = known ? shopper.ShopperKey : null,
            ContextProductIds = session,
            Count = pool,
            Exclude = [.. shopper.InCart],
        };
        return (query, known, session.Count > 0);
    }

    private static string PersonalReason(ServingInputs x, string productId)
    {
        var model = x.Model!;
        var anchors = x.Shopper.RecentViews.Take(10).Select(v => v.ProductId);
        foreach (var a in anchors)
            if (model.Models.ItemKnn.Similarity(a, productId) > 0 && x.Catalog.Find(a) is { } viewed) return $"Because you viewed {viewed.Title}";
        foreach (var b in x.Shopper.Bought)
            if (model.BoughtTogether.PairsOf(b).Any(p => p.ProductId == productId) && x.Catalog.Find(b) is { } bought) return $"Often bought with {bought.Title}";
        var dept = x.Catalog.Find(productId)?.Department;
        var trendRank = x.Signals.Trending.Take(50).Select(t => t.ProductId).Contains(productId);
        if (trendRank) return dept is null ? "Trending this week" : $"Trending in {dept} this week";
        return dept is null ? "Picked for your tastes" : $"Picked for your interest in {dept}";
    }

    // The trending candidates depend only on the live signals, the catalog and the category, so they are built
    // once per signals refresh (every 20 s) instead of per request; the lists are never modified by callers.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LiveSignals, System.Collections.Concurrent.ConcurrentDictionary<(CatalogSnapshot, string?, int), List<Candidate>>> TrendingCache = new();

    private static List<Candidate> Trending(ServingInputs x, int pool, string? category)
    {
        if (x.Signals.Trending.Count == 0) return BuildTrending(x, pool, category);
        var cache = TrendingCache.GetValue(x.Signals, _ => new());
        if (cache.Count > 1_000) cache.Clear(); // many categories × pool sizes: keep the cache bounded
        return cache.GetOrAdd((x.Catalog, category, pool), _ => BuildTrending(x, pool, category));
    }

    private static List<Candidate> BuildTrending(ServingInputs x, int pool, string? category)
    {
        IEnumerable<ScoredProduct> source = x.Signals.Trending.Count > 0
            ? x.Signals.Trending
            : x.Model?.Models.Trending.Recommend(new RecommendationQuery { Count = Math.Max(pool * 4, 400) }) ?? [];
        if (category is not null) source = source.Where(p => x.Catalog.Find(p.ProductId)?.InCategory(category) == true);
        return [.. source.Take(pool * 3).Select(p =>
        {
            var item = x.Catalog.Find(p.ProductId);
            var where = category ?? item?.Department;
            return new Candidate(p.ProductId, p.Score, where is null ? "Trending this week" : $"Trending in {where} this week");
        })];
    }

    private static List<Candidate> BoughtWith(ServingInputs x, IReadOnlyList<string> anchors, int pool, bool inCart = false)
    {
        // Same evidence rule as training: single-order pairs count, shrunk by support, so they only fill what
        // better-supported pairs leave (model versions trained before this rule keep their own minimum).
        var minSupport = x.Model?.BoughtTogether.Options.MinSupport ?? 1;
        var k = x.Model?.BoughtTogether.Options.SupportShrinkage ?? 5.0;
        var scores = new Dictionary<string, (double Score, string Anchor)>(StringComparer.Ordinal);
        foreach (var a in anchors)
        {
            void Add(string p, double s)
            {
                if (scores.TryGetValue(p, out var cur)) scores[p] = (cur.Score + s, cur.Score >= s ? cur.Anchor : a);
                else scores[p] = (s, a);
            }
            var trained = x.Model?.BoughtTogether.PairsOf(a) ?? [];
            var fresh = x.Signals.Bought.PairsOf(a, minSupport);
            // Fresh pairs (orders since the model) and trained pairs merge by the stronger NPMI per product.
            // NPMI shrunk by support (s / (s + k)): two orders that happen to share two rare products are weaker
            // evidence than forty orders of a real pairing, however high their NPMI.
            var merged = trained.Select(p => (p.ProductId, p.Npmi, p.Support)).Concat(fresh.Select(p => (p.ProductId, p.Npmi, p.Support)))
                .GroupBy(p => p.ProductId).Select(g => (Id: g.Key, Score: g.Max(p => p.Npmi * p.Support / (p.Support + k))));
            foreach (var (id, score) in merged) if (score > 0) Add(id, score);
        }
        return [.. scores.OrderByDescending(kv => kv.Value.Score).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(pool)
            .Select(kv => new Candidate(kv.Key, kv.Value.Score, inCart ? $"Goes with {TitleOf(x, kv.Value.Anchor)} in your cart" : $"Often bought with {TitleOf(x, kv.Value.Anchor)}"))];
    }

    private static List<Candidate> ViewedWith(ServingInputs x, string anchor, int pool)
    {
        var trained = x.Model?.AlsoViewed.PairsOf(anchor).Select(p => (p.ProductId, p.Npmi)) ?? [];
        var fresh = x.Signals.Viewed.PairsOf(anchor, 2).Select(p => (p.ProductId, p.Npmi));
        var title = TitleOf(x, anchor);
        return [.. trained.Concat(fresh).GroupBy(p => p.ProductId).Select(g => (Id: g.Key, Npmi: g.Max(p => p.Npmi)))
            .Where(p => p.Npmi > 0).OrderByDescending(p => p.Npmi).ThenBy(p => p.Id, StringComparer.Ordinal).Take(pool)
            .Select(p => new Candidate(p.Id, p.Npmi, $"Shoppers who viewed {title} also viewed this"))];
    }

    private static List<Candidate> ContentLike(ServingInputs x, string anchor, int pool)
    {
        var title = TitleOf(x, anchor);
        return [.. (x.Model?.Content.SimilarTo(anchor) ?? []).Take(pool).Select(p => new Candidate(p.ProductId, p.Score, $"Similar to {title}"))];
    }

    private static List<Candidate> Similar(ServingInputs x, string anchor, int pool, out bool collaborative)
    {
        var knn = x.Model?.Models.ItemKnn.SimilarTo(anchor) ?? [];
        var content = x.Model?.Content.SimilarTo(anchor) ?? [];
        collaborative = knn.Count > 0;
        var title = TitleOf(x, anchor);
        var maxKnn = knn.Count > 0 ? knn.Max(p => p.Score) : 1;
        // Interaction similarity leads when there is any; text similarity keeps new products (no interactions) in the shelf.
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in knn) scores[p.ProductId] = 0.7 * (maxKnn > 0 ? p.Score / maxKnn : 0);
        foreach (var p in content) scores[p.ProductId] = scores.GetValueOrDefault(p.ProductId) + (collaborative ? 0.3 : 1.0) * p.Score;
        // "Similar" means an alternative to the product: the same category first, then the same department, and only
        // then anything else. Co-interaction alone also pulls in what is bought *with* it (a blouse beside a skillet).
        var kind = x.Catalog.Find(anchor);
        int Closeness(string id) => kind is null || x.Catalog.Find(id) is not { } other ? 2
            : other.Category.Length > 0 && other.Category == kind.Category ? 0
            : other.Department is { } d && d == kind.Department ? 1 : 2;
        // The score carries the tier (2 = same category, 1 = same department, 0 = other) plus the similarity scaled
        // to [0, 1), so the later rules, which order by score, keep the tiers.
        var top = scores.Count > 0 ? scores.Values.Max() : 1;
        return [.. scores.Select(kv => new Candidate(kv.Key, 2 - Closeness(kv.Key) + (top > 0 ? 0.999 * kv.Value / top : 0), $"Similar to {title}"))
            .OrderByDescending(c => c.Score).ThenBy(c => c.ProductId, StringComparer.Ordinal).Take(pool)];
    }

    private static (List<Candidate>, string, string?) NewForYou(ServingInputs x, int pool)
    {
        var fresh = NewProducts(x).ToList();
        var departments = new Dictionary<string, int>(StringComparer.Ordinal);
        var brands = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (p, _) in x.Shopper.RecentViews.Take(50))
            if (x.Catalog.Find(p) is { } item)
            {
                if (item.Department is { } d) departments[d] = departments.GetValueOrDefault(d) + 1;
                if (item.Brand is { } b) brands[b] = brands.GetValueOrDefault(b) + 1;
            }
        var personal = departments.Count > 0;
        var maxTrend = Math.Max(1e-9, fresh.Select(f => x.Signals.ActivityOf(f.Id).TrendScore).DefaultIfEmpty(0).Max());
        var list = fresh.Select(item =>
        {
            var dept = item.Department is { } d ? departments.GetValueOrDefault(d) : 0;
            var brand = item.Brand is { } b ? brands.GetValueOrDefault(b) : 0;
            var score = 0.5 * Math.Log(1 + dept) + 0.3 * Math.Log(1 + brand) + 0.2 * x.Signals.ActivityOf(item.Id).TrendScore / maxTrend;
            var reason = brand > 0 ? $"New from {item.Brand}, a brand you browse"
                : dept > 0 ? $"New in {item.Department}, which you browse"
                : item.Department is null ? "New in the shop" : $"New in {item.Department}";
            return new Candidate(item.Id, score, reason);
        }).OrderByDescending(c => c.Score).ThenBy(c => c.ProductId, StringComparer.Ordinal).Take(pool).ToList();
        return (list, personal ? "new-for-you:tastes" : "new-for-you:trending", null);
    }

    /// <summary>
    /// New products: first seen in the events within the store's "new" window, or never seen at all (just
    /// imported). Measured on the store clock, so a historical import keeps its own launches.
    /// </summary>
    internal static IReadOnlyList<CatalogItem> NewProducts(ServingInputs x)
    {
        // Every list with an exploration slot asks for them: built once per signals refresh, like trending,
        // instead of a walk over the whole catalog per request (a tenth of all serving CPU at 10,000 products).
        var cache = NewProductsCache.GetValue(x.Signals, _ => new());
        if (cache.Count > 100) cache.Clear();
        return cache.GetOrAdd((x.Catalog, x.Model, x.Settings.NewProductDays), _ => [.. FindNewProducts(x)]);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LiveSignals, System.Collections.Concurrent.ConcurrentDictionary<(CatalogSnapshot, TrainedRecommender?, int), CatalogItem[]>> NewProductsCache = new();

    private static IEnumerable<CatalogItem> FindNewProducts(ServingInputs x)
    {
        var clock = x.Signals.Clock ?? x.Model?.TrainedUntil;
        var since = clock?.AddDays(-x.Settings.NewProductDays);
        var trending = x.Model?.Models.Trending;
        foreach (var item in x.Catalog.Items)
        {
            if (!item.Showable) continue;
            var first = trending?.FirstSeenOf(item.Id);
            if (first is null ? x.Signals.ActivityOf(item.Id).Views == 0 || since is null || trending is null : since is not null && first >= since)
                yield return item;
        }
    }

    private static IReadOnlyList<RecommendedItem> ApplyRules(RecommendationRequest r, ServingInputs x, PlacementSettings settings, List<Candidate> candidates, ref string strategy)
    {
        var shopper = x.Shopper;
        var excluded = new HashSet<string>(r.CartProductIds, StringComparer.Ordinal);
        excluded.UnionWith(shopper.InCart);
        if (r.ProductId is not null && r.Placement != Placement.RecentlyViewed) excluded.Add(r.ProductId);
        if (r.Placement != Placement.RecentlyViewed)
            foreach (var b in shopper.Bought)
                if (x.Settings.NoRepeatsOfAnyPurchase || (x.Catalog.Find(b) is { } item && x.Settings.DurableCategories.Any(item.InCategory)))
                    excluded.Add(b);

        // 1. Never out of stock, disabled, unknown, in the cart, the anchor itself, or a durable already bought.
        var ranked = candidates.Where(c => !excluded.Contains(c.ProductId) && x.Catalog.IsShowable(c.ProductId))
            .GroupBy(c => c.ProductId).Select(g => g.First()).ToList();

        // 2. Boosts multiply scores (a product, or a category prefix).
        if (settings.Boosts.Count > 0 && ranked.Count > 0)
        {
            var floor = Math.Min(0, ranked.Min(c => c.Score));
            ranked = [.. ranked.Select(c =>
            {
                var factor = 1.0;
                var item = x.Catalog.Find(c.ProductId)!;
                foreach (var b in settings.Boosts) if (b.Target == c.ProductId || item.InCategory(b.Target)) factor *= b.Factor;
                return c with { Score = (c.Score - floor) * factor + floor };
            }).OrderByDescending(c => c.Score)];
        }

        // 3. Top up a short list with what is trending (the strategy says so).
        if (ranked.Count < r.Count && r.Placement != Placement.RecentlyViewed)
        {
            var have = ranked.Select(c => c.ProductId).ToHashSet(StringComparer.Ordinal);
            var floor = ranked.Count > 0 ? ranked.Min(c => c.Score) : 0;
            var fill = Trending(x, r.Count * 3, null).Where(c => !have.Contains(c.ProductId) && !excluded.Contains(c.ProductId) && x.Catalog.IsShowable(c.ProductId))
                .Take(r.Count - ranked.Count).Select((c, n) => c with { Score = floor - 1 - n }).ToList();
            if (fill.Count > 0) { ranked.AddRange(fill); strategy += "+trending-fill"; }
        }

        // 4. Diversity: MMR over "same category or brand", then hard caps per brand and category.
        var scored = ranked.Select(c => new ScoredProduct(c.ProductId, c.Score)).ToList();
        if (settings.DiversityLambda < 1 && scored.Count > 1)
        {
            // Each candidate's category and brand looked up once (MMR compares every pick with every candidate).
            var found = scored.Select(p => x.Catalog.Find(p.ProductId)).ToArray();
            scored = [.. RecommendationRules.Diversify(scored, (a, b) => SameGroup(found[a], found[b]), settings.DiversityLambda, Math.Min(scored.Count, r.Count * 3))];
        }
        // Caps are soft: when a small catalog cannot fill the list within them, the capped products come back at the end.
        var beforeCaps = scored;
        if (settings.MaxPerBrand > 0) scored = [.. RecommendationRules.CapPerGroup(scored, id => x.Catalog.Find(id)?.Brand, settings.MaxPerBrand, scored.Count)];
        if (settings.MaxPerCategory > 0) scored = [.. RecommendationRules.CapPerGroup(scored, id => x.Catalog.Find(id)?.Category, settings.MaxPerCategory, scored.Count)];
        if (scored.Count < r.Count && scored.Count < beforeCaps.Count)
        {
            var kept = scored.Select(p => p.ProductId).ToHashSet(StringComparer.Ordinal);
            scored.AddRange(beforeCaps.Where(p => !kept.Contains(p.ProductId)).Take(r.Count - scored.Count));
        }

        // 5. Margin-aware tie-break: neighbours within 2% of each other, higher margin first.
        if (x.Settings.MarginTieBreak)
            for (var n = 0; n + 1 < scored.Count; n++)
            {
                var (a, b) = (scored[n], scored[n + 1]);
                var close = Math.Abs(a.Score - b.Score) <= 0.02 * Math.Max(Math.Abs(a.Score), Math.Abs(b.Score));
                if (close && (x.Catalog.Find(b.ProductId)?.Margin ?? 0) > (x.Catalog.Find(a.ProductId)?.Margin ?? 0)) (scored[n], scored[n + 1]) = (b, a);
            }

        var reasons = ranked.ToDictionary(c => c.ProductId, c => c.Reason, StringComparer.Ordinal);
        var items = scored.Take(r.Count).Select(p => new RecommendedItem(p.ProductId, Math.Round(p.Score, 6), reasons[p.ProductId] ?? PersonalReason(x, p.ProductId))).ToList();

        // 6. Exploration: one slot for a new product, chosen by Thompson sampling on its click-through so far.
        if (settings.ExplorationSlot && items.Count >= 4 && r.Placement is not (Placement.RecentlyViewed or Placement.NewForYou))
        {
            var taken = items.Select(i => i.ProductId).ToHashSet(StringComparer.Ordinal);
            var explore = Explore(r, x, taken, excluded);
            if (explore is not null)
            {
                var slot = Math.Min(3, items.Count - 1);
                items[slot] = new RecommendedItem(explore.Id, items[slot].Score, explore.Department is null ? "New in the shop" : $"New in {explore.Department}");
                strategy += "+explore";
            }
        }

        // 7. Pins: the merchant's products at their positions.
        foreach (var pin in settings.Pins.OrderBy(p => p.Position))
        {
            if (!x.Catalog.IsShowable(pin.ProductId) || excluded.Contains(pin.ProductId)) continue;
            items.RemoveAll(i => i.ProductId == pin.ProductId);
            var at = Math.Clamp(pin.Position - 1, 0, items.Count);
            items.Insert(at, new RecommendedItem(pin.ProductId, at < items.Count ? items[at].Score : 0, "Featured by the shop"));
            if (items.Count > r.Count) items.RemoveAt(items.Count - 1);
        }
        return items;
    }

    private static CatalogItem? Explore(RecommendationRequest r, ServingInputs x, HashSet<string> taken, HashSet<string> excluded)
    {
        var pool = NewProducts(x).Where(i => !taken.Contains(i.Id) && !excluded.Contains(i.Id) && (r.Category is null || i.InCategory(r.Category))).Take(500).ToList();
        if (pool.Count == 0) return null;
        // Seeded by the visit (not the customer id), so the same visit sees the same list, and a customer without
        // personalization consent gets exactly the anonymous answer.
        var seed = 2166136261u;
        foreach (var ch in $"{r.Placement}|{r.SessionId}|{r.ProductId}|{r.Category}|{x.Signals.Clock?.UtcDateTime.Date:yyyy-MM-dd}") seed = (seed ^ ch) * 16777619u;
        var random = new Random((int)(seed & int.MaxValue));
        CatalogItem? best = null;
        var bestDraw = double.NegativeInfinity;
        foreach (var item in pool.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            var a = x.Signals.ActivityOf(item.Id);
            var draw = Bandit.SampleBeta(random, 1 + a.Clicks + a.Purchases, 1 + Math.Max(0, a.Views - a.Clicks));
            if (draw > bestDraw) { bestDraw = draw; best = item; }
        }
        return best;
    }

    private static double SameGroup(CatalogItem? ia, CatalogItem? ib)
    {
        if (ia is null || ib is null) return 0;
        if (ia.Category.Length > 0 && ia.Category == ib.Category) return 1;
        return ia.Brand is not null && ia.Brand == ib.Brand ? 0.5 : 0;
    }

    private static string TitleOf(ServingInputs x, string productId) => x.Catalog.Find(productId)?.Title ?? productId;

    private static string Ago(string text, DateTimeOffset at, DateTimeOffset? clock)
    {
        if (clock is null) return text;
        var days = (int)Math.Floor((clock.Value - at).TotalDays);
        return days <= 0 ? text + " today" : days == 1 ? text + " yesterday" : $"{text} {days} days ago";
    }
}

/// <summary>Thompson sampling helpers (Beta draws from two Gamma draws, Marsaglia–Tsang).</summary>
public static class Bandit
{
    /// <summary>A draw from Beta(α, β).</summary>
    public static double SampleBeta(Random random, double alpha, double beta)
    {
        var x = SampleGamma(random, alpha);
        var y = SampleGamma(random, beta);
        return x / (x + y);
    }

    private static double SampleGamma(Random random, double shape)
    {
        if (shape < 1) return SampleGamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                // Box–Muller standard normal.
                z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1 - 0.0331 * z * z * z * z || Math.Log(u) < 0.5 * z * z + d * (1 - v + Math.Log(v))) return d * v;
        }
    }
}

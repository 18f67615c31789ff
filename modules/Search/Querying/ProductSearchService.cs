using GraphQL;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Search.Analytics;
using RetailCommerce.Modules.Search.Indexing;
using RetailCommerce.Modules.Search.Merchandising;
using RetailCommerce.Modules.Search.Ranking;

namespace RetailCommerce.Modules.Search.Querying;

/// <summary>How results are ordered.</summary>
public enum SearchSort
{
    /// <summary>Best match first (after merchandising rules and personalization).</summary>
    Relevance,
    /// <summary>Cheapest first, among the relevant results.</summary>
    PriceAscending,
    /// <summary>Most expensive first, among the relevant results.</summary>
    PriceDescending,
    /// <summary>Newest products first, among the relevant results.</summary>
    Newest,
    /// <summary>Best sellers first, among the relevant results.</summary>
    Popularity,
}

/// <summary>A relaxation step taken to avoid an empty page.</summary>
public enum SearchFallbackStep
{
    /// <summary>Results are for the spelling-corrected query.</summary>
    SpellingCorrected,
    /// <summary>Some words were not required (see droppedWords).</summary>
    DroppedWords,
    /// <summary>No word matched; results are semantic neighbours.</summary>
    SemanticOnly,
    /// <summary>The shopper's filters excluded everything; results ignore them.</summary>
    FiltersRelaxed,
    /// <summary>Nothing matched at all; results are best sellers of the closest category (or the store).</summary>
    PopularInCategory,
}

/// <summary>Attribute filter: the product's attribute <see cref="Name"/> must have one of <see cref="Values"/>.</summary>
public sealed class SearchAttributeFilterInput
{
    /// <summary>Attribute name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Accepted values.</summary>
    public List<string> Values { get; set; } = [];
}

/// <summary>The filters a shopper can set, as they arrive from the API (checked by the service).</summary>
public sealed class SearchFiltersInput
{
    /// <summary>Category path prefix, "Outdoor > Shoes".</summary>
    public string? Category { get; set; }
    /// <summary>Any of these brands.</summary>
    public List<string>? Brands { get; set; }
    /// <summary>Lowest price (inclusive).</summary>
    public decimal? MinPrice { get; set; }
    /// <summary>Highest price (exclusive).</summary>
    public decimal? MaxPrice { get; set; }
    /// <summary>Only products in stock.</summary>
    public bool InStockOnly { get; set; }
    /// <summary>Attribute filters (facetable attributes only).</summary>
    public List<SearchAttributeFilterInput>? Attributes { get; set; }
}

/// <summary>A shopper's search as the API receives it.</summary>
public sealed record ShopperSearch(string Query)
{
    /// <summary>Page size.</summary>
    public int First { get; init; } = 20;
    /// <summary>Results to skip (from the <c>after</c> cursor).</summary>
    public int Offset { get; init; }
    /// <summary>Filters.</summary>
    public SearchFiltersInput? Filters { get; init; }
    /// <summary>Order.</summary>
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    /// <summary>The customer (personalization with consent).</summary>
    public string? CustomerId { get; init; }
    /// <summary>The browsing session (for attribution in logs).</summary>
    public string? SessionId { get; init; }
    /// <summary>Count facets.</summary>
    public bool WithFacets { get; init; } = true;
    /// <summary>Retrievers (benches compare Lexical with the default Hybrid).</summary>
    public SearchMode Mode { get; init; } = SearchMode.Hybrid;
    /// <summary>Engine-level overrides for baselines (plain BM25, no relaxation); null = storefront behaviour.</summary>
    public Func<SearchRequest, SearchRequest>? Engine { get; init; }
    /// <summary>Count the query in the merchant's statistics.</summary>
    public bool Log { get; init; } = true;
}

/// <summary>Why a product is where it is: the evidence and every factor applied after the engine.</summary>
public sealed record RankExplanation(int? LexicalRank, int? SemanticRank, double EngineScore, double RuleFactor, IReadOnlyList<string> Rules,
    double PersonalizationFactor, bool Pinned, bool Fallback)
{
    /// <summary>One readable sentence.</summary>
    public string Text =>
        Pinned ? $"Pinned by rule {string.Join(", ", Rules)}." :
        Fallback ? "Shown as a popular product because nothing matched the query." :
        $"Engine score {EngineScore:0.###} (words rank {LexicalRank?.ToString() ?? "–"}, meaning rank {SemanticRank?.ToString() ?? "–"})"
        + (RuleFactor != 1 ? $" × {RuleFactor:0.##} from rule {string.Join(", ", Rules)}" : "")
        + (PersonalizationFactor != 1 ? $" × {PersonalizationFactor:0.###} from the customer's category/brand affinity" : "") + ".";
}

/// <summary>One result.</summary>
public sealed record ShopperSearchItem(SearchableProduct Product, double Score, IReadOnlyList<SearchHighlight> Highlights, RankExplanation Why);

/// <summary>The answer to a shopper's search.</summary>
public sealed record ShopperSearchResult(
    IReadOnlyList<ShopperSearchItem> Items, int TotalCount, FacetResult? Facets, string? CorrectedQuery, bool ZeroResults,
    IReadOnlyList<SearchFallbackStep> Fallback, IReadOnlyList<string> DroppedWords, string SearchId, int Offset, bool HasNextPage,
    string? FallbackCategory, bool Personalized);

/// <summary>Query and product suggestions for what the shopper has typed.</summary>
public sealed record SearchSuggestions(IReadOnlyList<string> Queries, IReadOnlyList<SearchableProduct> Products);

/// <summary>
/// The storefront search path (the GraphQL fields, the admin's "why this rank" and the bench all call this):
/// input checks, the engine (hybrid retrieval, relaxation), no-dead-end fallbacks, merchandising rules,
/// consent-aware personalization, sorting, paging, highlights and the query log.
/// </summary>
public sealed class ProductSearchService(SearchIndexes indexes, ShopperAffinity affinity, SearchQueryLog queryLog, IOptions<SearchOptions> options,
    TimeProvider clock, ILogger<ProductSearchService> logger)
{
    /// <summary>Longest autocomplete prefix.</summary>
    public const int MaxPrefixLength = 100;

    /// <summary>Most attribute facets counted per search.</summary>
    private const int MaxAttributeFacets = 12;

    /// <summary>Runs a search for a store.</summary>
    public async Task<ShopperSearchResult> SearchAsync(string storeId, ShopperSearch search, CancellationToken ct)
    {
        var settings = options.Value;
        var query = (search.Query ?? "").Trim();
        if (query.Length == 0) throw new RetailError(ErrorCodes.BadUserInput, "query: must not be empty.", "query");
        if (query.Length > settings.MaxQueryLength)
            throw new RetailError(ErrorCodes.BadUserInput, $"query: at most {settings.MaxQueryLength} characters (got {query.Length}).", "query");
        if (search.First is < 1 or > 100) throw new RetailError(ErrorCodes.BadUserInput, $"first: must be between 1 and 100 (got {search.First}).", "first");
        if (search.Offset < 0 || search.Offset > settings.MaxOffset) throw new RetailError(ErrorCodes.BadUserInput, $"after: a cursor reaches at most {settings.MaxOffset} results deep.", "after");

        var live = await indexes.GetAsync(storeId, ct);
        var facetable = FacetableAttributes(live);
        var shopperFilters = ToFilters(search.Filters, facetable);
        var normalized = SearchSettings.NormalizeQuery(query);
        var now = clock.GetUtcNow();
        var rules = live.Settings.Rules.Where(r => r.AppliesTo(normalized, now)).ToList();
        var hides = rules.Where(r => r.Action == SearchRuleAction.Hide).ToList();
        var hidden = hides.SelectMany(r => r.ProductIds).ToHashSet(StringComparer.Ordinal);
        var hiddenCategories = hides.Select(r => r.TargetPath).OfType<IReadOnlyList<string>>().ToList();
        var pins = rules.Where(r => r.Action == SearchRuleAction.Pin).SelectMany(r => r.ProductIds.Select(id => (Id: id, Rule: r.Id)))
            .Where(p => !hidden.Contains(p.Id)).DistinctBy(p => p.Id).ToList();

        var window = Math.Max(settings.RerankWindow, search.Offset + search.First + pins.Count);
        var facetRequest = search.WithFacets ? new FacetRequest { Attributes = facetable.Take(MaxAttributeFacets).ToList() } : null;
        SearchRequest Request(SearchFilters? filters) => (search.Engine ?? (r => r))(new SearchRequest(query)
        {
            Limit = window,
            Mode = search.Mode,
            Filters = (filters ?? new SearchFilters()) with { ExcludedProductIds = hidden, ExcludedCategories = hiddenCategories },
            Facets = facetRequest,
        });

        var fallback = new List<SearchFallbackStep>();
        var result = await EngineAsync(live, Request(shopperFilters), ct);
        if (result.TotalCount == 0 && shopperFilters is { IsEmpty: false })
        {
            // No dead ends: the filters, not the words, emptied the page; show what the words find without them.
            var loosened = await EngineAsync(live, Request(null), ct);
            if (loosened.TotalCount > 0) { result = loosened; fallback.Add(SearchFallbackStep.FiltersRelaxed); }
        }
        if (result.Fallback.HasFlag(SearchFallback.SpellingCorrected)) fallback.Insert(0, SearchFallbackStep.SpellingCorrected);
        if (result.Fallback.HasFlag(SearchFallback.DroppedWords)) fallback.Insert(fallback.Count > 0 && fallback[0] == SearchFallbackStep.SpellingCorrected ? 1 : 0, SearchFallbackStep.DroppedWords);
        if (result.Fallback.HasFlag(SearchFallback.SemanticOnly)) fallback.Add(SearchFallbackStep.SemanticOnly);

        var zero = result.TotalCount == 0;
        string? fallbackCategory = null;
        var ranked = new List<(SearchableProduct Product, double Score, RankExplanation Why)>();
        if (zero)
        {
            // Last step: best sellers of the category whose name is closest to the query (or of the whole store).
            var category = ClosestCategory(live, query, result.CorrectedQuery);
            fallbackCategory = category is null ? null : string.Join(" > ", category);
            var popular = await live.Index.SearchAsync(new SearchRequest("")
            {
                Limit = window,
                Filters = new SearchFilters { CategoryPath = category, ExcludedProductIds = hidden, ExcludedCategories = hiddenCategories },
                Facets = facetRequest,
            }, ct);
            fallback.Add(SearchFallbackStep.PopularInCategory);
            ranked.AddRange(popular.Hits.Select(h => (h.Product, h.Score, new RankExplanation(null, null, h.Score, 1, [], 1, false, true))));
            result = popular with { CorrectedQuery = result.CorrectedQuery };
        }
        else
        {
            var personal = search.CustomerId is null || settings.PersonalizationWeight <= 0 ? null
                : await affinity.ForAsync(storeId, search.CustomerId, live.Index, ct);
            foreach (var hit in result.Hits)
            {
                var (ruleFactor, ruleIds) = RuleFactor(rules, hit.Product);
                var personalFactor = personal is null ? 1.0 : 1.0 + settings.PersonalizationWeight * personal.For(hit.Product);
                ranked.Add((hit.Product, hit.Score * ruleFactor * personalFactor,
                    new RankExplanation(hit.LexicalRank, hit.SemanticRank, hit.Score, ruleFactor, ruleIds, personalFactor, false, false)));
            }
            ranked = Sort(ranked, search.Sort);
            if (pins.Count > 0 && search.Sort == SearchSort.Relevance) ranked = Pin(live, ranked, pins);
        }

        var stems = Highlighter.QueryStems(query, result.CorrectedQuery);
        var items = ranked.Skip(search.Offset).Take(search.First)
            .Select(r => new ShopperSearchItem(r.Product, r.Score, Highlighter.For(r.Product, stems), r.Why)).ToList();
        var total = Math.Max(result.TotalCount, ranked.Count);
        if (search.Log) queryLog.Record(storeId, normalized, zero ? 0 : total, zero, fallback.Count > 0, result.CorrectedQuery);

        return new ShopperSearchResult(items, total, result.Facets, result.CorrectedQuery, zero, fallback, result.DroppedWords,
            "search-" + Guid.NewGuid().ToString("N")[..20], search.Offset, search.Offset + items.Count < Math.Min(total, ranked.Count),
            fallbackCategory, ranked.Any(r => r.Why.PersonalizationFactor != 1));
    }

    /// <summary>Query suggestions (popular queries that found something) and product suggestions for a prefix.</summary>
    public async Task<SearchSuggestions> AutocompleteAsync(string storeId, string prefix, int first, CancellationToken ct)
    {
        var text = prefix ?? "";
        if (text.Trim().Length == 0) throw new RetailError(ErrorCodes.BadUserInput, "prefix: must not be empty.", "prefix");
        if (text.Length > MaxPrefixLength) throw new RetailError(ErrorCodes.BadUserInput, $"prefix: at most {MaxPrefixLength} characters (got {text.Length}).", "prefix");
        if (first is < 1 or > 20) throw new RetailError(ErrorCodes.BadUserInput, $"first: must be between 1 and 20 (got {first}).", "first");
        var live = await indexes.GetAsync(storeId, ct);
        var normalized = SearchSettings.NormalizeQuery(text);
        var queries = (await queryLog.PopularQueriesAsync(storeId, ct))
            .Where(q => q.StartsWith(normalized, StringComparison.Ordinal) && q != normalized).Take(Math.Min(first, 5)).ToList();
        var products = live.Index.Autocomplete(text, first).Select(s => live.Index.Get(s.ProductId)).OfType<SearchableProduct>().ToList();
        return new SearchSuggestions(queries, products);
    }

    private async Task<SearchResult> EngineAsync(StoreSearchIndex live, SearchRequest request, CancellationToken ct)
    {
        try
        {
            return await live.Index.SearchAsync(request, ct);
        }
        catch (HttpRequestException e) when (request.Mode != SearchMode.Lexical)
        {
            // A configured embedding endpoint is down: words-only results beat an error page.
            logger.LogWarning(e, "Query embedding failed; answering with lexical search");
            return await live.Index.SearchAsync(request with { Mode = SearchMode.Lexical }, ct);
        }
    }

    /// <summary>The attributes shoppers may filter and see counts for.</summary>
    public static IReadOnlyList<string> FacetableAttributes(StoreSearchIndex live)
    {
        var names = live.Index.AttributeNames;
        return live.Settings.FacetableAttributes.Count > 0
            ? live.Settings.FacetableAttributes
            : names.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => kv.Key).ToList();
    }

    private static SearchFilters? ToFilters(SearchFiltersInput? input, IReadOnlyList<string> facetable)
    {
        if (input is null) return null;
        if (input.MinPrice is < 0) throw new RetailError(ErrorCodes.BadUserInput, "filters.minPrice: must not be negative.", "filters.minPrice");
        if (input.MaxPrice is { } max && (max <= 0 || (input.MinPrice is { } min && max <= min)))
            throw new RetailError(ErrorCodes.BadUserInput, "filters.maxPrice: must be above 0 and above minPrice.", "filters.maxPrice");
        if (input.Brands is { Count: > 50 }) throw new RetailError(ErrorCodes.BadUserInput, "filters.brands: at most 50.", "filters.brands");
        if (input.Category is { Length: > 500 }) throw new RetailError(ErrorCodes.BadUserInput, "filters.category: at most 500 characters.", "filters.category");
        Dictionary<string, IReadOnlyCollection<string>>? attributes = null;
        if (input.Attributes is { Count: > 0 })
        {
            if (input.Attributes.Count > 20) throw new RetailError(ErrorCodes.BadUserInput, "filters.attributes: at most 20.", "filters.attributes");
            attributes = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var a in input.Attributes)
            {
                var known = facetable.FirstOrDefault(f => f.Equals(a.Name?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (known is null)
                    throw new RetailError(ErrorCodes.BadUserInput,
                        $"filters.attributes: unknown facet '{Clip(a.Name)}'; facetable attributes are: {(facetable.Count == 0 ? "none" : string.Join(", ", facetable.Take(30)))}.",
                        "filters.attributes");
                if (a.Values is not { Count: > 0 and <= 50 })
                    throw new RetailError(ErrorCodes.BadUserInput, $"filters.attributes: '{known}' needs 1-50 values.", "filters.attributes");
                attributes[known] = a.Values;
            }
        }
        return new SearchFilters
        {
            CategoryPath = string.IsNullOrWhiteSpace(input.Category) ? null : SearchSettings.SplitPath(input.Category),
            Brands = input.Brands is { Count: > 0 } ? input.Brands : null,
            MinPrice = input.MinPrice,
            MaxPrice = input.MaxPrice,
            InStockOnly = input.InStockOnly,
            Attributes = attributes,
        };

        static string Clip(string? s) => s is null ? "" : s.Length > 60 ? s[..60] + "…" : s;
    }

    private static (double Factor, IReadOnlyList<string> Rules) RuleFactor(List<SearchRule> rules, SearchableProduct product)
    {
        var factor = 1.0;
        List<string>? ids = null;
        foreach (var rule in rules)
        {
            if (rule.Action is not (SearchRuleAction.Boost or SearchRuleAction.Bury)) continue;
            var targets = rule.ProductIds.Contains(product.Id) || (rule.TargetPath is { } path && SearchFilters.StartsWith(product.CategoryPath, path));
            if (!targets) continue;
            factor *= rule.Action == SearchRuleAction.Boost ? rule.Factor : 1 / rule.Factor;
            (ids ??= []).Add(rule.Id);
        }
        return (factor, (IReadOnlyList<string>?)ids ?? []);
    }

    private static List<(SearchableProduct Product, double Score, RankExplanation Why)> Sort(List<(SearchableProduct Product, double Score, RankExplanation Why)> ranked, SearchSort sort) => sort switch
    {
        // Stable sorts over the relevant window: equal prices keep their relevance order.
        SearchSort.PriceAscending => ranked.OrderBy(r => r.Product.Price).ToList(),
        SearchSort.PriceDescending => ranked.OrderByDescending(r => r.Product.Price).ToList(),
        SearchSort.Newest => ranked.OrderByDescending(r => (r.Product.Source as Catalog.Product)?.CreatedAt ?? DateTimeOffset.MinValue).ToList(),
        SearchSort.Popularity => ranked.OrderByDescending(r => r.Product.Popularity).ToList(),
        _ => ranked.OrderByDescending(r => r.Score).ToList(),
    };

    private static List<(SearchableProduct Product, double Score, RankExplanation Why)> Pin(StoreSearchIndex live,
        List<(SearchableProduct Product, double Score, RankExplanation Why)> ranked, List<(string Id, string Rule)> pins)
    {
        var top = new List<(SearchableProduct, double, RankExplanation)>();
        foreach (var (id, rule) in pins)
        {
            if (live.Index.Get(id) is not { } product) continue; // a pinned product that left the catalog is skipped
            var score = ranked.Count > 0 ? ranked[0].Score : 1;
            top.Add((product, score, new RankExplanation(null, null, 0, 1, [rule], 1, true, false)));
        }
        var pinned = top.Select(t => t.Item1.Id).ToHashSet(StringComparer.Ordinal);
        return top.Concat(ranked.Where(r => !pinned.Contains(r.Product.Id))).ToList();
    }

    /// <summary>The category whose words best cover the query's (typos forgiven through the correction), most products on a tie.</summary>
    private static IReadOnlyList<string>? ClosestCategory(StoreSearchIndex live, string query, string? corrected)
    {
        var stems = Highlighter.QueryStems(query, corrected);
        if (stems.Count == 0) return null;
        IReadOnlyList<string>? best = null;
        var bestScore = 0.0;
        var bestCount = 0;
        foreach (var (path, count) in live.Index.CategoryPaths())
        {
            var words = Text.TextAnalyzer.Default.Analyze(path[^1]).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
            if (words.Count == 0) continue;
            var overlap = stems.Count(words.Contains);
            if (overlap == 0) continue;
            var score = overlap + 0.1 * path.Count; // deeper = more specific, on equal overlap
            if (score > bestScore || (score == bestScore && count > bestCount)) (best, bestScore, bestCount) = (path, score, count);
        }
        return best;
    }
}

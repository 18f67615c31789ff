using Marten;
using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Admin;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Search.Analytics;
using RetailCommerce.Modules.Search.Indexing;
using RetailCommerce.Modules.Search.Merchandising;
using RetailCommerce.Modules.Search.Querying;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Search.Pages.Admin;

/// <summary>Search admin: synonyms and rules editors, top and zero-result queries, search conversion and "why this rank".</summary>
public sealed class SearchPageModel(SearchIndexes indexes, SearchQueryLog queryLog, ProductSearchService search, StoreSessions sessions) : AdminPage
{
    [BindProperty] public string? SynonymLines { get; set; }
    [BindProperty] public string? FacetableLine { get; set; }
    [BindProperty] public RuleForm Rule { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Explain { get; set; }

    public SearchSettings Settings { get; private set; } = new();
    public IReadOnlyList<SearchQueryStat> TopQueries { get; private set; } = [];
    public IReadOnlyList<SearchQueryStat> ZeroResultQueries { get; private set; } = [];
    public SearchConversion Conversion { get; private set; } = new(0, 0, 0);
    public ShopperSearchResult? Explanation { get; private set; }
    public string? ExplainProblem { get; private set; }
    public IndexBuildReport? Index { get; private set; }

    /// <summary>The rule form.</summary>
    public sealed class RuleForm
    {
        public string? Id { get; set; }
        public SearchRuleAction Action { get; set; } = SearchRuleAction.Boost;
        public string? Query { get; set; }
        public string? ProductIds { get; set; }
        public string? TargetCategory { get; set; }
        public double Factor { get; set; } = 1.5;
        public DateTimeOffset? StartsAt { get; set; }
        public DateTimeOffset? EndsAt { get; set; }
    }

    public async Task OnGetAsync()
    {
        if (CurrentStore is null) return;
        var ct = HttpContext.RequestAborted;
        Settings = await indexes.SettingsAsync(StoreId, ct);
        SynonymLines = string.Join("\n", Settings.Synonyms);
        FacetableLine = string.Join(", ", Settings.FacetableAttributes);
        TopQueries = await queryLog.TopAsync(StoreId, false, 15, ct);
        ZeroResultQueries = await queryLog.TopAsync(StoreId, true, 15, ct);
        Conversion = await ConversionAsync(ct);
        Index = (await indexes.IfBuiltAsync(StoreId, ct))?.Report;
        if (!string.IsNullOrWhiteSpace(Explain))
        {
            try { Explanation = await search.SearchAsync(StoreId, new ShopperSearch(Explain) { First = 20, Log = false, WithFacets = false }, ct); }
            catch (RetailError e) { ExplainProblem = e.Message; }
        }
    }

    public Task<IActionResult> OnPostSynonymsAsync() => ApplyAsync(async () =>
    {
        var settings = await indexes.SettingsAsync(StoreId, HttpContext.RequestAborted);
        settings.Synonyms = (SynonymLines ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        await indexes.SaveSettingsAsync(StoreId, settings, HttpContext.RequestAborted);
        Notice = $"Saved {settings.Synonyms.Count} synonym line(s).";
    });

    public Task<IActionResult> OnPostFacetsAsync() => ApplyAsync(async () =>
    {
        var settings = await indexes.SettingsAsync(StoreId, HttpContext.RequestAborted);
        settings.FacetableAttributes = (FacetableLine ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(50).ToList();
        await indexes.SaveSettingsAsync(StoreId, settings, HttpContext.RequestAborted);
        Notice = settings.FacetableAttributes.Count == 0 ? "Every attribute is facetable." : $"Facetable: {string.Join(", ", settings.FacetableAttributes)}.";
    });

    public Task<IActionResult> OnPostRuleAsync() => ApplyAsync(async () =>
    {
        var rule = new SearchRule
        {
            Id = Rule.Id?.Trim() ?? "",
            Action = Rule.Action,
            Query = string.IsNullOrWhiteSpace(Rule.Query) ? null : Rule.Query.Trim(),
            ProductIds = (Rule.ProductIds ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
            TargetCategory = string.IsNullOrWhiteSpace(Rule.TargetCategory) ? null : Rule.TargetCategory.Trim(),
            Factor = Rule.Factor,
            StartsAt = Rule.StartsAt,
            EndsAt = Rule.EndsAt,
        };
        SearchSettings.Validate(rule);
        var settings = await indexes.SettingsAsync(StoreId, HttpContext.RequestAborted);
        settings.Rules.RemoveAll(r => r.Id == rule.Id);
        settings.Rules.Add(rule);
        await indexes.SaveSettingsAsync(StoreId, settings, HttpContext.RequestAborted);
        Notice = $"Saved rule {rule.Id}.";
    });

    public Task<IActionResult> OnPostDeleteRuleAsync(string id) => ApplyAsync(async () =>
    {
        var settings = await indexes.SettingsAsync(StoreId, HttpContext.RequestAborted);
        settings.Rules.RemoveAll(r => r.Id == id);
        await indexes.SaveSettingsAsync(StoreId, settings, HttpContext.RequestAborted);
        Notice = $"Deleted rule {id}.";
    });

    /// <summary>Search-to-purchase conversion from attributed events (CLICK/PURCHASE with recommendationId = a searchId).</summary>
    public sealed record SearchConversion(long Searches, int SearchesWithClick, int SearchesWithPurchase)
    {
        public double? ClickRate => Searches == 0 ? null : SearchesWithClick / (double)Searches;
        public double? PurchaseRate => Searches == 0 ? null : SearchesWithPurchase / (double)Searches;
    }

    private async Task<SearchConversion> ConversionAsync(CancellationToken ct)
    {
        await using var session = sessions.Read(StoreId);
        var searches = (await session.Query<SearchQueryStat>().Select(s => s.Searches).ToListAsync(ct)).Sum();
        var clicked = await session.Events.QueryRawEventDataOnly<ProductClicked>()
            .Where(e => e.RecommendationId != null && e.RecommendationId.StartsWith("search-")).Select(e => e.RecommendationId!).Take(100_000).ToListAsync(ct);
        var bought = await session.Events.QueryRawEventDataOnly<ItemPurchased>()
            .Where(e => e.RecommendationId != null && e.RecommendationId.StartsWith("search-")).Select(e => e.RecommendationId!).Take(100_000).ToListAsync(ct);
        return new SearchConversion(searches, clicked.Distinct().Count(), bought.Distinct().Count());
    }
}

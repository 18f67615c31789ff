using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Admin;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Search.Analytics;
using RetailCommerce.Modules.Search.GraphQL;
using RetailCommerce.Modules.Search.Indexing;
using RetailCommerce.Modules.Search.Merchandising;
using RetailCommerce.Modules.Search.Querying;
using RetailCommerce.Modules.Search.Visual;
using RetailCommerce.Security;

namespace RetailCommerce.Modules.Search;

/// <summary>Wires the Search module: per-store indexes, catalog observer, rebuild job, query log, GraphQL fields and the admin page.</summary>
public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SearchOptions>(configuration.GetSection(SearchOptions.Section));
        var endpoint = configuration["Retail:Ai:Endpoint"];
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            // Any OpenAI-compatible embedding service replaces the offline catalog-trained model.
            var key = configuration["Retail:Ai:ApiKey"];
            services.AddHttpClient(EndpointEmbeddingGenerator.ClientName, c =>
            {
                c.BaseAddress = new Uri(endpoint.TrimEnd('/') + "/");
                c.Timeout = TimeSpan.FromSeconds(30);
                if (!string.IsNullOrEmpty(key)) c.DefaultRequestHeaders.Authorization = new("Bearer", key);
            });
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => new EndpointEmbeddingGenerator(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(EndpointEmbeddingGenerator.ClientName),
                configuration["Retail:Ai:EmbeddingModel"] ?? "text-embedding-3-small"));
        }
        services.AddSingleton(sp => new SearchIndexes(
            sp, sp.GetRequiredService<Persistence.StoreSessions>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SearchOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SearchIndexes>>(),
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.AddSingleton<ICatalogObserver, SearchCatalogObserver>();
        services.AddSingleton<SearchQueryLog>();
        services.AddHostedService<SearchQueryLogFlusher>();
        services.AddSingleton<ShopperAffinity>();
        services.AddSingleton<ProductSearchService>();
        services.AddSingleton<Ranking.Learned.SearchRankerTraining>();
        services.AddSingleton<RetailCommerce.Shopping.IProductFinder, Shopping.SearchProductFinder>();

        // Visual search: product images are fetched and described in the background after imports.
        services.AddHttpClient(ProductImageFetcher.ProductClient, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(ProductImageFetcher.ShopperClient, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SearchOptions>>().Value.AllowPrivateShopperImageUrls
                ? new SocketsHttpHandler { MaxAutomaticRedirections = 3 } : ProductImageFetcher.PublicOnlyHandler());
        services.AddSingleton<ProductImageFetcher>();
        services.AddSingleton<VisualIndexes>();
        services.AddHostedService<VisualIndexWorker>();
        services.AddSingleton<VisualSearchService>();
    }

    public override void ConfigureMarten(StoreOptions options)
    {
        options.Schema.For<SearchSettings>();
        options.Schema.For<SearchQueryStat>().Index(s => s.Searches);
        options.Schema.For<SearchProductVector>().Index(v => v.Model);
        options.Schema.For<SearchEmbeddingModel>();
        options.Schema.For<SearchEmbeddingModelPart>();
        options.Schema.For<SearchImageVector>().Index(v => v.Model);
        options.Schema.For<Ranking.Learned.SearchRankerModel>();
    }

    public override void ConfigureJobs(ModuleJobs jobs)
    {
        jobs.Add<RebuildSearchIndexJob>(RebuildSearchIndexJob.Id, "0 15 3 * * ?",
            "Retrains the store's embedding model and rebuilds the search index (popularity refreshed); imports update it incrementally");
        jobs.Add<Jobs.TrainSearchRankerJob>(Jobs.TrainSearchRankerJob.Id, "0 45 3 ? * SUN",
            "Learns the store's search ranking (LightGBM LambdaRank) from clicks and purchases after searches; keeps score fusion when data is too thin or the model does not beat it");
    }

    public override void ConfigureAdmin(ModuleAdmin admin) => admin.AddPage("Search", "/admin/search");

    public override void ConfigureGraphQL(ModuleGraph graph)
    {
        graph.StorefrontQuery(q =>
        {
            q.Field<NonNullGraphType<SearchResultType>>("search")
                .Description("Product search: typo-tolerant words (BM25F) and meaning (embeddings) fused, merchandising rules, personalization with consent; never a dead end.")
                .Argument<NonNullGraphType<StringGraphType>>("query", "What the shopper typed (1-200 characters).")
                .Argument<IntGraphType>("first", "Page size, 1-100 (default 20).")
                .Argument<StringGraphType>("after", "endCursor of the previous page.")
                .Argument<SearchFiltersType>("filters", "Facet selections.")
                .Argument<SearchSortType>("sort", "Order (default RELEVANCE).")
                .Argument<IdGraphType>("customerId", "The signed-in customer, for personalized ranking (needs their X-Customer-Token on storefront calls and Personalization consent).")
                .Argument<StringGraphType>("sessionId", "The browsing session.")
                .ResolveAsync(async c => await c.Service<ProductSearchService>().SearchAsync(c.StoreId(), Shopper(c, c.GetArgument<string>("query") ?? ""), c.CancellationToken));

            q.Field<NonNullGraphType<SearchAutocompleteType>>("autocomplete")
                .Description("Query and product suggestions for what the shopper has typed so far.")
                .Argument<NonNullGraphType<StringGraphType>>("prefix", "Typed text (1-100 characters); the last word may be unfinished.")
                .Argument<IntGraphType>("first", "Product suggestions, 1-20 (default 8).")
                .ResolveAsync(async c => await c.Service<ProductSearchService>().AutocompleteAsync(c.StoreId(), c.GetArgument<string>("prefix") ?? "",
                    c.GetArgument<int?>("first") ?? 8, c.CancellationToken));

            q.Field<NonNullGraphType<SearchVisualResultType>>("visualSearch")
                .Description("Products whose images look like the shopper's photo (colour, texture and shape of the picture).")
                .Argument<StringGraphType>("image", "The photo, base64 (or a data:image/...;base64 URI), at most 2 MB by default.")
                .Argument<StringGraphType>("imageUrl", "Or a public http(s) URL of the photo.")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<VisualSearchService>().SearchAsync(c.StoreId(), c.GetArgument<string?>("image"),
                    c.GetArgument<string?>("imageUrl"), c.GetArgument<int?>("first") ?? 20, c.CancellationToken));

            q.Field<NonNullGraphType<SearchVisualResultType>>("visuallySimilarProducts")
                .Description("\"More like this\": products whose images look most like this product's image (the product itself left out).")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product.")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 12).")
                .ResolveAsync(async c => await c.Service<VisualSearchService>().SimilarAsync(c.StoreId(), c.GetArgument<string>("productId") ?? "",
                    c.GetArgument<int?>("first") ?? 12, c.CancellationToken));
        });

        graph.AdminQuery(q =>
        {
            q.Field<NonNullGraphType<SearchSettingsType>>("searchSettings")
                .Description("The store's synonyms, facetable attributes and merchandising rules.")
                .ResolveAsync(async c => await c.Service<SearchIndexes>().SettingsAsync(c.StoreId(), c.CancellationToken));

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchQueryStatType>>>>("searchQueries")
                .Description("Most searched queries, or (zeroResultsOnly) the queries that found nothing, most frequent first.")
                .Argument<BooleanGraphType>("zeroResultsOnly", "Only queries that found nothing.")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<SearchQueryLog>().TopAsync(c.StoreId(), c.GetArgument<bool?>("zeroResultsOnly") ?? false, c.PageSize(), c.CancellationToken));

            q.Field<NonNullGraphType<SearchResultType>>("searchExplain")
                .Description("Runs a search as a shopper would (not logged) so each item's explanation says why it ranks where it does.")
                .Argument<NonNullGraphType<StringGraphType>>("query", "The query.")
                .Argument<IdGraphType>("customerId", "Rank as this customer would see it.")
                .Argument<IntGraphType>("first", "Items, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<ProductSearchService>().SearchAsync(c.StoreId(),
                    Shopper(c, c.GetArgument<string>("query") ?? "") with { Log = false }, c.CancellationToken));
        });

        graph.AdminMutation(m =>
        {
            m.Field<NonNullGraphType<SearchSettingsType>>("setSearchSynonyms")
                .Description("Replaces the store's synonyms: lines 'sofa, couch, settee' (two-way) or 'tv => television' (one-way). Applies to the next search.")
                .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("lines", "Synonym lines.")
                .ResolveAsync(async c => await Change(c, s => s.Synonyms = c.GetArgument<List<string>>("lines")));

            m.Field<NonNullGraphType<SearchSettingsType>>("setSearchFacetableAttributes")
                .Description("Sets which attributes shoppers can filter by and see counts for (empty = all).")
                .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("names", "Attribute names.")
                .ResolveAsync(async c => await Change(c, s =>
                {
                    var names = c.GetArgument<List<string>>("names").Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    if (names.Count > 50 || names.Any(n => n.Length > 100)) throw new RetailError(ErrorCodes.BadUserInput, "names: at most 50 names of at most 100 characters.", "names");
                    s.FacetableAttributes = names;
                }));

            m.Field<NonNullGraphType<SearchSettingsType>>("saveSearchRule")
                .Description("Creates or replaces (by id) a merchandising rule.")
                .Argument<NonNullGraphType<SearchRuleInputType>>("rule", "The rule.")
                .ResolveAsync(async c => await Change(c, s =>
                {
                    var rule = c.GetArgument<SearchRule>("rule");
                    rule.ProductIds ??= [];
                    if (rule.Factor == 0) rule.Factor = 1.5;
                    if (string.IsNullOrWhiteSpace(rule.Query)) rule.Query = null;
                    SearchSettings.Validate(rule);
                    s.Rules.RemoveAll(r => r.Id == rule.Id);
                    if (s.Rules.Count >= SearchSettings.MaxRules) throw new RetailError(ErrorCodes.BadUserInput, $"rule: at most {SearchSettings.MaxRules} rules per store.", "rule");
                    s.Rules.Add(rule);
                }));

            m.Field<NonNullGraphType<SearchSettingsType>>("deleteSearchRule")
                .Description("Deletes a merchandising rule.")
                .Argument<NonNullGraphType<StringGraphType>>("id", "Rule id.")
                .ResolveAsync(async c => await Change(c, s =>
                {
                    if (s.Rules.RemoveAll(r => r.Id == c.GetArgument<string>("id")) == 0)
                        throw new RetailError(ErrorCodes.NotFound, "id: no such rule.", "id");
                }));
        });
    }

    private static ShopperSearch Shopper(IResolveFieldContext c, string query)
    {
        // A customer's history shapes the ranking, so only that customer (or an admin) may ask for it.
        var customerId = c.HasArgument("customerId") && c.GetArgument<string?>("customerId") is not null ? c.RequireCustomer("customerId") : null;
        var sessionId = c.GetArgument<string?>("sessionId");
        if (sessionId is { Length: > 200 }) throw new RetailError(ErrorCodes.BadUserInput, "sessionId: at most 200 characters.", "sessionId");
        return new ShopperSearch(query)
        {
            First = c.GetArgument<int?>("first") ?? 20,
            Offset = SearchCursor.Decode(c.GetArgument<string?>("after")),
            Filters = c.GetArgument<SearchFiltersInput?>("filters"),
            Sort = c.GetArgument<SearchSort?>("sort") ?? SearchSort.Relevance,
            // Counting facets is a good part of a search's CPU; do it only when the query selects them.
            WithFacets = c.SubFields is not { } selected || selected.Values.Any(f => f.Field.Name.Value == "facets"),
            CustomerId = customerId,
            SessionId = sessionId,
        };
    }

    private static async Task<SearchSettings> Change(IResolveFieldContext c, Action<SearchSettings> change)
    {
        var indexes = c.Service<SearchIndexes>();
        var settings = await indexes.SettingsAsync(c.StoreId(), c.CancellationToken);
        change(settings);
        await indexes.SaveSettingsAsync(c.StoreId(), settings, c.CancellationToken);
        return settings;
    }
}

using GraphQL;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Tracking;
using RetailCommerce.Admin;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Recommendations.Exposure;
using RetailCommerce.Modules.Recommendations.Freshness;
using RetailCommerce.Modules.Recommendations.GraphQL;
using RetailCommerce.Modules.Recommendations.Jobs;
using RetailCommerce.Modules.Recommendations.Serving;
using RetailCommerce.Persistence;
using RetailCommerce.Security;

namespace RetailCommerce.Modules.Recommendations;

/// <summary>Wires the Recommendations module: models and their versions, live signals, exposure log, GraphQL, job and admin page.</summary>
public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RecommendationsOptions>(configuration.GetSection(RecommendationsOptions.Section));
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ServingState>();
        services.AddSingleton<CatalogChanges>();
        services.AddSingleton<ICatalogObserver, RecommendationCatalogObserver>();
        services.AddSingleton<ExposureWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ExposureWriter>());
        services.AddSingleton<ShopperHistory>();
        services.AddSingleton<PersonalListWarmer>();
        services.AddSingleton<IShopperEventObserver>(sp => sp.GetRequiredService<PersonalListWarmer>());
        services.AddHostedService(sp => sp.GetRequiredService<PersonalListWarmer>());
        services.AddSingleton<RecommendationService>();
        services.AddSingleton<RetailCommerce.Shopping.IRecommendationSource, Shopping.RecommendationsForOthers>();
        services.AddSingleton<RecommendationReporting>();
        services.AddSingleton<RecommendationSettingsStore>();
    }

    public override void ConfigureMarten(StoreOptions options)
    {
        options.Schema.For<RecommendationModelVersion>();
        options.Schema.For<RecommendationModelPointer>();
        options.Schema.For<RecommendationSettings>();
        options.Schema.For<RecommendationBasket>().Index(b => b.LastAt);
        options.Schema.For<RecommendationExposureDay>().Index(d => d.Day);
        options.Events.AddEventType(typeof(RecommendationsServed));
        options.Events.AddEventType(typeof(RecommendationServed));
        // Async: baskets (fresh pairs) and exposure counts follow the event stream within seconds, off the request path.
        options.Projections.AddShopperActivity<RecommendationBasketProjection>();
        options.Projections.AddShopperActivity<RecommendationExposureProjection>();
    }

    public override void ConfigureJobs(ModuleJobs jobs) =>
        jobs.Add<RetrainRecommendations>("recommendations.retrain", "0 15 3 * * ?",
            "Retrains every recommendation model from the store's events as a new version (rollback in admin)");

    public override void ConfigureAdmin(ModuleAdmin admin) =>
        admin.AddPage("Recommendations", "/admin/recommendations").SetSettingsPage("/admin/recommendations");

    public override void ConfigureGraphQL(ModuleGraph graph)
    {
        graph.StorefrontQuery(q => q.Field<NonNullGraphType<RecommendationListType>>("recommendations")
            .Description("Products to show in a placement, each with a reason. Personal placements read a customer's history only with their personalization consent and, on the storefront, only with that customer's X-Customer-Token (sessionId needs no token). Send the returned recommendationId back in CLICK and PURCHASE events.")
            .Argument<NonNullGraphType<PlacementType>>("placement", "Where the list is shown.")
            .Argument<IdGraphType>("customerId", "The signed-in customer (requires their X-Customer-Token on the storefront).")
            .Argument<StringGraphType>("sessionId", "The browsing session (recent views, cart).")
            .Argument<IdGraphType>("productId", "The product on screen (required for FREQUENTLY_BOUGHT_TOGETHER, ALSO_VIEWED, SIMILAR).")
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("cartProductIds", "The cart's products (CART_COMPLEMENTS; never recommended back).")
            .Argument<StringGraphType>("category", "TRENDING only: a category path prefix, e.g. \"Outdoor\" or \"Outdoor > Shoes\".")
            .Argument<IntGraphType>("first", "How many, 1-50 (default 10).")
            .ResolveAsync(async c =>
            {
                var request = ReadRequest(c);
                var list = await c.Service<RecommendationService>().RecommendAsync(c.StoreId(), request, c.CancellationToken);
                return new RecommendationListView(list, c.Service<ProductCatalog>(), c.Service<ServingState>(), c.StoreId());
            }));

        graph.AdminQuery(q =>
        {
            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<RecommendationModelVersionType>>>>("recommendationModels")
                .Description("Trained recommendation model versions, newest first, with the active one marked.")
                .ResolveAsync(async c =>
                {
                    var registry = c.Service<ModelRegistry>();
                    var (versions, active) = await registry.ListAsync(c.StoreId(), c.CancellationToken);
                    return versions.Select(v => (v, v.Id == active, registry.IsLoaded(c.StoreId(), v.Id))).ToList();
                });
            q.Field<NonNullGraphType<RecommendationReportType>>("recommendationReport")
                .Description("Recommendation-attributed vs organic sales, click-through, coverage and concentration over the last store days.")
                .Argument<IntGraphType>("days", "Store days, 1-365 (default 30).")
                .ResolveAsync(async c =>
                {
                    var days = c.GetArgument<int?>("days") ?? 30;
                    if (days is < 1 or > 365) throw new RetailError(ErrorCodes.BadUserInput, "days: must be between 1 and 365.", "days");
                    return await c.Service<RecommendationReporting>().BuildAsync(c.StoreId(), days, c.CancellationToken);
                });
        });

        graph.AdminMutation(m =>
        {
            m.Field<NonNullGraphType<RecommendationModelVersionType>>("rollbackRecommendationModel")
                .Description("Makes an earlier (or later) model version serve. Instant for versions held in memory (loaded: true); others are rebuilt from their recorded events first.")
                .Argument<NonNullGraphType<StringGraphType>>("version", "The version id, e.g. v3.")
                .ResolveAsync(async c =>
                {
                    var registry = c.Service<ModelRegistry>();
                    var doc = await registry.ActivateAsync(c.StoreId(), c.GetArgument<string>("version"), "admin " + (c.Service<Caller>().AdminId ?? ""), c.CancellationToken);
                    return (doc, true, true);
                });
            m.Field<NonNullGraphType<BooleanGraphType>>("saveRecommendationPlacement")
                .Description("Saves one placement's settings: enabled, caps per brand and category (0 = none), MMR diversity λ (1 = model order), exploration slot, pins and boosts.")
                .Argument<NonNullGraphType<PlacementType>>("placement", "The placement.")
                .Argument<BooleanGraphType>("enabled", "Serve it at all.")
                .Argument<IntGraphType>("maxPerBrand", "At most this many per brand (0 = no cap).")
                .Argument<IntGraphType>("maxPerCategory", "At most this many per category (0 = no cap).")
                .Argument<FloatGraphType>("diversityLambda", "MMR λ in [0, 1].")
                .Argument<BooleanGraphType>("explorationSlot", "Keep one slot for new products.")
                .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("pins", "Pinned products as \"productId@position\".")
                .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("boosts", "Boosts as \"productId-or-category=factor\".")
                .ResolveAsync(async c =>
                {
                    var store = c.Service<RecommendationSettingsStore>();
                    var placement = c.GetArgument<Placement>("placement");
                    await store.UpdateAsync(c.StoreId(), s =>
                    {
                        var p = s.For(placement);
                        if (c.GetArgument<bool?>("enabled") is { } enabled) p.Enabled = enabled;
                        if (c.GetArgument<int?>("maxPerBrand") is { } brand) p.MaxPerBrand = brand;
                        if (c.GetArgument<int?>("maxPerCategory") is { } category) p.MaxPerCategory = category;
                        if (c.GetArgument<double?>("diversityLambda") is { } lambda) p.DiversityLambda = lambda;
                        if (c.GetArgument<bool?>("explorationSlot") is { } explore) p.ExplorationSlot = explore;
                        if (c.GetArgument<List<string>?>("pins") is { } pins) p.Pins = RecommendationSettingsStore.ParsePins(pins);
                        if (c.GetArgument<List<string>?>("boosts") is { } boosts) p.Boosts = RecommendationSettingsStore.ParseBoosts(boosts);
                        s.Placements[RecommendationSettings.Key(placement)] = p;
                    }, c.CancellationToken);
                    return true;
                });
        });
    }

    private static readonly HashSet<Placement> NeedsProduct = [Placement.FrequentlyBoughtTogether, Placement.AlsoViewed, Placement.Similar];

    private static RecommendationRequest ReadRequest(IResolveFieldContext c)
    {
        var placement = c.GetArgument<Placement>("placement");
        // A customer's history is theirs: the storefront must send that customer's token; admins may preview anyone.
        var customerId = string.IsNullOrWhiteSpace(c.GetArgument<string?>("customerId")) ? null : c.RequireCustomer();
        var sessionId = c.GetArgument<string?>("sessionId")?.Trim();
        if (sessionId is { Length: > 128 }) throw new RetailError(ErrorCodes.BadUserInput, "sessionId: at most 128 characters.", "sessionId");
        var productId = c.GetArgument<string?>("productId")?.Trim();
        if (string.IsNullOrEmpty(productId)) productId = null;
        if (productId is null && NeedsProduct.Contains(placement))
            throw new RetailError(ErrorCodes.BadUserInput, $"productId: is required for {RecommendationSettings.GraphQLName(placement)}.", "productId");
        if (productId is not null && !ProductValidation.IsValidId(productId))
            throw new RetailError(ErrorCodes.BadUserInput, "productId: is not a valid product id.", "productId");
        var cart = c.GetArgument<List<string>?>("cartProductIds") ?? [];
        if (cart.Count > 100) throw new RetailError(ErrorCodes.BadUserInput, "cartProductIds: at most 100.", "cartProductIds");
        var category = c.GetArgument<string?>("category")?.Trim();
        if (category is { Length: > 200 }) throw new RetailError(ErrorCodes.BadUserInput, "category: at most 200 characters.", "category");
        return new RecommendationRequest
        {
            Placement = placement,
            CustomerId = customerId,
            SessionId = string.IsNullOrEmpty(sessionId) ? null : sessionId,
            ProductId = productId,
            CartProductIds = cart,
            Category = string.IsNullOrEmpty(category) ? null : category,
            Count = c.PageSize(10, 50),
        };
    }
}

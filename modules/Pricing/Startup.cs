using GraphQL;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Admin;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;
using RetailCommerce.GraphQL.Types;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.GraphQL;
using RetailCommerce.Modules.Pricing.Guardrails;
using RetailCommerce.Modules.Pricing.Inventory;
using RetailCommerce.Modules.Pricing.Jobs;
using RetailCommerce.Modules.Pricing.Optimization;
using RetailCommerce.Modules.Pricing.Prices;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Pricing;

/// <summary>Wires the Pricing module: forecasting, guardrails, proposals and changes, jobs, GraphQL fields and the admin page.</summary>
public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PricingOptions>(configuration.GetSection(PricingOptions.Section));
        services.AddSingleton<StoreDemandHistory>();
        services.AddSingleton<DemandForecaster>();
        services.AddSingleton<PricingService>();
        services.AddSingleton<InventoryAdvisor>();
        services.AddSingleton<Markdown.MarkdownService>();
    }

    public override void ConfigureMarten(StoreOptions options)
    {
        options.Schema.For<PricingSettings>();
        options.Schema.For<GuardrailSet>();
        options.Schema.For<CompetitorPrice>().Index(c => c.ProductId);
        options.Schema.For<DemandModelDocument>();
        options.Schema.For<ProductPricing>();
        options.Schema.For<Markdown.MarkdownPlanDocument>();
        options.Events.AddEventTypes([typeof(PriceProposed), typeof(PriceProposalApproved), typeof(PriceProposalRejected), typeof(PriceChanged)]);
        // Inline: a product's pricing state commits with its events, so guardrails see the latest change at once.
        options.Projections.Add<ProductPricingProjection>(ProjectionLifecycle.Inline);
    }

    public override void ConfigureJobs(ModuleJobs jobs)
    {
        jobs.Add<RetrainDemandModel>("pricing.retrain", "0 15 1 * * ?", "Retrains the demand forecast model (LightGBM) on the store's whole history");
        jobs.Add<RepriceProducts>("pricing.reprice", "0 0 5 * * ?", "Proposes or sets prices within the guardrails from the forecast and elasticities");
    }

    public override void ConfigureAdmin(ModuleAdmin admin) => admin.AddPage("Pricing", "/admin/pricing");

    public override void ConfigureGraphQL(ModuleGraph graph)
    {
        graph.StorefrontQuery(q =>
            q.Field<NonNullGraphType<PricingPriceType>>("price")
                .Description("A product's current price, currency and reference (typical recent) price. Every shopper gets the same price: there is no per-customer base price.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .ResolveAsync(async c => await c.Service<PricingService>().PriceAsync(c.StoreId(), c.GetArgument<string>("productId"), c.CancellationToken)));

        graph.AdminQuery(q =>
        {
            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DemandForecastDayType>>>>("demandForecast")
                .Description($"Forecast daily units (P50, P90) for the days after the store's latest event (its clock), 1-{DemandForecaster.MaxDays} days. Trains the model first if the store has none.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .Argument<NonNullGraphType<IntGraphType>>("days", "How many days ahead.")
                .ResolveAsync(async c => (await c.Service<DemandForecaster>().ForecastAsync(c.StoreId(), c.GetArgument<string>("productId"), c.GetArgument<int>("days"), c.CancellationToken)).Days);

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PricingHistoryEntryType>>>>("priceHistory")
                .Description("A product's proposals, approvals, rejections and price changes, newest first.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .ResolveAsync(async c =>
                {
                    var productId = c.GetArgument<string>("productId");
                    await RequireProduct(c, productId);
                    var pricing = await c.Service<PricingService>().PricingAsync(c.StoreId(), productId, c.CancellationToken);
                    return (pricing?.History ?? []).AsEnumerable().Reverse().ToList();
                });

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PricingProposalType>>>>("priceProposals")
                .Description("Proposals awaiting approval, newest first.")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 20).")
                .ResolveAsync(async c => (await c.Service<PricingService>().PendingAsync(c.StoreId(), c.PageSize(), c.CancellationToken)).Select(p => p.Pending!).ToList());

            q.Field<NonNullGraphType<PricingElasticityType>>("priceElasticity")
                .Description("A product's price elasticity with a 95% interval, shrunk towards its category.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .ResolveAsync(async c => await c.Service<PricingService>().ElasticityAsync(c.StoreId(), c.GetArgument<string>("productId"), c.CancellationToken));

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<GuardrailSetType>>>>("pricingGuardrails")
                .Description("Every guardrail set of the store (store, categories, products).")
                .ResolveAsync(async c => await c.Service<PricingService>().GuardrailSetsAsync(c.StoreId(), c.CancellationToken));

            q.Field<NonNullGraphType<PricingSettingsType>>("pricingSettings")
                .Description("Mode, objective and holidays.")
                .ResolveAsync(async c => await c.Service<PricingService>().SettingsAsync(c.StoreId(), c.CancellationToken));

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CompetitorPriceType>>>>("competitorPrices")
                .Description("Competitor prices known for a product, lowest first.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .ResolveAsync(async c => await c.Service<PricingService>().CompetitorPricesAsync(c.StoreId(), c.GetArgument<string>("productId"), c.CancellationToken));

            q.Field<NonNullGraphType<InventoryAdviceType>>("inventoryAdvice")
                .Description("Safety stock, reorder point and order quantity for a product.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .ResolveAsync(async c => await c.Service<InventoryAdvisor>().AdviseAsync(c.StoreId(), c.GetArgument<string>("productId"), c.CancellationToken));

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<InventoryAdviceType>>>>("inventoryRisks")
                .Description("Products at risk: STOCK_OUT (days of cover shorter than the lead time, shortest first), then OVERSTOCK (stock above the P90 demand of the next 90 days, most excess first).")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<InventoryAdvisor>().RisksAsync(c.StoreId(), c.PageSize(), c.CancellationToken));

            q.Field<NonNullGraphType<MarkdownPlanType>>("markdownPlan")
                .Description("Plans markdowns to sell a share of a product's stock by a date: the smallest, latest price steps within every guardrail, from the demand forecast and elasticity; or, when unreachable, the closest the guardrails allow (reachable: false). Nothing is changed; see applyMarkdownPlan.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .Argument<NonNullGraphType<FloatGraphType>>("targetSellThrough", "Share of today's stock to sell, in (0, 1].")
                .Argument<NonNullGraphType<CalendarDateGraphType>>("by", "Target date, after the store's current day (its clock), at most 365 days ahead.")
                .ResolveAsync(async c => await c.Service<Markdown.MarkdownService>().PlanAsync(c.StoreId(), c.GetArgument<string>("productId"),
                    c.GetArgument<double>("targetSellThrough"), c.GetArgument<DateOnly>("by"), c.CancellationToken));

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MarkdownPlanType>>>>("categoryMarkdownPlans")
                .Description("markdownPlan for every product with stock in a category (path prefix), largest stock first.")
                .Argument<NonNullGraphType<StringGraphType>>("category", "Category path (prefix).")
                .Argument<NonNullGraphType<FloatGraphType>>("targetSellThrough", "Share of today's stock to sell, in (0, 1].")
                .Argument<NonNullGraphType<CalendarDateGraphType>>("by", "Target date, after the store's current day.")
                .Argument<IntGraphType>("first", "How many products, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<Markdown.MarkdownService>().PlanCategoryAsync(c.StoreId(), c.GetArgument<string>("category"),
                    c.GetArgument<double>("targetSellThrough"), c.GetArgument<DateOnly>("by"), c.PageSize(), c.CancellationToken));

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AppliedMarkdownType>>>>("appliedMarkdowns")
                .Description("Markdown plans the merchant applied, active first.")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<Markdown.MarkdownService>().PlansAsync(c.StoreId(), c.PageSize(), c.CancellationToken));

            q.Field<DemandModelType>("demandModel")
                .Description("The store's trained demand model; null before the first training.")
                .ResolveAsync(async c =>
                {
                    await using var session = c.Service<StoreSessions>().Read(c.StoreId());
                    return await session.LoadAsync<DemandModelDocument>(DemandModelDocument.DocumentId, c.CancellationToken);
                });
        });

        graph.AdminMutation(m =>
        {
            m.Field<NonNullGraphType<GuardrailSetType>>("setPriceGuardrails")
                .Description("Saves the guardrails of a scope (replacing that scope's set). Refused with BAD_USER_INPUT naming the field (floor above ceiling, negative cost, unknown product, ...); the settings in force then stay.")
                .Argument<NonNullGraphType<GuardrailInputType>>("input", "The guardrails.")
                .ResolveAsync(async c => await c.Service<PricingService>().SaveGuardrailsAsync(c.StoreId(), c.GetArgument<GuardrailInput>("input"), c.CancellationToken));

            m.Field<NonNullGraphType<PricingSettingsType>>("setPricingSettings")
                .Description("Sets the mode (RECOMMEND_ONLY or AUTOMATIC), the objective and the store's holidays; omitted arguments stay.")
                .Argument<PricingModeType>("mode", "RECOMMEND_ONLY or AUTOMATIC.")
                .Argument<PricingObjectiveType>("objective", "MARGIN or REVENUE.")
                .Argument<ListGraphType<NonNullGraphType<CalendarDateGraphType>>>("holidays", "The store's own holidays (replaces the list).")
                .ResolveAsync(async c => await c.Service<PricingService>().SaveSettingsAsync(c.StoreId(),
                    c.GetArgument<PricingMode?>("mode"), c.GetArgument<PricingObjective?>("objective"), c.GetArgument<List<DateOnly>?>("holidays"), c.CancellationToken));

            m.Field<NonNullGraphType<ImportResultType>>("importCompetitorPrices")
                .Description("Upserts competitor prices by product and competitor; invalid items are rejected one by one (index, message, field), valid ones stored.")
                .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<CompetitorPriceInputType>>>>("prices", "At most 1,000 prices.")
                .ResolveAsync(async c => await c.Service<PricingService>().ImportCompetitorPricesAsync(c.StoreId(), c.GetArgument<List<CompetitorPriceInput>>("prices"), c.CancellationToken));

            m.Field<NonNullGraphType<StringGraphType>>("repriceProducts")
                .Description("Runs the optimizer now for the given products (all when omitted): proposals in RECOMMEND_ONLY mode, changes in AUTOMATIC. Returns the outcome line.")
                .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("productIds", "Products to reprice.")
                .ResolveAsync(async c => (await c.Service<PricingService>().RepriceAsync(c.StoreId(), c.GetArgument<List<string>?>("productIds"), c.CancellationToken)).Outcome);

            m.Field<NonNullGraphType<AppliedMarkdownType>>("applyMarkdownPlan")
                .Description("Plans (as markdownPlan) and applies a markdown: each step is proposed for approval (RECOMMEND_ONLY) or set (AUTOMATIC) on its day, re-checked against the guardrails then; the optimizer leaves the product alone meanwhile. Steps due today are submitted at once.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .Argument<NonNullGraphType<FloatGraphType>>("targetSellThrough", "Share of today's stock to sell, in (0, 1].")
                .Argument<NonNullGraphType<CalendarDateGraphType>>("by", "Target date, after the store's current day.")
                .Argument<PricingModeType>("mode", "RECOMMEND_ONLY or AUTOMATIC (default: the store's pricing mode).")
                .ResolveAsync(async c =>
                {
                    var mode = c.GetArgument<PricingMode?>("mode") ?? (await c.Service<PricingService>().SettingsAsync(c.StoreId(), c.CancellationToken)).Mode;
                    return await c.Service<Markdown.MarkdownService>().ApplyAsync(c.StoreId(), c.GetArgument<string>("productId"),
                        c.GetArgument<double>("targetSellThrough"), c.GetArgument<DateOnly>("by"), mode == PricingMode.Automatic, c.CancellationToken);
                });

            m.Field<NonNullGraphType<BooleanGraphType>>("cancelMarkdownPlan")
                .Description("Stops a product's applied markdown plan (prices already set stay); false when none was active.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .ResolveAsync(async c => await c.Service<Markdown.MarkdownService>().CancelAsync(c.StoreId(), c.GetArgument<string>("productId"), c.CancellationToken));

            m.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PricingHistoryEntryType>>>>("approvePriceProposal")
                .Description("Approves a product's pending proposal: the guardrails are checked again now, then the price changes for everyone. Returns the price history, newest first.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .ResolveAsync(async c => (await c.Service<PricingService>().ApproveAsync(c.StoreId(), c.GetArgument<string>("productId"), c.CancellationToken)).History.AsEnumerable().Reverse().ToList());

            m.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PricingHistoryEntryType>>>>("rejectPriceProposal")
                .Description("Rejects a product's pending proposal. Returns the price history, newest first.")
                .Argument<NonNullGraphType<IdGraphType>>("productId", "The product id.")
                .Argument<StringGraphType>("note", "Why (shown in the history).")
                .ResolveAsync(async c => (await c.Service<PricingService>().RejectAsync(c.StoreId(), c.GetArgument<string>("productId"), c.GetArgument<string?>("note"), c.CancellationToken)).History.AsEnumerable().Reverse().ToList());
        });
    }

    private static async Task RequireProduct(IResolveFieldContext c, string productId)
    {
        if (await c.Service<ProductCatalog>().FindAsync(c.StoreId(), productId, c.CancellationToken) is null)
            throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' is not a product of this store.", "productId");
    }
}

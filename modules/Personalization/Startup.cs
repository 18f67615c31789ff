using GraphQL;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RetailCommerce.Admin;
using RetailCommerce.GraphQL;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Personalization.Abandonment;
using RetailCommerce.Modules.Personalization.Content;
using RetailCommerce.Modules.Personalization.Experiments;
using RetailCommerce.Modules.Personalization.GraphQL;
using RetailCommerce.Modules.Personalization.Segments;
using RetailCommerce.Modules.Personalization.Sessions;
using RetailCommerce.Security;

namespace RetailCommerce.Modules.Personalization;

/// <summary>Wires the Personalization module: segments, content slots, experiments, session models, jobs, GraphQL and admin.</summary>
public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PersonalizationOptions>(configuration.GetSection(PersonalizationOptions.Section));
        services.AddHttpClient(AbandonedCartsJob.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<ExposureWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ExposureWriter>());
        services.AddSingleton<ExperimentService>();
        services.AddSingleton<LiveStreams>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveStreams>());
        services.AddSingleton<SessionReader>();
        services.AddSingleton<SessionModels>();
        services.AddSingleton<SessionInsights>();
        services.AddSingleton<ShopperSegments>();
        services.AddSingleton<Segmentation>();
        services.AddSingleton<ContentPersonalizer>();
    }

    public override void ConfigureMarten(StoreOptions options)
    {
        options.Schema.For<Experiment>();
        options.Schema.For<ExperimentExposure>().Index(e => e.ExperimentId);
        options.Schema.For<ContentSlot>();
        options.Schema.For<RuleSegment>();
        options.Schema.For<PersonalizationProfile>();
        options.Schema.For<SegmentationSummary>();
        options.Schema.For<SessionModelSnapshot>();
        options.Schema.For<AbandonedCartNotice>();
        options.Events.AddEventType<CartAbandoned>();
    }

    public override void ConfigureJobs(ModuleJobs jobs)
    {
        jobs.Add<SegmentCustomers>("personalization.segments", "0 15 3 * * ?", "Scores RFM quintiles, clusters customers by engagement (KMeans) and refreshes rule-segment profiles");
        jobs.Add<TrainSessionModels>("personalization.train-sessions", "0 45 3 * * ?", "Retrains the conversion-propensity and cart-abandonment models (LightGBM) with a time-based holdout");
        jobs.Add<AbandonedCartsJob>("personalization.abandoned-carts", "0 */10 * * * ?", "Detects abandoned carts, emits CartAbandoned events and a signed webhook with the recommended recovery");
    }

    public override void ConfigureAdmin(ModuleAdmin admin) => admin.AddPage("Personalization", "/admin/personalization");

    public override void ConfigureGraphQL(ModuleGraph graph)
    {
        graph.StorefrontQuery(q =>
        {
            q.Field<NonNullGraphType<ContentChoiceType>>("personalizedContent")
                .Description("The variant of a content slot for this shopper, with the reason. Without Personalization consent, or with a customerId but without that customer's X-Customer-Token, the default variant.")
                .Argument<NonNullGraphType<StringGraphType>>("slot", "Slot id.")
                .Argument<IdGraphType>("customerId", "The signed-in customer (needs their X-Customer-Token on storefront calls).")
                .Argument<StringGraphType>("sessionId", "The browsing session.")
                .Argument<ContextInputType>("context", "Device, referrer, country, time.")
                .ResolveAsync(async c =>
                {
                    var storeId = c.StoreId();
                    var personalizer = c.Service<ContentPersonalizer>();
                    var slotId = c.GetArgument<string>("slot");
                    var slot = await personalizer.FindAsync(storeId, slotId, c.CancellationToken)
                        ?? throw new RetailError(ErrorCodes.NotFound, $"slot: no content slot '{slotId}'.", "slot");
                    var customerId = c.GetArgument<string?>("customerId");
                    if (customerId is not null)
                    {
                        try { customerId = c.RequireCustomer(); }
                        catch (RetailError e) when (e.Code is ErrorCodes.Forbidden or ErrorCodes.Unauthenticated)
                        {
                            return ContentPersonalizer.Default(slot, "customerId without that customer's X-Customer-Token: default content");
                        }
                    }
                    return await personalizer.ChooseAsync(storeId, slot, customerId, Session(c), Context(c), c.CancellationToken);
                });

            q.Field<NonNullGraphType<ShopperSegmentsType>>("segments")
                .Description("A shopper's segments: live session segments, RFM scores, behavioural cluster, Loyalty value segment and matching rule segments. A customer's needs their X-Customer-Token on storefront calls; without Personalization consent nothing personal is returned.")
                .Argument<IdGraphType>("customerId", "The customer.")
                .Argument<StringGraphType>("sessionId", "The browsing session.")
                .Argument<ContextInputType>("context", "Device, referrer, country (for rule segments on them).")
                .ResolveAsync(async c =>
                {
                    var customerId = c.GetArgument<string?>("customerId") is null ? null : c.RequireCustomer();
                    var sessionId = Session(c);
                    if (customerId is null && sessionId is null) throw new RetailError(ErrorCodes.BadUserInput, "customerId: give a customerId, a sessionId or both.", "customerId");
                    return await c.Service<ShopperSegments>().ForAsync(c.StoreId(), customerId, sessionId, Context(c), c.CancellationToken);
                });

            q.Field<NonNullGraphType<SessionInsightType>>("sessionInsight")
                .Description("Real-time conversion propensity and cart-abandonment probability of a session (LightGBM on session features), with its live segments.")
                .Argument<NonNullGraphType<StringGraphType>>("sessionId", "The browsing session.")
                .Argument<IdGraphType>("customerId", "The signed-in customer, when the session's events carry one (needs their X-Customer-Token).")
                .ResolveAsync(async c =>
                {
                    var customerId = c.GetArgument<string?>("customerId") is null ? null : c.RequireCustomer();
                    return await c.Service<SessionInsights>().ForAsync(c.StoreId(), Session(c), customerId, c.CancellationToken);
                });

            q.Field<ExperimentAssignmentType>("experimentVariant")
                .Description("The variant of an experiment (on a slot or any decision, e.g. a recommendation strategy) this visitor gets: sticky per customer or session; records the exposure. Null for an unknown experiment.")
                .Argument<NonNullGraphType<StringGraphType>>("experimentId", "Experiment id.")
                .Argument<IdGraphType>("customerId", "The signed-in customer (needs their X-Customer-Token).")
                .Argument<StringGraphType>("sessionId", "The browsing session.")
                .Argument<ContextInputType>("context", "Context, used by contextual bandits via the shopper's segments.")
                .ResolveAsync(async c =>
                {
                    var storeId = c.StoreId();
                    var customerId = c.GetArgument<string?>("customerId") is null ? null : c.RequireCustomer();
                    var sessionId = Session(c);
                    var experiment = await c.Service<ExperimentService>().FindAsync(storeId, c.GetArgument<string>("experimentId"), c.CancellationToken);
                    string? context = null;
                    if (experiment?.Mode == ExperimentMode.ContextualBandit)
                        context = (await c.Service<ShopperSegments>().ForAsync(storeId, customerId, sessionId, Context(c), c.CancellationToken)).PrimaryContext;
                    return experiment is null ? null
                        : await c.Service<ExperimentService>().AssignAsync(storeId, experiment.Id, new Visitor(customerId, sessionId), context, c.CancellationToken);
                });
        });

        graph.AdminQuery(q =>
        {
            q.Field<ExperimentType>("experiment")
                .Description("An experiment's results: exposures, attributed conversions and revenue, lift with 95% CI, probability to be best, and the stopping rules' verdict. Null for an unknown id.")
                .Argument<NonNullGraphType<StringGraphType>>("id", "Experiment id.")
                .ResolveAsync(async c => await c.Service<ExperimentService>().ReportAsync(c.StoreId(), c.GetArgument<string>("id"), c.CancellationToken));

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("experiments")
                .Description("Ids of the store's experiments, newest first.")
                .ResolveAsync(async c => (await c.Service<ExperimentService>().ListAsync(c.StoreId(), c.CancellationToken)).Select(e => e.Id).ToList());

            q.Field<SegmentationSummaryType>("segmentSummary")
                .Description("The last segmentation run: customers, buyers, behavioural clusters with their centroids. Null before the first run.")
                .ResolveAsync(async c =>
                {
                    await using var read = c.Service<Persistence.StoreSessions>().Read(c.StoreId());
                    return await read.LoadAsync<SegmentationSummary>(SegmentationSummary.DocumentId, c.CancellationToken);
                });
        });

        graph.AdminMutation(m =>
        {
            m.Field<NonNullGraphType<ExperimentType>>("saveExperiment")
                .Description("Creates or replaces an experiment and starts it (a replaced one keeps its start and exposures).")
                .Argument<NonNullGraphType<ExperimentInputType>>("experiment", "The experiment.")
                .ResolveAsync(async c =>
                {
                    var input = c.GetArgument<ExperimentInput>("experiment");
                    var defaults = c.Service<IOptions<PersonalizationOptions>>().Value;
                    var experiment = new Experiment
                    {
                        Id = input.Id?.Trim() ?? "", Name = string.IsNullOrWhiteSpace(input.Name) ? input.Id?.Trim() ?? "" : input.Name.Trim(), Target = input.Target?.Trim() ?? "",
                        Variants = (input.Variants ?? []).Select(v => new ExperimentArm { Key = v.Key?.Trim() ?? "", Weight = v.Weight ?? 1 }).ToList(),
                        Mode = input.Mode ?? ExperimentMode.AbTest, AttributionWindowHours = input.AttributionWindowHours ?? defaults.AttributionWindowHours,
                        MinimumDetectableEffect = input.MinimumDetectableEffect ?? 0.1,
                    };
                    var service = c.Service<ExperimentService>();
                    await service.SaveAsync(c.StoreId(), experiment, c.CancellationToken);
                    return await service.ReportAsync(c.StoreId(), experiment.Id, c.CancellationToken);
                });

            m.Field<NonNullGraphType<ExperimentType>>("stopExperiment")
                .Description("Stops an experiment: everyone gets serve (default: the winner, else control).")
                .Argument<NonNullGraphType<StringGraphType>>("id", "Experiment id.")
                .Argument<StringGraphType>("serve", "The variant to serve from now on.")
                .ResolveAsync(async c => await c.Service<ExperimentService>().StopAsync(c.StoreId(), c.GetArgument<string>("id"), c.GetArgument<string?>("serve"), null, c.CancellationToken));

            m.Field<NonNullGraphType<StringGraphType>>("saveContentSlot")
                .Description("Creates or replaces a content slot with its targeted variants. Returns the slot id.")
                .Argument<NonNullGraphType<ContentSlotInputType>>("slot", "The slot.")
                .ResolveAsync(async c =>
                {
                    var input = c.GetArgument<ContentSlotInput>("slot");
                    var slot = new ContentSlot
                    {
                        Id = input.Id?.Trim() ?? "", Name = input.Name ?? input.Id ?? "", DefaultVariant = input.DefaultVariant ?? "", ExperimentId = input.ExperimentId,
                        Variants = (input.Variants ?? []).Select(v => new ContentVariant
                        {
                            Key = v.Key?.Trim() ?? "", Content = v.Content ?? "",
                            Targeting = new ContentTargeting
                            {
                                Segments = v.Segments ?? [], Devices = v.Devices ?? [], Referrers = v.Referrers ?? [], Countries = v.Countries ?? [],
                                HourFrom = v.HourFrom, HourTo = v.HourTo,
                            },
                        }).ToList(),
                    };
                    await c.Service<ContentPersonalizer>().SaveAsync(c.StoreId(), slot, c.CancellationToken);
                    return slot.Id;
                });

            m.Field<NonNullGraphType<StringGraphType>>("saveRuleSegment")
                .Description("Creates or replaces a merchant rule segment (structured conditions, no code). Returns its id.")
                .Argument<NonNullGraphType<RuleSegmentInputType>>("segment", "The segment.")
                .ResolveAsync(async c =>
                {
                    var input = c.GetArgument<RuleSegmentInput>("segment");
                    var rule = new RuleSegment
                    {
                        Id = input.Id?.Trim() ?? "", Name = input.Name ?? input.Id ?? "",
                        Conditions = (input.Conditions ?? []).Select(x => new RuleCondition { Field = x.Field ?? "", Operator = x.Operator ?? "", Value = x.Value ?? "" }).ToList(),
                    };
                    await c.Service<ShopperSegments>().SaveRuleAsync(c.StoreId(), rule, c.CancellationToken);
                    return rule.Id;
                });
        });
    }

    private static string? Session(IResolveFieldContext c)
    {
        var id = c.GetArgument<string?>("sessionId")?.Trim();
        if (string.IsNullOrEmpty(id)) return null;
        if (!Catalog.ProductValidation.IsValidId(id)) throw new RetailError(ErrorCodes.BadUserInput, "sessionId: letters, digits, . _ : - / only, at most 100 characters.", "sessionId");
        return id;
    }

    private static ShopperContext Context(IResolveFieldContext c)
    {
        var input = c.GetArgument<ContextInput?>("context");
        return new ShopperContext(input?.Device?.Trim().ToLowerInvariant(), input?.Referrer, input?.Country?.Trim().ToUpperInvariant(), input?.At);
    }
}

using RetailCommerce.Customers;
using GraphQL;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Admin;
using RetailCommerce.Consent;
using RetailCommerce.Decisions;
using RetailCommerce.GraphQL;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Governance.Consent;
using RetailCommerce.Modules.Governance.Decisions;
using RetailCommerce.Modules.Governance.Fairness;
using RetailCommerce.Modules.Governance.GraphQL;
using RetailCommerce.Modules.Governance.Privacy;
using RetailCommerce.Modules.Governance.Retention;
using RetailCommerce.Modules.Governance.Settings;
using RetailCommerce.Security;

namespace RetailCommerce.Modules.Governance;

/// <summary>Wires consent, export and erasure, retention, the decision log, fairness, disclosure and the admin page.</summary>
public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<GovernanceSettingsStore>();
        services.AddSingleton<ConsentBook>();
        // Registered after the platform's TryAdd defaults, so these win; both behave like the defaults in stores
        // where the module is not enabled.
        services.AddSingleton<IConsentCheck, GovernedConsentCheck>();
        services.AddSingleton<GovernedDecisionLog>();
        services.AddSingleton<IAiDecisionLog>(sp => sp.GetRequiredService<GovernedDecisionLog>());
        services.AddSingleton<StoreTables>();
        services.AddSingleton<CustomerFootprints>();
        services.AddSingleton<ICustomerDataHolder, DecisionLogHolder>();
        services.AddSingleton<CustomerDataExport>();
        services.AddSingleton<ErasureRequests>();
        services.AddSingleton<CustomerErasure>();
        services.AddSingleton<FairnessReporting>();
        services.AddSingleton<DpiaSummaries>();
    }

    public override void ConfigureMarten(StoreOptions options)
    {
        options.Schema.For<GovernanceSettings>();
        options.Schema.For<ErasureRecord>();
        options.Schema.For<CustomerConsent>();
        // Decisions are browsed by customer or product over a time range.
        options.Schema.For<AiDecisionRecord>().Index(d => d.CustomerId).Index(d => d.ProductId).Index(d => d.At);
        // One open request per customer and store, enforced by the database: OpenFor is the customer id while open, null after.
        options.Schema.For<ErasureRequest>().DocumentAlias(ErasureRequest.Alias)
            .UniqueIndex(UniqueIndexType.Computed, "governance_erasure_request_open", TenancyScope.PerTenant, r => r.OpenFor!)
            .Index(r => r.CustomerId);
        options.Events.AddEventTypes([typeof(ConsentGiven), typeof(ConsentWithdrawn), typeof(ErasureRequested), typeof(ErasureRequestCompleted)]);
        // Inline: a consent change is visible to the very next check, and an erasure request to the next request.
        options.Projections.Add<CustomerConsentProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ErasureRequestProjection>(ProjectionLifecycle.Inline);
    }

    public override void ConfigureJobs(ModuleJobs jobs) =>
        jobs.Add<RetentionJob>("governance.retention", "0 15 1 * * ?", "Applies retention periods: deletes or anonymizes older raw events and decisions");

    public override void ConfigureAdmin(ModuleAdmin admin) => admin.AddPage("Governance", "/admin/governance").SetSettingsPage("/admin/governance");

    public override void ConfigureGraphQL(ModuleGraph graph)
    {
        graph.StorefrontQuery(q =>
        {
            q.Field<NonNullGraphType<GovernanceConsentType>>("consent")
                .Description("A customer's consent per purpose (recorded choice or store default). A customer sees only their own (X-Customer-Token); admins any.")
                .Argument<NonNullGraphType<StringGraphType>>("customerId", "The customer id.")
                .ResolveAsync(async c => await c.Service<ConsentBook>().ViewAsync(c.StoreId(), c.RequireCustomer(), c.CancellationToken));

            q.Field<NonNullGraphType<JsonGraphType>>("exportCustomerData")
                .Description("Right of access: everything the store holds about a customer as one JSON document (record, profile, consent, events, module streams, AI decisions, every document mentioning them). A customer gets only their own (X-Customer-Token); admins any. NOT_FOUND when nothing is held.")
                .Argument<NonNullGraphType<StringGraphType>>("customerId", "The customer id.")
                .ResolveAsync(async c => await c.Service<CustomerDataExport>().ExportAsync(c.StoreId(), c.RequireCustomer(), c.CancellationToken));

            q.Field<NonNullGraphType<GovernanceAiDisclosureType>>("aiDisclosure")
                .Description("The store's texts on how AI is used, and the modules enabled, for the storefront to show.")
                .ResolveAsync(async c =>
                {
                    var storeId = c.StoreId();
                    var settings = await c.Service<GovernanceSettingsStore>().GetAsync(storeId, c.CancellationToken);
                    var enabled = await c.Service<ModuleActivation>().EnabledAsync(storeId, c.CancellationToken);
                    var features = c.Service<ModuleCatalog>().Modules.Where(m => enabled.Contains(m.Id)).Select(m => new AiFeatureView(m.Id, m.Name, m.Description)).ToList();
                    return new AiDisclosureView(settings.DisclosureSummary, settings.DisclosureSections, settings.DisclosureUpdatedAt, features);
                });

            q.Field<GovernanceDecisionType>("explainDecision")
                .Description("One AI decision with its explanation, or null. A signed-in customer may read decisions about themselves; admins any.")
                .Argument<NonNullGraphType<StringGraphType>>("id", "The decision id.")
                .ResolveAsync(async c =>
                {
                    var decision = await c.Service<GovernedDecisionLog>().FindAsync(c.StoreId(), c.GetArgument<string>("id"), c.CancellationToken);
                    var caller = c.Service<Caller>();
                    if (decision is null || caller.IsAdmin) return decision;
                    if (decision.CustomerId is not null && decision.CustomerId == caller.CustomerId) return decision;
                    throw new RetailError(ErrorCodes.Forbidden, "explainDecision: a signed-in customer may only read decisions about themselves.", "id");
                });
        });

        graph.StorefrontMutation(m =>
        {
            m.Field<NonNullGraphType<GovernanceErasureRequestType>>("requestErasure")
                .Description("Right to erasure, self-service: files a request for the merchant to erase everything the store holds about the customer. While a request is open, asking again returns the open one. The merchant acts on it (eraseCustomer or the admin page), which completes it. A customer may request only their own (X-Customer-Token); admins any.")
                .Argument<NonNullGraphType<StringGraphType>>("customerId", "The customer id.")
                .Argument<StringGraphType>("note", "Optional message to the merchant (at most 1000 characters).")
                .ResolveAsync(async c =>
                {
                    var customerId = c.RequireCustomer();
                    var source = c.Service<Caller>().IsAdmin ? "admin" : "storefront";
                    return await c.Service<ErasureRequests>().RequestAsync(c.StoreId(), customerId, c.GetArgument<string?>("note"), source, c.CancellationToken);
                });

            m.Field<NonNullGraphType<GovernanceConsentType>>("setConsent")
                .Description("Records a grant or withdrawal for one purpose (personalization, marketing, analytics, ai_assistant) as an event with policy version, time and source. A customer may change only their own (X-Customer-Token); admins any.")
                .Argument<NonNullGraphType<StringGraphType>>("customerId", "The customer id.")
                .Argument<NonNullGraphType<StringGraphType>>("purpose", "personalization, marketing, analytics or ai_assistant.")
                .Argument<NonNullGraphType<BooleanGraphType>>("granted", "True to grant, false to withdraw.")
                .Argument<NonNullGraphType<StringGraphType>>("policyVersion", "The version of the consent text the shopper saw (at most 64 characters).")
                .ResolveAsync(async c =>
                {
                    var customerId = c.RequireCustomer();
                    var purpose = ConsentPurposes.Parse(c.GetArgument<string>("purpose"));
                    var source = c.Service<Caller>().IsAdmin ? "admin" : "storefront";
                    return await c.Service<ConsentBook>().SetAsync(c.StoreId(), customerId, purpose, c.GetArgument<bool>("granted"),
                        c.GetArgument<string>("policyVersion") ?? "", source, c.CancellationToken);
                });
        });

        graph.AdminQuery(q =>
        {
            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceDecisionType>>>>("decisions")
                .Description("Logged AI decisions about a customer and/or a product between from and to, newest first.")
                .Argument<StringGraphType>("customerId", "The customer.")
                .Argument<StringGraphType>("productId", "The product.")
                .Argument<DateTimeOffsetGraphType>("from", "Earliest decision time.")
                .Argument<DateTimeOffsetGraphType>("to", "Latest decision time.")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<GovernedDecisionLog>().FindAsync(c.StoreId(), Blank(c.GetArgument<string?>("customerId")),
                    Blank(c.GetArgument<string?>("productId")), c.GetArgument<DateTimeOffset?>("from"), c.GetArgument<DateTimeOffset?>("to"), c.PageSize(), c.CancellationToken));

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceErasureRequestType>>>>("erasureRequests")
                .Description("Erasure requests: open ones oldest first (the most urgent on top, overdue ones flagged), then completed ones newest first.")
                .Argument<BooleanGraphType>("open", "True: only open requests; false: only completed ones; omitted: both.")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<ErasureRequests>().ListAsync(c.StoreId(), c.GetArgument<bool?>("open"), c.PageSize(), c.CancellationToken));

            q.Field<NonNullGraphType<GovernanceSettingsType>>("governanceSettings")
                .Description("The store's consent defaults, regions, retention periods and protected attributes.")
                .ResolveAsync(async c => new GovernanceSettingsView(await c.Service<GovernanceSettingsStore>().GetAsync(c.StoreId(), c.CancellationToken)));

            q.Field<NonNullGraphType<GovernanceFairnessReportType>>("fairnessReport")
                .Description("Price consistency, recommendation exposure and protected-attribute use from the decision log (default: the last 30 days).")
                .Argument<DateTimeOffsetGraphType>("from", "Start (default: 30 days before to).")
                .Argument<DateTimeOffsetGraphType>("to", "End (default: now).")
                .ResolveAsync(async c =>
                {
                    var to = c.GetArgument<DateTimeOffset?>("to") ?? c.Service<TimeProvider>().GetUtcNow();
                    var from = c.GetArgument<DateTimeOffset?>("from") ?? to.AddDays(-30);
                    if (from > to) throw new RetailError(ErrorCodes.BadUserInput, "from: must not be after to.", "from");
                    return await c.Service<FairnessReporting>().BuildAsync(c.StoreId(), from, to, c.CancellationToken);
                });

            q.Field<NonNullGraphType<GovernanceDpiaType>>("dpiaSummary")
                .Description("A DPIA-style summary: enabled modules, the data they keep, purposes and retention.")
                .ResolveAsync(async c => await c.Service<DpiaSummaries>().BuildAsync(c.StoreId(), c.CancellationToken));
        });

        graph.AdminMutation(m =>
        {
            m.Field<NonNullGraphType<ErasureReportType>>("eraseCustomer")
                .Description("Right to erasure: removes or irreversibly anonymizes the customer's personal data everywhere (record, events, profiles, consent, module streams, decisions, documents); aggregates stay correct. NOT_FOUND (nothing changed) when nothing is held.")
                .Argument<NonNullGraphType<StringGraphType>>("customerId", "The customer id.")
                .ResolveAsync(async c => await c.Service<CustomerErasure>().EraseAsync(c.StoreId(), c.RequireCustomer(), c.CancellationToken));

            m.Field<NonNullGraphType<GovernanceSettingsType>>("setConsentDefault")
                .Description("Sets the default mode of a purpose for the store, or for a region (a named list of countries) when region is given.")
                .Argument<NonNullGraphType<StringGraphType>>("purpose", "personalization, marketing, analytics or ai_assistant.")
                .Argument<NonNullGraphType<GovernanceConsentModeType>>("mode", "OPT_IN or OPT_OUT.")
                .Argument<StringGraphType>("region", "Region name (omit for the store default).")
                .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("countries", "The region's ISO country codes (replaces the list when given).")
                .ResolveAsync(async c =>
                {
                    var purpose = ConsentPurposes.NameOf(ConsentPurposes.Parse(c.GetArgument<string>("purpose")));
                    var mode = c.GetArgument<ConsentMode>("mode");
                    var region = Blank(c.GetArgument<string?>("region"));
                    var countries = c.GetArgument<List<string>?>("countries")?.Select(x => x.Trim().ToUpperInvariant()).ToList();
                    if (countries?.Any(x => x.Length != 2 || !x.All(char.IsAsciiLetter)) == true)
                        throw new RetailError(ErrorCodes.BadUserInput, "countries: ISO 3166-1 alpha-2 codes such as 'DE'.", "countries");
                    if (region is { Length: > 100 }) throw new RetailError(ErrorCodes.BadUserInput, "region: at most 100 characters.", "region");
                    return new GovernanceSettingsView(await c.Service<GovernanceSettingsStore>().UpdateAsync(c.StoreId(), s => SetDefault(s, purpose, mode, region, countries), c.CancellationToken));
                });

            m.Field<NonNullGraphType<GovernanceSettingsType>>("setErasureDeadline")
                .Description("Sets how many days the store has to act on an erasure request before it is flagged overdue (default 30, GDPR's one month).")
                .Argument<NonNullGraphType<IntGraphType>>("days", "Days, 1-90.")
                .ResolveAsync(async c =>
                {
                    var days = c.GetArgument<int>("days");
                    CheckDeadline(days);
                    return new GovernanceSettingsView(await c.Service<GovernanceSettingsStore>().UpdateAsync(c.StoreId(), s => s.ErasureDeadlineDays = days, c.CancellationToken));
                });

            m.Field<NonNullGraphType<GovernanceSettingsType>>("setRetention")
                .Description("Sets how many days (store clock) a data kind is kept: events, search_text or decisions. Null or 0 keeps it until erasure. Applied by the governance.retention job.")
                .Argument<NonNullGraphType<StringGraphType>>("kind", "events, search_text or decisions.")
                .Argument<IntGraphType>("days", "Days to keep, 1-36500; null or 0 = keep.")
                .ResolveAsync(async c =>
                {
                    var kind = c.GetArgument<string>("kind")?.Trim().ToLowerInvariant() ?? "";
                    if (!RetentionKinds.All.ContainsKey(kind))
                        throw new RetailError(ErrorCodes.BadUserInput, $"kind: '{kind}' is not one of {string.Join(", ", RetentionKinds.All.Keys)}.", "kind");
                    var days = c.GetArgument<int?>("days") ?? 0;
                    if (days is < 0 or > 36_500) throw new RetailError(ErrorCodes.BadUserInput, "days: between 0 and 36500.", "days");
                    return new GovernanceSettingsView(await c.Service<GovernanceSettingsStore>().UpdateAsync(c.StoreId(), s =>
                    {
                        if (days == 0) s.RetentionDays.Remove(kind); else s.RetentionDays[kind] = days;
                    }, c.CancellationToken));
                });

            m.Field<NonNullGraphType<GovernanceAiDisclosureType>>("setAiDisclosure")
                .Description("Sets the storefront's AI disclosure texts.")
                .Argument<NonNullGraphType<StringGraphType>>("summary", "Short statement (at most 2000 characters).")
                .Argument<ListGraphType<NonNullGraphType<GovernanceDisclosureSectionInputType>>>("sections", "Details per topic (at most 20).")
                .ResolveAsync(async c =>
                {
                    var summary = c.GetArgument<string>("summary")?.Trim() ?? "";
                    var sections = c.GetArgument<List<DisclosureSection>?>("sections") ?? [];
                    if (summary.Length is 0 or > 2_000) throw new RetailError(ErrorCodes.BadUserInput, "summary: required, at most 2000 characters.", "summary");
                    if (sections.Count > 20 || sections.Any(s => s.Topic.Length is 0 or > 100 || s.Text.Length > 4_000))
                        throw new RetailError(ErrorCodes.BadUserInput, "sections: at most 20, each with a topic (1-100 characters) and text (at most 4000).", "sections");
                    var storeId = c.StoreId();
                    var settings = await c.Service<GovernanceSettingsStore>().UpdateAsync(storeId, s =>
                    {
                        s.DisclosureSummary = summary;
                        s.DisclosureSections = sections;
                        s.DisclosureUpdatedAt = c.Service<TimeProvider>().GetUtcNow();
                    }, c.CancellationToken);
                    var enabled = await c.Service<ModuleActivation>().EnabledAsync(storeId, c.CancellationToken);
                    return new AiDisclosureView(settings.DisclosureSummary, settings.DisclosureSections, settings.DisclosureUpdatedAt,
                        c.Service<ModuleCatalog>().Modules.Where(x => enabled.Contains(x.Id)).Select(x => new AiFeatureView(x.Id, x.Name, x.Description)).ToList());
                });
        });
    }

    /// <summary>Applies a default-mode change (shared with the admin page).</summary>
    internal static void SetDefault(GovernanceSettings s, string purpose, ConsentMode mode, string? region, List<string>? countries)
    {
        if (region is null) { s.Defaults[purpose] = mode; return; }
        var r = s.Regions.FirstOrDefault(x => x.Name.Equals(region, StringComparison.OrdinalIgnoreCase));
        if (r is null) s.Regions.Add(r = new ConsentRegion { Name = region });
        if (countries is not null) r.Countries = countries;
        r.Modes[purpose] = mode;
    }

    /// <summary>Checks an erasure deadline (shared with the admin page).</summary>
    internal static void CheckDeadline(int days)
    {
        if (days is < ErasureRequests.MinDeadlineDays or > ErasureRequests.MaxDeadlineDays)
            throw new RetailError(ErrorCodes.BadUserInput, $"days: between {ErasureRequests.MinDeadlineDays} and {ErasureRequests.MaxDeadlineDays}.", "days");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

using RetailCommerce.Admin;
using RetailCommerce.Customers;
using GraphQL;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RetailCommerce.GraphQL;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Loyalty.GraphQL;
using RetailCommerce.Modules.Loyalty.Program;
using RetailCommerce.Modules.Loyalty.Segments;
using RetailCommerce.Modules.Loyalty.Value;
using RetailCommerce.Persistence;
using RetailCommerce.Security;

namespace RetailCommerce.Modules.Loyalty;

/// <summary>Wires the Loyalty module: value models, segments, points ledgers, jobs and GraphQL fields.</summary>
public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LoyaltyOptions>(configuration.GetSection(LoyaltyOptions.Section));
        services.AddHttpClient(AtRiskWebhook.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<StoreHistory>();
        services.AddSingleton<AtRiskWebhook>();
        services.AddSingleton<CustomerValueFitting>();
        services.AddSingleton<CustomerSegments>();
        services.AddSingleton<ICustomerSegments>(sp => sp.GetRequiredService<CustomerSegments>());
        services.AddSingleton<PointsBook>();
        services.AddSingleton<RetailCommerce.Shopping.ILoyaltyBalance, LoyaltyBalanceForOthers>();
        services.AddSingleton<PurchasePoints>();
    }

    public override void ConfigureMarten(StoreOptions options)
    {
        options.Schema.For<LifetimeModelFit>();
        options.Schema.For<CustomerValue>().Index(v => v.Segment);
        options.Schema.For<AtRiskAlert>();
        options.Schema.For<LoyaltyProgram>();
        options.Schema.For<PointsCheckpoint>();
        options.Schema.For<PointsLedger>();
        options.Events.AddEventTypes([typeof(PointsEarned), typeof(BonusPointsAwarded), typeof(PointsRedeemed), typeof(PointsExpired), typeof(PointsReversed)]);
        // Inline: the ledger document commits with its events, so reads see the balance the ledger sums to.
        options.Projections.Add<PointsLedgerProjection>(ProjectionLifecycle.Inline);
    }

    public override void ConfigureAdmin(ModuleAdmin admin) =>
        admin.AddPage("Loyalty", "/admin/loyalty")
            .SetSettingsPage("/admin/loyalty/settings");

    public override void ConfigureJobs(ModuleJobs jobs)
    {
        jobs.Add<FitLifetimeModels>("loyalty.fit-clv", "0 30 2 * * ?", "Fits BG/NBD, Gamma-Gamma and the churn model; scores and segments every customer");
        jobs.Add<AwardPurchasePoints>("loyalty.points", "0 */5 * * * ?", "Books points for purchases, reverses them for returns, expires due points");
    }

    public override void ConfigureGraphQL(ModuleGraph graph)
    {
        graph.StorefrontQuery(q =>
        {
            q.Field<CustomerValueType>("customerValue")
                .Description("A customer's expected purchases (90/365 days), probability alive, lifetime value, churn risk and segment at the last fit; null before the customer is scored. A customer sees only their own: storefront calls need that customer's X-Customer-Token; admins may read any customer.")
                .Argument<NonNullGraphType<IdGraphType>>("customerId", "The customer id.")
                .ResolveAsync(async c =>
                {
                    var customerId = c.RequireCustomer();
                    await using var session = c.Service<StoreSessions>().Read(c.StoreId());
                    return await session.LoadAsync<CustomerValue>(customerId, c.CancellationToken);
                });

            q.Field<NonNullGraphType<LoyaltyAccountType>>("loyalty")
                .Description("A customer's points account: balance, tier and history. A customer sees only their own: storefront calls need that customer's X-Customer-Token; admins may read any customer.")
                .Argument<NonNullGraphType<IdGraphType>>("customerId", "The customer id.")
                .ResolveAsync(async c =>
                {
                    var customerId = c.RequireCustomer();
                    return await Account(c, customerId, await c.Service<PointsBook>().LedgerAsync(c.StoreId(), customerId, c.CancellationToken));
                });
        });

        graph.AdminQuery(q =>
        {
            q.Field<ClvModelType>("clvModel")
                .Description("The store's latest lifetime-model fit (parameters, fit date, log-likelihood, churn AUCs); null before the first fit.")
                .ResolveAsync(async c =>
                {
                    await using var session = c.Service<StoreSessions>().Read(c.StoreId());
                    return await session.LoadAsync<LifetimeModelFit>(LifetimeModelFit.DocumentId, c.CancellationToken);
                });

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomerValueType>>>>("customerValues")
                .Description("Scored customers, highest lifetime value first, optionally of one segment (e.g. CHAMPION for top value, AT_RISK for win-back lists).")
                .Argument<CustomerSegmentType>("segment", "Only this segment.")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<CustomerSegments>().ListAsync(c.StoreId(), c.GetArgument<CustomerSegment?>("segment"), c.PageSize(), c.CancellationToken));
        });

        graph.AdminMutation(m =>
        {
            m.Field<NonNullGraphType<ClvFitResultType>>("fitCustomerValue")
                .Description("Fits the lifetime and churn models now and rescores every customer, as of asOf or the store's latest event. Same as runJob(id: \"loyalty.fit-clv\") with a chosen observation end.")
                .Argument<DateTimeOffsetGraphType>("asOf", "Observation end (store time); default: the store's latest event.")
                .ResolveAsync(async c =>
                {
                    var run = await c.Service<CustomerValueFitting>().FitAsync(c.StoreId(), c.GetArgument<DateTimeOffset?>("asOf"), c.CancellationToken);
                    return new FitResultView(run.Outcome, run.Fit);
                });

            m.Field<NonNullGraphType<LoyaltyAccountType>>("awardPoints")
                .Description("Awards points to a customer (goodwill, corrections). They expire like purchase points.")
                .Argument<NonNullGraphType<IdGraphType>>("customerId", "The customer id.")
                .Argument<NonNullGraphType<IntGraphType>>("points", "Points to add, greater than 0.")
                .Argument<StringGraphType>("reason", "Why (shown in the history).")
                .ResolveAsync(async c =>
                {
                    var customerId = c.RequireCustomer();
                    var ledger = await c.Service<PointsBook>().AwardAsync(c.StoreId(), customerId, c.GetArgument<int>("points"), Limit(c, "reason"), c.CancellationToken);
                    return await Account(c, customerId, ledger);
                });

            m.Field<NonNullGraphType<LoyaltyAccountType>>("redeemPoints")
                .Description("Spends a customer's points. Refused (BAD_USER_INPUT, field points) when the balance is short; concurrent redemptions never spend the same points twice.")
                .Argument<NonNullGraphType<IdGraphType>>("customerId", "The customer id.")
                .Argument<NonNullGraphType<IntGraphType>>("points", "Points to spend, greater than 0.")
                .Argument<StringGraphType>("reference", "Your reference (voucher, order), shown in the history.")
                .ResolveAsync(async c =>
                {
                    var customerId = c.RequireCustomer();
                    var ledger = await c.Service<PointsBook>().RedeemAsync(c.StoreId(), customerId, c.GetArgument<int>("points"), Limit(c, "reference"), c.CancellationToken);
                    return await Account(c, customerId, ledger);
                });

            m.Field<NonNullGraphType<StringGraphType>>("saveBonusCampaign")
                .Description("Creates or replaces a bonus campaign (by id): purchases between startsAt and endsAt, optionally in one category, earn multiplier × the base points. Returns the campaign id.")
                .Argument<NonNullGraphType<StringGraphType>>("id", "Campaign id.")
                .Argument<NonNullGraphType<StringGraphType>>("name", "Name shown to merchants.")
                .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("startsAt", "First moment (inclusive).")
                .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("endsAt", "Last moment (exclusive).")
                .Argument<NonNullGraphType<FloatGraphType>>("multiplier", "Total points as a multiple of the base points, above 1 (2 = double points).")
                .Argument<StringGraphType>("category", "Category path prefix, e.g. \"Outdoor > Shoes\"; omit for every purchase.")
                .ResolveAsync(async c =>
                {
                    var campaign = new BonusCampaign
                    {
                        Id = Limit(c, "id") ?? "", Name = Limit(c, "name") ?? "", StartsAt = c.GetArgument<DateTimeOffset>("startsAt"),
                        EndsAt = c.GetArgument<DateTimeOffset>("endsAt"), Multiplier = c.GetArgument<double>("multiplier"), Category = Limit(c, "category"),
                    };
                    if (campaign.Id.Length == 0) throw new RetailError(ErrorCodes.BadUserInput, "id: is required.", "id");
                    if (campaign.EndsAt <= campaign.StartsAt) throw new RetailError(ErrorCodes.BadUserInput, "endsAt: must be after startsAt.", "endsAt");
                    if (!(campaign.Multiplier > 1 && campaign.Multiplier <= 10)) throw new RetailError(ErrorCodes.BadUserInput, "multiplier: must be above 1 and at most 10.", "multiplier");
                    var book = c.Service<PointsBook>();
                    var program = await book.ProgramAsync(c.StoreId(), c.CancellationToken);
                    program.Campaigns.RemoveAll(x => x.Id == campaign.Id);
                    program.Campaigns.Add(campaign);
                    await book.SaveProgramAsync(c.StoreId(), program, c.CancellationToken);
                    return campaign.Id;
                });

            m.Field<NonNullGraphType<StringGraphType>>("setPointsEarnRule")
                .Description("Sets points per unit of currency, optionally for one category (path prefix; the most specific rule wins), and the expiry in days. Returns a summary.")
                .Argument<NonNullGraphType<FloatGraphType>>("pointsPerCurrencyUnit", "Points per unit spent (store-wide), or the multiplier for the category when category is given.")
                .Argument<StringGraphType>("category", "Category path prefix the rate applies to.")
                .Argument<IntGraphType>("expiryDays", "Days until earned points expire (0 = never).")
                .ResolveAsync(async c =>
                {
                    var program = await c.Service<PointsBook>().SetEarnRuleAsync(c.StoreId(), c.GetArgument<double>("pointsPerCurrencyUnit"),
                        c.GetArgument<string?>("category"), c.GetArgument<int?>("expiryDays"), c.CancellationToken);
                    return $"{program.PointsPerCurrencyUnit} points per unit; {program.CategoryRules.Count} category rule(s); expiry {(program.ExpiryDays == 0 ? "never" : program.ExpiryDays + " days")}";
                });
        });
    }

    private static async Task<LoyaltyAccountView> Account(IResolveFieldContext c, string customerId, PointsLedger ledger)
    {
        var storeId = c.StoreId();
        var program = await c.Service<PointsBook>().ProgramAsync(storeId, c.CancellationToken);
        await using var session = c.Service<StoreSessions>().Read(storeId);
        var value = await session.LoadAsync<CustomerValue>(customerId, c.CancellationToken);
        return new LoyaltyAccountView(customerId, ledger, program, value, c.Service<Caller>().IsAdmin, c.Service<IOptions<LoyaltyOptions>>().Value);
    }

    private static string? Limit(IResolveFieldContext c, string argument, int max = 200)
    {
        var value = c.GetArgument<string?>(argument)?.Trim();
        if (value is { Length: > 0 } && value.Length > max)
            throw new RetailError(ErrorCodes.BadUserInput, $"{argument}: at most {max} characters.", argument);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}

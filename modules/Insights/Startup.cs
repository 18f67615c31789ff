using GraphQL;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Tracking;
using RetailCommerce.Admin;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Insights.Admin;
using RetailCommerce.Modules.Insights.GraphQL;
using RetailCommerce.GraphQL.Types;
using RetailCommerce.Modules.Insights.Projections;
using RetailCommerce.Modules.Insights.Reporting;

namespace RetailCommerce.Modules.Insights;

/// <summary>Registers the Insights projections, the report reader and the admin <c>insights</c> field.</summary>
public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<InsightsReader>();

    public override void ConfigureMarten(StoreOptions options)
    {
        // Every report filters on a day range; a real, indexed column keeps that off the JSON.
        options.Schema.For<StoreDay>().Duplicate(d => d.Day, pgType: "date");
        options.Schema.For<SearchDay>().Duplicate(d => d.Day, pgType: "date");

        // Async like the platform's own projections: tracking stays one insert per event, and the daemon
        // catches the KPIs up moments later.
        options.Projections.AddShopperActivity<StoreDayProjection>();
        foreach (var table in ShopperDayFacts.Tables(options.DatabaseSchemaName)) options.Storage.ExtendedSchemaObjects.Add(table);
        options.Projections.AddShopperActivity(new ShopperDayFacts(options.DatabaseSchemaName),
            ShopperDayFacts.SessionTable, ShopperDayFacts.VisitorTable, ShopperDayFacts.OrderTable);
        options.Projections.AddShopperActivity<SearchDayProjection>();
    }

    public override void ConfigureGraphQL(ModuleGraph graph) =>
        graph.AdminQuery(q => q.Field<NonNullGraphType<InsightsType>>("insights")
            .Description($"The store's KPIs for the UTC days from..to (inclusive, at most {ReportingPeriod.MaxDays} days): totals, conversion funnel, daily series, top products and top searches.")
            .Argument<NonNullGraphType<CalendarDateGraphType>>("from", "First day (yyyy-MM-dd, UTC).")
            .Argument<NonNullGraphType<CalendarDateGraphType>>("to", "Last day (yyyy-MM-dd, UTC), not before from.")
            .Resolve(c => new InsightsQuery(c.StoreId(),
                ReportingPeriod.Of(c.GetArgument<DateOnly>("from"), c.GetArgument<DateOnly>("to")),
                c.Service<InsightsReader>(), c.CancellationToken)));

    public override void ConfigureAdmin(ModuleAdmin admin) =>
        admin.AddDashboardCard<InsightsCard>("Insights, last 30 days", order: 0)
            .AddPage("Insights", "/admin/insights");
}

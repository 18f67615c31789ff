using Microsoft.AspNetCore.DataProtection;
using GraphQL;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Quartz;
using RetailCommerce.Catalog;
using RetailCommerce.Consent;
using RetailCommerce.Customers;
using RetailCommerce.Diagnostics;
using RetailCommerce.GraphQL;
using RetailCommerce.Http;
using RetailCommerce.Jobs;
using RetailCommerce.Modules;
using RetailCommerce.Persistence;
using RetailCommerce.Security;
using RetailCommerce.Admin;
using RetailCommerce.Decisions;
using RetailCommerce.Stores;
using RetailCommerce.Tracking;

namespace RetailCommerce.Hosting;

/// <summary>The host in two calls: <see cref="AddRetailCommerce"/> on the builder and <see cref="UseRetailCommerce"/> on the app.</summary>
public static class RetailCommerceHost
{
    /// <summary>
    /// Registers the platform and every discovered module. Without <c>ConnectionStrings:Retail</c> it starts a
    /// private PostgreSQL cluster under <c>Retail:DataDir</c> first (stopped when the app stops).
    /// </summary>
    public static WebApplicationBuilder AddRetailCommerce(this WebApplicationBuilder builder, ModuleCatalog? catalog = null)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var options = configuration.GetSection(RetailOptions.Section).Get<RetailOptions>() ?? new RetailOptions();
        options.DataDir ??= Path.Combine(builder.Environment.ContentRootPath, "App_Data");
        services.Configure<RetailOptions>(configuration.GetSection(RetailOptions.Section));
        services.PostConfigure<RetailOptions>(o => o.DataDir ??= options.DataDir);
        catalog ??= ModuleCatalog.Discover();
        services.AddSingleton(catalog);

        var connectionString = configuration.GetConnectionString("Retail");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            using var loggerFactory = LoggerFactory.Create(l => l.AddConsole());
            var cluster = PrivatePostgresCluster.Start(options.DataDir, loggerFactory.CreateLogger<PrivatePostgresCluster>());
            services.AddSingleton(cluster);
            connectionString = cluster.ConnectionString;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RetailMetrics>();
        services.AddScoped<Caller>();
        services.AddSingleton<StoreSessions>();
        services.AddSingleton<StoreDirectory>();
        services.AddSingleton<StoreStatistics>();
        // Keys for customer tokens (and the admin UI's cookies) live in the data folder; instances behind a load
        // balancer must share that folder (or configure another key store) to accept each other's tokens.
        services.AddDataProtection().SetApplicationName("RetailCommerce")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDir, "keys")));
        services.AddSingleton<CustomerTokens>();
        services.AddSingleton<DemoStore.DemoStoreLoader>();
        services.AddSingleton<ModuleActivation>();
        services.AddSingleton<ProductCatalog>();
        services.AddSingleton<CustomerDirectory>();
        services.AddSingleton<EventIngest>();
        services.AddSingleton<JobRunner>();
        services.TryAddSingleton<IConsentCheck, ConsentNotManaged>();
        services.TryAddSingleton<IAiDecisionLog, AiDecisionsNotLogged>();

        AddMarten(services, connectionString, options, catalog);
        AddGraphQL(services, options, catalog);
        var jobs = CollectJobs(catalog);
        services.AddSingleton(CollectAdmin(catalog));
        foreach (var startup in catalog.Modules.SelectMany(m => m.Startups)) startup.ConfigureServices(services, configuration);

        // Order matters: hosted services start in registration order, so bootstrap runs after Marten's
        // schema migration (registered by AddMarten) and before the scheduler.
        services.AddSingleton<Bootstrap>();
        services.AddHostedService(sp => sp.GetRequiredService<Bootstrap>());
        AddScheduler(services, connectionString, jobs);

        services.AddHealthChecks().AddCheck<ReadinessCheck>("ready");
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(RetailMetrics.MeterName));
        services.AddProblemDetails();
        return builder;
    }

    /// <summary>Maps <c>/graphql</c>, <c>/health</c> and the modules' endpoints, and stops the private cluster on shutdown.</summary>
    public static WebApplication UseRetailCommerce(this WebApplication app)
    {
        if (app.Services.GetService<PrivatePostgresCluster>() is { } cluster)
        {
            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            lifetime.ApplicationStopped.Register(cluster.Stop);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        }
        app.UseExceptionHandler(); // problem details without stack traces for anything outside GraphQL
        app.UseMiddleware<CallerResolution>();
        app.MapRetailGraphQL();
        app.MapHealthChecks("/health");
        foreach (var startup in app.Services.GetRequiredService<ModuleCatalog>().Modules.SelectMany(m => m.Startups))
            startup.MapEndpoints(app);
        return app;
    }

    /// <summary>
    /// Runs the app until shutdown. The private cluster is stopped even when the host fails to start
    /// (then no ApplicationStopped notification is raised).
    /// </summary>
    public static void RunRetailCommerce(this WebApplication app)
    {
        var cluster = app.Services.GetService<PrivatePostgresCluster>();
        try { app.Run(); }
        finally { cluster?.Stop(); }
    }

    private static void AddMarten(IServiceCollection services, string connectionString, RetailOptions options, ModuleCatalog catalog)
    {
        var daemonMode = Enum.TryParse<DaemonMode>(options.Events.DaemonMode, true, out var mode) ? mode : DaemonMode.Solo;
        services.AddMarten(marten =>
            {
                marten.Connection(connectionString);
                marten.DatabaseSchemaName = "retail";
                marten.Events.StreamIdentity = StreamIdentity.AsString;
                marten.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
                marten.Events.AppendMode = EventAppendMode.Quick;
                marten.Policies.AllDocumentsAreMultiTenanted();
                // Platform-wide documents: not per store.
                marten.Schema.For<Store>().SingleTenanted();
                marten.Schema.For<StorefrontKey>().SingleTenanted();
                marten.Schema.For<AdminAccount>().SingleTenanted();
                marten.Schema.For<AdminToken>().SingleTenanted();
                marten.Schema.For<StoreModules>().SingleTenanted();
                // Written with raw SQL by EventIngest, so its table must exist before first use.
                marten.Schema.For<EventReceipt>();
                marten.Events.AddEventTypes([typeof(ProductViewed), typeof(CatalogSearched), typeof(ProductClicked), typeof(AddedToCart),
                    typeof(RemovedFromCart), typeof(CheckoutStarted), typeof(ItemPurchased), typeof(ItemReturned), typeof(SessionLinkedToCustomer)]);
                marten.Projections.AddShopperActivity<ShopperProfileProjection>();
                marten.Projections.AddShopperActivity<ProductDailyStatsProjection>();
                marten.Projections.AddShopperActivity<StoreActivityProjection>();
                foreach (var startup in catalog.Modules.SelectMany(m => m.Startups)) startup.ConfigureMarten(marten);
                foreach (var projection in marten.Projections.All) projection.Options.BatchSize = options.Events.ProjectionBatchSize;
            })
            .UseLightweightSessions()
            .AddAsyncDaemon(daemonMode)
            .ApplyAllDatabaseChangesOnStartup();
    }

    private static void AddGraphQL(IServiceCollection services, RetailOptions options, ModuleCatalog catalog)
    {
        var platform = new ModuleGraph(null);
        PlatformGraph.Configure(platform);
        var graphs = new List<ModuleGraph> { platform };
        foreach (var module in catalog.Modules)
        {
            var graph = new ModuleGraph(module.Id);
            foreach (var startup in module.Startups) startup.ConfigureGraphQL(graph);
            graphs.Add(graph);
        }
        foreach (var graph in graphs) services.AddSingleton(graph);

        services.AddGraphQL(b =>
        {
            b.AddSchema<RetailSchema>()
                .AddSystemTextJson()
                .AddGraphTypes(typeof(RetailSchema).Assembly)
                .AddErrorInfoProvider<RetailErrorInfoProvider>()
                .AddComplexityAnalyzer(c =>
                {
                    c.MaxDepth = options.Api.MaxDepth;
                    c.MaxComplexity = options.Api.MaxComplexity;
                })
                .ConfigureExecution<ParsedDocumentCache>()
                .AddUnhandledExceptionHandler(ctx =>
                {
                    var logger = ctx.Context?.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("RetailCommerce.GraphQL");
                    logger?.LogError(ctx.OriginalException, "Unhandled error in GraphQL field {Field}", ctx.FieldContext?.FieldDefinition.Name);
                });
            foreach (var module in catalog.Modules) b.AddGraphTypes(module.Assembly);
        });
    }

    private static AdminContributions CollectAdmin(ModuleCatalog catalog) =>
        new(catalog.Modules.Select(module =>
        {
            var admin = new ModuleAdmin(module.Id);
            foreach (var startup in module.Startups) startup.ConfigureAdmin(admin);
            return admin;
        }).ToList());

    private static List<JobDefinition> CollectJobs(ModuleCatalog catalog)
    {
        var all = new List<JobDefinition>();
        foreach (var module in catalog.Modules)
        {
            var jobs = new ModuleJobs(module.Id);
            foreach (var startup in module.Startups) startup.ConfigureJobs(jobs);
            all.AddRange(jobs.Jobs);
        }
        return all;
    }

    private static void AddScheduler(IServiceCollection services, string connectionString, List<JobDefinition> jobs)
    {
        services.AddSingleton(new JobRegistry(jobs));
        foreach (var job in jobs) services.AddScoped(job.Implementation);
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => { o.InstanceName = "retail"; o.GenerateInstanceId = true; });
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.ConfigureStore(s => s.TablePrefix = "qrtz_");
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
                store.UseClustering();
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        services.AddHostedService<JobScheduling>();
    }
}

using System.Text;
using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using Marten;
using RetailCommerce.Catalog;
using RetailCommerce.Customers;
using RetailCommerce.GraphQL.Types;
using RetailCommerce.Jobs;
using RetailCommerce.Modules;
using RetailCommerce.Persistence;
using RetailCommerce.Security;
using RetailCommerce.Stores;
using RetailCommerce.Tracking;

namespace RetailCommerce.GraphQL;

/// <summary>The platform's own root fields (GraphQL contract v0): catalog, customers, stores, modules, jobs and tracking.</summary>
public static class PlatformGraph
{
    /// <summary>Adds the platform fields to a graph with no owning module.</summary>
    public static void Configure(ModuleGraph graph)
    {
        graph.StorefrontQuery(q =>
        {
            q.Field<ProductType>("product")
                .Description("A product by id, or null when the store has no such product.")
                .Argument<NonNullGraphType<IdGraphType>>("id", "The product id.")
                .ResolveAsync(async c => await c.Service<ProductCatalog>().FindAsync(c.StoreId(), c.GetArgument<string>("id"), c.CancellationToken));

            q.Field<NonNullGraphType<ConnectionType<ProductType, EdgeType<ProductType>>>>("products")
                .Description("The catalog, ordered by id, as a Relay connection (at most 100 per page).")
                .Argument<IntGraphType>("first", "Page size, 1-100 (default 20).")
                .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
                .ResolveAsync(async c =>
                {
                    var first = c.PageSize();
                    var after = DecodeCursor(c.GetArgument<string?>("after"));
                    var catalog = c.Service<ProductCatalog>();
                    var (page, hasMore) = await catalog.PageAsync(c.StoreId(), first, after, c.CancellationToken);
                    var wantsTotal = c.SubFields?.ContainsKey("totalCount") == true;
                    return new Connection<Product>
                    {
                        TotalCount = wantsTotal ? await catalog.CountAsync(c.StoreId(), c.CancellationToken) : null,
                        Edges = page.Select(p => new Edge<Product> { Cursor = EncodeCursor(p.Id), Node = p }).ToList(),
                        PageInfo = new PageInfo
                        {
                            HasNextPage = hasMore, HasPreviousPage = after is not null,
                            StartCursor = page.Count > 0 ? EncodeCursor(page[0].Id) : null,
                            EndCursor = page.Count > 0 ? EncodeCursor(page[^1].Id) : null,
                        },
                    };
                });
        });

        graph.StorefrontQuery(q =>
            q.Field<CustomerType>("me")
                .Description("The signed-in customer (named by X-Customer-Token), or null when the call carries no customer token or the store has no such customer record.")
                .ResolveAsync(async c =>
                {
                    var caller = c.Service<Caller>();
                    if (caller.CustomerTokenRejected)
                        throw new RetailError(ErrorCodes.Unauthenticated, $"{CustomerTokens.Header} is invalid, expired or for another store.", CustomerTokens.Header);
                    return caller.CustomerId is null ? null : await c.Service<CustomerDirectory>().FindAsync(c.StoreId(), caller.CustomerId, c.CancellationToken);
                }));

        graph.StorefrontMutation(m =>
        {
            m.Field<NonNullGraphType<TrackResultType>>("trackEvents")
                .Description("Stores shopper events. Each id is an idempotency key: replays are counted as duplicates and stored once. Invalid events are rejected one by one; the rest are stored. At most 1000 per call.")
                .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<EventInputType>>>>("events", "The events.")
                .ResolveAsync(async c => await c.Service<EventIngest>().TrackAsync(c.StoreId(), c.GetArgument<List<EventInput>>("events"), c.CancellationToken));
        });

        graph.AdminQuery(q =>
        {
            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ModuleType>>>>("modules")
                .Description("Every installed module and whether this store has it enabled.")
                .ResolveAsync(async c =>
                {
                    var enabled = await c.Service<ModuleActivation>().EnabledAsync(c.StoreId(), c.CancellationToken);
                    return c.Service<ModuleCatalog>().Modules.Select(m => View(m, enabled)).ToList();
                });

            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<JobType>>>>("jobs")
                .Description("Scheduled jobs of the platform and of this store's enabled modules, with their last run here.")
                .ResolveAsync(async c =>
                {
                    var storeId = c.StoreId();
                    var enabled = await c.Service<ModuleActivation>().EnabledAsync(storeId, c.CancellationToken);
                    var status = await c.Service<JobRunner>().StatusAsync(storeId, c.CancellationToken);
                    return c.Service<JobRegistry>().All
                        .Where(j => j.ModuleId is null || enabled.Contains(j.ModuleId))
                        .OrderBy(j => j.Id)
                        .Select(j => new JobView(j.Id, j.ModuleId, j.Schedule, j.Description,
                            status.GetValueOrDefault(j.Id)?.LastRunAt, status.GetValueOrDefault(j.Id)?.LastOutcome))
                        .ToList();
                });

            q.Field<NonNullGraphType<StoreStatsType>>("storeStats")
                .Description("What the store holds, counted in PostgreSQL.")
                .ResolveAsync(async c => await c.Service<StoreStatistics>().ReadAsync(c.StoreId(), c.CancellationToken));
        });

        graph.AdminMutation(m =>
        {
            m.Field<NonNullGraphType<ModuleType>>("enableModule")
                .Description("Enables a module for this store, and first every module it depends on.")
                .Argument<NonNullGraphType<StringGraphType>>("id", "Module id.")
                .ResolveAsync(async c => await ChangeModule(c, enable: true));

            m.Field<NonNullGraphType<ModuleType>>("disableModule")
                .Description("Disables a module for this store; refused while an enabled module depends on it.")
                .Argument<NonNullGraphType<StringGraphType>>("id", "Module id.")
                .ResolveAsync(async c => await ChangeModule(c, enable: false));

            m.Field<NonNullGraphType<ImportResultType>>("importProducts")
                .Description("Creates or updates products by id. Valid items are stored; each invalid one is reported by index. At most 1000 per call.")
                .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<ProductInputType>>>>("products", "The products.")
                .ResolveAsync(async c =>
                {
                    var storeId = c.StoreId();
                    await using var session = c.Service<StoreSessions>().Read(storeId);
                    var currency = (await session.LoadAsync<Store>(storeId, c.CancellationToken))?.Currency ?? "USD";
                    return await c.Service<ProductCatalog>().ImportAsync(storeId, c.GetArgument<List<ProductInput>>("products"), currency, c.CancellationToken);
                });

            m.Field<NonNullGraphType<ImportResultType>>("importCustomers")
                .Description("Creates or updates customers by id, with the same partial-rejection rules as products. At most 1000 per call.")
                .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<CustomerInputType>>>>("customers", "The customers.")
                .ResolveAsync(async c => await c.Service<CustomerDirectory>().ImportAsync(c.StoreId(), c.GetArgument<List<CustomerInput>>("customers"), c.CancellationToken));

            m.Field<NonNullGraphType<CustomerTokenType>>("issueCustomerToken")
                .Description("A sign-in token for one customer of this store, for the merchant's backend to hand to the storefront when the shopper signs in. The storefront sends it as X-Customer-Token, and per-customer fields then answer that customer only.")
                .Argument<NonNullGraphType<IdGraphType>>("customerId", "The customer id.")
                .Argument<IntGraphType>("ttlMinutes", "Lifetime in minutes, 1 to 43200 (30 days); default 60.")
                .Resolve(c =>
                {
                    var customerId = c.GetArgument<string>("customerId").Trim();
                    if (!ProductValidation.IsValidId(customerId) || ShopperStreams.IsReservedKey(customerId))
                        throw new RetailError(ErrorCodes.BadUserInput, "customerId: not a valid customer id.", "customerId");
                    var minutes = c.GetArgument<int?>("ttlMinutes") ?? 60;
                    if (minutes < 1 || minutes > CustomerTokens.MaxLifetime.TotalMinutes)
                        throw new RetailError(ErrorCodes.BadUserInput, $"ttlMinutes must be between 1 and {CustomerTokens.MaxLifetime.TotalMinutes} (got {minutes}).", "ttlMinutes");
                    var (token, expiresAt) = c.Service<CustomerTokens>().Issue(c.StoreId(), customerId, TimeSpan.FromMinutes(minutes));
                    return new CustomerTokenView(token, expiresAt);
                });

            m.Field<NonNullGraphType<JobRunType>>("runJob")
                .Description("Runs a job for this store now and returns when it has finished, with its outcome.")
                .Argument<NonNullGraphType<StringGraphType>>("id", "Job id.")
                .ResolveAsync(async c => await c.Service<JobRunner>().RunAsync(c.StoreId(), c.GetArgument<string>("id"), c.CancellationToken));
        });

        graph.GlobalAdminMutation(m =>
        {
            m.Field<NonNullGraphType<StoreType>>("createStore")
                .Description("Creates a store and returns it with its storefront key (shown only here).")
                .Argument<NonNullGraphType<StringGraphType>>("id", "Store id: lower-case letters, digits and dashes.")
                .Argument<NonNullGraphType<StringGraphType>>("name", "Display name.")
                .ResolveAsync(async c =>
                {
                    var (store, key) = await c.Service<StoreDirectory>().CreateAsync(c.GetArgument<string>("id"), c.GetArgument<string>("name"), ct: c.CancellationToken);
                    return new StoreView(store.Id, store.Name, store.Currency, store.CreatedAt, key);
                });
        });
    }

    private static async Task<ModuleView> ChangeModule(IResolveFieldContext c, bool enable)
    {
        var storeId = c.StoreId();
        var id = c.GetArgument<string>("id");
        var activation = c.Service<ModuleActivation>();
        if (enable) await activation.EnableAsync(storeId, id, c.CancellationToken);
        else await activation.DisableAsync(storeId, id, c.CancellationToken);
        var module = c.Service<ModuleCatalog>().Find(id)!;
        return View(module, await activation.EnabledAsync(storeId, c.CancellationToken));
    }

    private static ModuleView View(ModuleDescriptor m, IReadOnlySet<string> enabled) =>
        new(m.Id, m.Name, m.Description, m.Category, m.Dependencies, enabled.Contains(m.Id));

    private static string EncodeCursor(string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes("p:" + id));

    private static string? DecodeCursor(string? cursor)
    {
        if (cursor is null) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith("p:", StringComparison.Ordinal)) return text[2..];
        }
        catch (FormatException) { }
        throw new RetailError(ErrorCodes.BadUserInput, "after is not a cursor returned by this connection.", "after");
    }
}

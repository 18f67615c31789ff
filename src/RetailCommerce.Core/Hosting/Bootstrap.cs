using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.DemoStore;
using RetailCommerce.Modules;
using RetailCommerce.Security;
using RetailCommerce.Stores;

namespace RetailCommerce.Hosting;

/// <summary>
/// First-start setup, run after Marten has applied its schema and before the scheduler starts: the first
/// admin from <c>Retail:Bootstrap:AdminToken</c> and, when asked, the <c>demo</c> store with every module enabled,
/// whose demo data (<c>Retail:Bootstrap:DemoData</c>) then loads in the background.
/// </summary>
public sealed class Bootstrap(IDocumentStore store, StoreDirectory stores, ModuleActivation activation,
    IOptions<RetailOptions> options, TimeProvider clock, IServiceProvider services, ILogger<Bootstrap> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _demoLoad;

    /// <summary>The demo store's id.</summary>
    public const string DemoStoreId = "demo";

    /// <summary>Set when bootstrap has finished (the host is ready).</summary>
    public bool Completed { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        var bootstrap = options.Value.Bootstrap;
        await using (var session = store.LightweightSession())
        {
            var anyAdmin = await session.Query<AdminAccount>().AnyAsync(ct);
            if (!anyAdmin && !string.IsNullOrWhiteSpace(bootstrap.AdminToken))
            {
                session.Store(new AdminAccount { Id = "admin", Name = "Administrator", CreatedAt = clock.GetUtcNow() });
                session.Store(new AdminToken { Id = SecretHash.Of(bootstrap.AdminToken), AdminId = "admin" });
                await session.SaveChangesAsync(ct);
                logger.LogInformation("Created the first admin from Retail:Bootstrap:AdminToken");
            }
            else if (!anyAdmin)
            {
                logger.LogWarning("No admin exists and Retail:Bootstrap:AdminToken is not set: the admin API is unreachable");
            }
        }

        if (bootstrap.DemoStore)
        {
            var created = false;
            if (!await stores.ExistsAsync(DemoStoreId, ct))
            {
                await stores.CreateAsync(DemoStoreId, "Demo Store", bootstrap.StorefrontKey, ct);
                await activation.EnableAllAsync(DemoStoreId, ct);
                logger.LogInformation("Created store '{Store}' with every module enabled", DemoStoreId);
                created = true;
            }
            if (bootstrap.DemoData) await StartDemoDataAsync(created, bootstrap.Demo, ct);
        }
        Completed = true;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        if (_demoLoad is not null) await _demoLoad.WaitAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    // The demo data loads into a store this start created, or resumes a load an earlier start did not finish.
    // A demo store that exists without a load record was filled some other way and is left alone. The load
    // runs in the background so /health and the API come up at once; the health check does not wait for it.
    private async Task StartDemoDataAsync(bool created, DemoStoreOptions demo, CancellationToken ct)
    {
        var loader = services.GetRequiredService<DemoStoreLoader>();
        var pending = created ? await loader.BeginAsync(DemoStoreId, demo, ct) : await loader.PendingAsync(DemoStoreId, ct);
        if (pending is null) return;
        logger.LogInformation("Loading the demo store into '{Store}' in the background (seed {Seed}, {Products:N0} products, {Customers:N0} customers, {Months} months)",
            DemoStoreId, pending.Options.Seed, pending.Options.Products, pending.Options.Customers, pending.Options.Months);
        _demoLoad = Task.Run(async () =>
        {
            try { await loader.LoadAsync(DemoStoreId, pending.Options, _stopping.Token); }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                logger.LogInformation("Demo store load paused by shutdown; the next start resumes it");
            }
            catch (Exception e)
            {
                logger.LogError(e, "Demo store load failed; the next start resumes it");
            }
        });
    }
}

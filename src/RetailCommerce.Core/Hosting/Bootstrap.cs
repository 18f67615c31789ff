using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Modules;
using RetailCommerce.Security;
using RetailCommerce.Stores;

namespace RetailCommerce.Hosting;

/// <summary>
/// First-start setup, run after Marten has applied its schema and before the scheduler starts: the first
/// admin from <c>Retail:Bootstrap:AdminToken</c> and, when asked, the <c>demo</c> store with every module enabled.
/// </summary>
public sealed class Bootstrap(IDocumentStore store, StoreDirectory stores, ModuleActivation activation,
    IOptions<RetailOptions> options, TimeProvider clock, ILogger<Bootstrap> logger) : IHostedService
{
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

        if (bootstrap.DemoStore && !await stores.ExistsAsync(DemoStoreId, ct))
        {
            await stores.CreateAsync(DemoStoreId, "Demo Store", bootstrap.StorefrontKey, ct);
            await activation.EnableAllAsync(DemoStoreId, ct);
            logger.LogInformation("Created store '{Store}' with every module enabled", DemoStoreId);
        }
        Completed = true;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

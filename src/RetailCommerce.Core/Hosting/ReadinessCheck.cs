using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RetailCommerce.Hosting;

/// <summary>Healthy once bootstrap has finished and PostgreSQL answers.</summary>
public sealed class ReadinessCheck(IDocumentStore store, Bootstrap bootstrap) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!bootstrap.Completed) return HealthCheckResult.Unhealthy("starting");
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("database unreachable", e);
        }
    }
}

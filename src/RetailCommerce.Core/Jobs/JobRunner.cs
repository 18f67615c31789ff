using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules;
using RetailCommerce.Persistence;
using RetailCommerce.Security;

namespace RetailCommerce.Jobs;

/// <summary>
/// Runs a job for a store, from Quartz's schedule or on demand (<c>runJob</c>). A PostgreSQL advisory lock
/// per store and job makes runs of the same job in the same store take turns, across instances.
/// </summary>
public sealed class JobRunner(IServiceScopeFactory scopes, JobRegistry registry, ModuleActivation activation,
    StoreSessions sessions, TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>Runs the job now and returns when it has finished.</summary>
    public async Task<JobRun> RunAsync(string storeId, string jobId, CancellationToken ct)
    {
        var job = registry.Find(jobId) ?? throw new RetailError(ErrorCodes.NotFound, $"Unknown job id '{jobId}'.", "id");
        if (job.ModuleId is not null && !await activation.IsEnabledAsync(storeId, job.ModuleId, ct))
            throw new RetailError(ErrorCodes.ModuleDisabled, $"Job '{job.Id}' belongs to the '{job.ModuleId}' module, which is disabled for store '{storeId}'.");

        await using var lockSession = sessions.Store.LightweightSession();
        var connection = (Npgsql.NpgsqlConnection)lockSession.Connection!;
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        var lockKey = LockKey(storeId, job.Id);
        await using (var take = new Npgsql.NpgsqlCommand("select pg_advisory_lock(@k)", connection))
        {
            take.Parameters.AddWithValue("k", lockKey);
            await take.ExecuteNonQueryAsync(ct);
        }
        try
        {
            var started = clock.GetUtcNow();
            bool succeeded;
            string outcome;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<Caller>().ActAsAdminOf(storeId);
                var implementation = (IStoreJob)scope.ServiceProvider.GetRequiredService(job.Implementation);
                outcome = "succeeded: " + await implementation.RunAsync(storeId, ct);
                succeeded = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Job {Job} failed in store {Store}", job.Id, storeId);
                outcome = "failed: " + (e is RetailError ? e.Message : e.GetType().Name + ": " + e.Message);
                succeeded = false;
            }
            var run = new JobRun(job.Id, started, clock.GetUtcNow(), succeeded, outcome);
            await RecordAsync(storeId, run, ct);
            return run;
        }
        finally
        {
            await using var release = new Npgsql.NpgsqlCommand("select pg_advisory_unlock(@k)", connection);
            release.Parameters.AddWithValue("k", lockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Last-run status of each job in a store.</summary>
    public async Task<IReadOnlyDictionary<string, JobStatus>> StatusAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var ids = registry.All.Select(j => j.Id).ToArray();
        return (await session.LoadManyAsync<JobStatus>(ct, ids)).ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
    }

    private async Task RecordAsync(string storeId, JobRun run, CancellationToken ct)
    {
        await using var session = sessions.Write(storeId);
        session.Store(new JobStatus
        {
            Id = run.JobId, LastRunAt = run.StartedAt, LastFinishedAt = run.FinishedAt, LastOutcome = run.Outcome, LastSucceeded = run.Succeeded,
        });
        await session.SaveChangesAsync(ct);
    }

    private static long LockKey(string storeId, string jobId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"job|{storeId}|{jobId}"));
        return BitConverter.ToInt64(hash, 0);
    }
}

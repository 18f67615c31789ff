using Marten;
using Microsoft.Extensions.Logging;
using Quartz;
using RetailCommerce.Modules;
using RetailCommerce.Persistence;
using RetailCommerce.Stores;

namespace RetailCommerce.Jobs;

/// <summary>The Quartz job behind every declared job: runs it for each store that has its module enabled.</summary>
[DisallowConcurrentExecution]
public sealed class ScheduledStoreJob(JobRunner runner, JobRegistry registry, ModuleActivation activation, StoreSessions sessions,
    ILogger<ScheduledStoreJob> logger) : IJob
{
    /// <summary>Job data key naming the declared job.</summary>
    public const string JobIdKey = "retailJobId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var jobId = context.MergedJobDataMap.GetString(JobIdKey)!;
        var job = registry.Find(jobId);
        if (job is null) return;
        await using var session = sessions.Store.QuerySession();
        var stores = await session.Query<Store>().Select(s => s.Id).ToListAsync(ct);
        foreach (var storeId in stores)
        {
            if (job.ModuleId is not null && !await activation.IsEnabledAsync(storeId, job.ModuleId, ct)) continue;
            var run = await runner.RunAsync(storeId, jobId, ct);
            logger.LogInformation("Scheduled job {Job} in store {Store}: {Outcome}", jobId, storeId, run.Outcome);
        }
    }
}

using Microsoft.Extensions.Hosting;
using Quartz;

namespace RetailCommerce.Jobs;

/// <summary>
/// Puts every declared job on its cron schedule in Quartz's PostgreSQL store at start, replacing what an
/// earlier version stored, so schedule changes in code take effect on the next start.
/// </summary>
public sealed class JobScheduling(ISchedulerFactory schedulers, JobRegistry registry) : IHostedService
{
    /// <summary>Quartz group of the declared jobs.</summary>
    public const string Group = "retail";

    public async Task StartAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var job in registry.All)
        {
            var detail = JobBuilder.Create<ScheduledStoreJob>()
                .WithIdentity(job.Id, Group)
                .WithDescription(job.Description)
                .UsingJobData(ScheduledStoreJob.JobIdKey, job.Id)
                .StoreDurably()
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(job.Id + ".schedule", Group)
                .ForJob(detail)
                .WithSchedule(CronScheduleBuilder.Create(job.Schedule))
                .Build();
            await scheduler.ScheduleJob(detail, [trigger], new ScheduleJobOptions { Replace = true }, ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace RetailCommerce.Jobs;

/// <summary>
/// Puts every declared job on its cron schedule in Quartz's PostgreSQL store at start, replacing what an
/// earlier version stored, so schedule changes in code take effect on the next start. With
/// <c>Retail:Jobs:Scheduled=false</c> it removes those schedules instead, and jobs run only on demand.
/// </summary>
public sealed class JobScheduling(ISchedulerFactory schedulers, JobRegistry registry, IOptions<RetailOptions> options) : IHostedService
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
            if (!options.Value.Jobs.Scheduled)
            {
                await scheduler.AddJob(detail, new AddJobOptions { Replace = true }, ct);
                await scheduler.UnscheduleJob(new TriggerKey(job.Id + ".schedule", Group), ct);
                continue;
            }
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

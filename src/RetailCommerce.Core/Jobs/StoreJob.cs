namespace RetailCommerce.Jobs;

/// <summary>
/// A scheduled piece of work for one store (retraining, indexing, repricing, retention). Resolved from DI in
/// its own scope, with the request's <see cref="Security.Caller"/> acting as an admin of the store.
/// </summary>
public interface IStoreJob
{
    /// <summary>Does the work; returns a one-line outcome for merchants ("indexed 40,000 products").</summary>
    Task<string> RunAsync(string storeId, CancellationToken ct);
}

/// <summary>A job a module declares: id, cron schedule and implementation.</summary>
public sealed record JobDefinition(string Id, string? ModuleId, string Schedule, string Description, Type Implementation);

/// <summary>Where a module declares its jobs.</summary>
public sealed class ModuleJobs(string? moduleId)
{
    private readonly List<JobDefinition> _jobs = [];

    /// <summary>Declares a job run on a Quartz cron schedule (e.g. <c>"0 0 3 * * ?"</c> = 03:00 daily) and on demand.</summary>
    public ModuleJobs Add<TJob>(string id, string cronSchedule, string description) where TJob : class, IStoreJob
    {
        _jobs.Add(new JobDefinition(id, moduleId, cronSchedule, description, typeof(TJob)));
        return this;
    }

    internal IReadOnlyList<JobDefinition> Jobs => _jobs;
}

/// <summary>The last run of a job in a store (one document per job id, in the store's tenant).</summary>
public sealed class JobStatus
{
    /// <summary>The job id.</summary>
    public string Id { get; set; } = "";
    public DateTimeOffset? LastRunAt { get; set; }
    public DateTimeOffset? LastFinishedAt { get; set; }
    /// <summary>"succeeded: …" or "failed: …".</summary>
    public string? LastOutcome { get; set; }
    public bool? LastSucceeded { get; set; }
}

/// <summary>The result of running a job now.</summary>
public sealed record JobRun(string JobId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Succeeded, string Outcome);

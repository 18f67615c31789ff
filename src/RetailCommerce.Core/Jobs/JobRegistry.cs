namespace RetailCommerce.Jobs;

/// <summary>Every job declared by the platform and the modules.</summary>
public sealed class JobRegistry(IEnumerable<JobDefinition> jobs)
{
    private readonly Dictionary<string, JobDefinition> _byId = jobs.ToDictionary(j => j.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>All jobs.</summary>
    public IReadOnlyCollection<JobDefinition> All => _byId.Values;

    /// <summary>The job with this id, or null.</summary>
    public JobDefinition? Find(string id) => _byId.GetValueOrDefault(id);
}

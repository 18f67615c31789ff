using RetailCommerce.DemoStore;

namespace RetailCommerce;

/// <summary>The <c>Retail</c> configuration section (environment variables use <c>__</c>, e.g. <c>Retail__DataDir</c>).</summary>
public sealed class RetailOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Retail";

    /// <summary>Where the private PostgreSQL cluster and local files live; default <c>App_Data</c> under the content root.</summary>
    public string? DataDir { get; set; }

    /// <summary>First-start settings.</summary>
    public BootstrapOptions Bootstrap { get; set; } = new();

    /// <summary>API limits.</summary>
    public ApiOptions Api { get; set; } = new();

    /// <summary>Event store settings.</summary>
    public EventStoreOptions Events { get; set; } = new();

    /// <summary>Scheduled jobs (<c>Retail:Jobs</c>).</summary>
    public JobOptions Jobs { get; set; } = new();
}

/// <summary>What to create on first start.</summary>
public sealed class BootstrapOptions
{
    /// <summary>Bearer token of the first admin (created when no admin exists).</summary>
    public string? AdminToken { get; set; }
    /// <summary>Creates store <c>demo</c> with all modules enabled.</summary>
    public bool DemoStore { get; set; }
    /// <summary>Storefront key of the demo store.</summary>
    public string StorefrontKey { get; set; } = "demo-storefront-key";
    /// <summary>With <see cref="DemoStore"/>: loads the generated demo data (catalog, customers, a year of events) into the new store, in the background.</summary>
    public bool DemoData { get; set; } = true;
    /// <summary>The generator's knobs for that data (<c>Retail:Bootstrap:Demo:Products</c>, ...); see <c>docs/demo-store.md</c>.</summary>
    public DemoStoreOptions Demo { get; set; } = new();
}

/// <summary>Request limits of the GraphQL endpoint.</summary>
public sealed class ApiOptions
{
    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;
    /// <summary>Deepest selection nesting accepted.</summary>
    public int MaxDepth { get; set; } = 12;
    /// <summary>Largest query complexity accepted (list fields multiply their children's cost).</summary>
    public int MaxComplexity { get; set; } = 50_000;
}

/// <summary>Event store settings.</summary>
public sealed class EventStoreOptions
{
    /// <summary><c>Solo</c> (default; one node runs async projections) or <c>HotCold</c> (leader election; needs the real DistributedLock package).</summary>
    public string DaemonMode { get; set; } = "Solo";

    /// <summary>
    /// Events each async projection fetches and applies per batch. Larger batches mean fewer round trips and
    /// document writes per event, which matters when a dozen module projections share two cores with ingest.
    /// </summary>
    public int ProjectionBatchSize { get; set; } = 5_000;
}

/// <summary>Scheduled job settings.</summary>
public sealed class JobOptions
{
    /// <summary>
    /// Put the declared jobs on their cron schedules (default). Off, jobs run only on demand (<c>runJob</c>, admin):
    /// for nodes that should not run background work, and for tests, where a job firing on the wall clock midway
    /// would change the data a test compares.
    /// </summary>
    public bool Scheduled { get; set; } = true;
}

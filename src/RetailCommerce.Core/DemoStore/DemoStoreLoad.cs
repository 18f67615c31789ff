namespace RetailCommerce.DemoStore;

/// <summary>Where a demo store load stands.</summary>
public enum DemoStoreLoadStatus
{
    /// <summary>Started and not finished (a restart resumes it).</summary>
    Loading,
    /// <summary>Everything was sent; a restart leaves the store alone.</summary>
    Completed,
    /// <summary>Stopped by an error (see <see cref="DemoStoreLoad.Error"/>); a restart resumes it.</summary>
    Failed,
}

/// <summary>
/// The record of loading the demo store into a store (one per store, kept in that store). It holds the
/// options, so a resumed load regenerates exactly the same data, and the progress, so a resume skips
/// what was already stored.
/// </summary>
public sealed class DemoStoreLoad
{
    /// <summary>The one document id per store.</summary>
    public const string DocumentId = "demo-store-load";

    /// <summary>Always <see cref="DocumentId"/>.</summary>
    public string Id { get; set; } = DocumentId;
    /// <summary>Where the load stands.</summary>
    public DemoStoreLoadStatus Status { get; set; }
    /// <summary>The options the data is generated from.</summary>
    public DemoStoreOptions Options { get; set; } = new();
    /// <summary>When the first attempt started.</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>When the load finished.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>Products imported (all of them once past the catalog step).</summary>
    public int Products { get; set; }
    /// <summary>Customers imported.</summary>
    public int Customers { get; set; }
    /// <summary>Events the generator yields in total.</summary>
    public long EventsTotal { get; set; }
    /// <summary>Generated events already sent and answered, in generation order (a resume starts after them).</summary>
    public long EventsSent { get; set; }
    /// <summary>Events stored.</summary>
    public long EventsAccepted { get; set; }
    /// <summary>Events found already stored (replays after a resume).</summary>
    public long EventsDuplicate { get; set; }
    /// <summary>Events the platform refused (zero unless the generator and the platform's rules disagree).</summary>
    public long EventsRejected { get; set; }
    /// <summary>Seconds spent loading, over all attempts.</summary>
    public double Seconds { get; set; }
    /// <summary>The last error, when <see cref="Status"/> is <see cref="DemoStoreLoadStatus.Failed"/>.</summary>
    public string? Error { get; set; }
}

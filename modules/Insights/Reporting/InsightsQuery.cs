namespace RetailCommerce.Modules.Insights.Reporting;

/// <summary>
/// One <c>insights</c> call: the store and the validated period. The report behind totals, funnel and daily
/// series is read once, however many of those fields the caller selects (GraphQL resolves them in parallel).
/// </summary>
public sealed class InsightsQuery
{
    private readonly Lazy<Task<InsightsReport>> _report;

    public InsightsQuery(string storeId, ReportingPeriod period, InsightsReader reader, CancellationToken ct)
    {
        StoreId = storeId;
        Period = period;
        Reader = reader;
        _report = new(() => reader.ReportAsync(storeId, period, ct), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The store asked about.</summary>
    public string StoreId { get; }

    /// <summary>The days covered.</summary>
    public ReportingPeriod Period { get; }

    /// <summary>Where rankings are read from.</summary>
    public InsightsReader Reader { get; }

    /// <summary>Totals, funnel and daily series, read on first use.</summary>
    public Task<InsightsReport> ReportAsync() => _report.Value;
}

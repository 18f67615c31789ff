using System.Diagnostics.Metrics;

namespace RetailCommerce.Diagnostics;

/// <summary>Request and ingest counters on the <c>RetailCommerce</c> meter (exported through OpenTelemetry when configured).</summary>
public sealed class RetailMetrics : IDisposable
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "RetailCommerce";

    private readonly Meter _meter;

    public RetailMetrics(IMeterFactory factory)
    {
        _meter = factory.Create(MeterName);
        GraphQLRequests = _meter.CreateCounter<long>("retail.graphql.requests", description: "GraphQL requests by outcome");
        GraphQLDuration = _meter.CreateHistogram<double>("retail.graphql.duration", unit: "ms", description: "GraphQL request duration");
        EventsAccepted = _meter.CreateCounter<long>("retail.events.accepted", description: "Shopper events stored");
        EventsDuplicate = _meter.CreateCounter<long>("retail.events.duplicates", description: "Shopper events dropped as replays");
        EventsRejected = _meter.CreateCounter<long>("retail.events.rejected", description: "Shopper events rejected as invalid");
        ProductsImported = _meter.CreateCounter<long>("retail.products.imported", description: "Products created or updated");
        CustomersImported = _meter.CreateCounter<long>("retail.customers.imported", description: "Customers created or updated");
    }

    public Counter<long> GraphQLRequests { get; }
    public Histogram<double> GraphQLDuration { get; }
    public Counter<long> EventsAccepted { get; }
    public Counter<long> EventsDuplicate { get; }
    public Counter<long> EventsRejected { get; }
    public Counter<long> ProductsImported { get; }
    public Counter<long> CustomersImported { get; }

    public void Dispose() => _meter.Dispose();
}

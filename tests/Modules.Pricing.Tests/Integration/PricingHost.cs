using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Decisions;
using RetailCommerce.Modules.Pricing.Bench;

namespace RetailCommerce.Modules.Pricing.Tests.Integration;

/// <summary>
/// The real host with only the Pricing module, on its own private PostgreSQL cluster; a small, fast model
/// configuration; the AI decision log replaced by a recording one.
/// </summary>
public sealed class PricingHost : RetailHost
{
    public PricingHost() : this(new RecordingDecisionLog()) { }

    private PricingHost(RecordingDecisionLog log) : base([typeof(Startup).Assembly],
        new Dictionary<string, string>
        {
            ["Retail:Pricing:Model:Iterations"] = "60",
            ["Retail:Pricing:Model:MaxTrainingRows"] = "40000",
            ["Retail:Pricing:Model:Horizon"] = "28",
        },
        services: s => s.AddSingleton<IAiDecisionLog>(log))
    {
        Decisions = log;
    }

    public RecordingDecisionLog Decisions { get; }

    private readonly SemaphoreSlim _loading = new(1, 1);
    private (string Id, string Key)? _demandStore;

    /// <summary>First day of the slice loaded as events.</summary>
    public static readonly DateOnly SliceStart = new(2016, 6, 1);
    public const string SliceCategory = "Demand > Store 01";
    public const int SliceItems = 3;

    /// <summary>
    /// A store holding a slice of store-item-demand (store 1, items 1-3, from <see cref="SliceStart"/>) loaded as
    /// PURCHASE events through trackEvents, shared by the tests that need sales history.
    /// </summary>
    public async Task<(string Id, string Key)> DemandStoreAsync()
    {
        await _loading.WaitAsync();
        try
        {
            if (_demandStore is { } ready) return ready;
            var store = await NewStore("dem", "pricing");
            var products = Enumerable.Range(1, SliceItems).Select(i => new
            {
                id = StoreItemDemand.ProductId(1, i), title = $"Item {i}", category = SliceCategory, price = 10.0, currency = "USD", stock = 1000,
            }).ToArray();
            await Admin(store.Id).Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }", new { p = products });
            var events = new List<object>();
            foreach (var s in SliceSeries())
                for (var d = 0; d < s.Length; d++)
                {
                    if (s.Units[d] <= 0) continue;
                    var day = s.DayAt(d);
                    events.Add(new
                    {
                        id = $"e-{s.ProductId}-{day:yyyyMMdd}", type = "PURCHASE", customerId = $"c{d % 25}", productId = s.ProductId,
                        orderId = $"o-{s.ProductId}-{day:yyyyMMdd}", quantity = (int)s.Units[d], price = 10.0,
                        occurredAt = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    });
                }
            var storefront = Storefront(store.Key);
            foreach (var batch in events.Chunk(1000))
            {
                var r = await storefront.Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted rejected } }", new { e = batch });
                Assert.Equal(0, r["trackEvents"]!["rejected"]!.GetValue<int>());
            }
            await Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            _demandStore = store;
            return store;
        }
        finally { _loading.Release(); }
    }

    /// <summary>The same slice read straight from the CSV, with the products' category.</summary>
    public static List<Forecasting.DemandSeries> SliceSeries()
    {
        var path = Path.Combine(StoreItemDemand.LocateDirectory(), StoreItemDemand.FileName);
        return StoreItemDemand.Read(path, stores: 1, items: SliceItems).Select(s =>
        {
            var from = s.IndexOf(SliceStart);
            return new Forecasting.DemandSeries(s.ProductId, SliceCategory, SliceStart, s.Units[from..]);
        }).ToList();
    }

}

/// <summary>Keeps every AI decision recorded.</summary>
public sealed class RecordingDecisionLog : IAiDecisionLog
{
    public ConcurrentQueue<(string Store, AiDecision Decision)> Recorded { get; } = new();

    public Task<IReadOnlyList<string>> RecordAsync(string storeId, IReadOnlyList<AiDecision> decisions, CancellationToken ct = default)
    {
        foreach (var d in decisions) Recorded.Enqueue((storeId, d));
        return Task.FromResult<IReadOnlyList<string>>(decisions.Select(_ => Guid.NewGuid().ToString("N")).ToList());
    }
}

[CollectionDefinition(Name)]
public sealed class PricingHostCollection : ICollectionFixture<PricingHost>
{
    public const string Name = "pricing-host";
}

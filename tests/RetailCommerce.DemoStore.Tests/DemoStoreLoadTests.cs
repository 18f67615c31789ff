using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Hosting;
using RetailCommerce.Testing;

namespace RetailCommerce.DemoStore.Tests;

/// <summary>
/// A small demo store loaded by the real host's bootstrap into store <c>demo</c> on a private PostgreSQL,
/// through the platform's own import and tracking paths; a restart neither reloads nor duplicates it, and
/// an interrupted load resumes without storing anything twice.
/// </summary>
public sealed class DemoStoreLoadTests
{
    private static readonly Dictionary<string, string> SmallDemo = new()
    {
        ["Retail:Bootstrap:DemoData"] = "true",
        ["Retail:Bootstrap:Demo:Products"] = "200",
        ["Retail:Bootstrap:Demo:Customers"] = "100",
        ["Retail:Bootstrap:Demo:Months"] = "1",
    };

    [Fact]
    public async Task Bootstrap_loads_the_demo_store_once_and_an_interrupted_load_resumes_without_duplicates()
    {
        var expected = new DemoStoreGenerator(new DemoStoreOptions { Products = 200, Customers = 100, Months = 1 });
        var expectedEvents = expected.Events().Count();
        string dataDir;
        DemoStoreLoad loaded;
        await using (var host = await RetailHost.StartAsync(settings: SmallDemo))
        {
            dataDir = host.DataDir;
            loaded = await WaitLoaded(host);
            Assert.Equal(DemoStoreLoadStatus.Completed, loaded.Status);
            Assert.Equal(200, loaded.Products);
            Assert.Equal(100, loaded.Customers);
            Assert.Equal(expectedEvents, loaded.EventsTotal);
            Assert.Equal(expectedEvents, loaded.EventsAccepted);
            Assert.Equal(0, loaded.EventsRejected);
            Assert.Equal(0, loaded.EventsDuplicate);

            var stats = await StoreStats(host);
            Assert.Equal((200, 100, expectedEvents), stats);
            var product = (await host.Storefront().Data("{ product(id:\"p-00001\"){ title price } }"))["product"]!;
            Assert.Equal(expected.CatalogProducts[0].Title, product["title"]!.GetValue<string>());
        }

        try
        {
            await using (var restarted = await RetailHost.StartAsync(settings: SmallDemo, dataDir: dataDir))
            {
                await Task.Delay(2_000); // a reload, if one were (wrongly) started, would show by now
                var again = await Loader(restarted).FindAsync(Bootstrap.DemoStoreId, default);
                Assert.Equal(loaded.CompletedAt, again!.CompletedAt);
                Assert.Equal(loaded.EventsAccepted, again.EventsAccepted);
                Assert.Equal((200, 100, expectedEvents), await StoreStats(restarted));

                // As if the process had died after its last progress save, 1,500 events before the end:
                // the resume re-sends them, and the idempotency keys drop every one as a replay.
                var loader = Loader(restarted);
                var record = (await loader.FindAsync(Bootstrap.DemoStoreId, default))!;
                record.Status = DemoStoreLoadStatus.Loading;
                record.EventsSent = Math.Max(0, record.EventsTotal - 1_500);
                await using (var session = restarted.Services.GetRequiredService<Persistence.StoreSessions>().Write(Bootstrap.DemoStoreId))
                {
                    session.Store(record);
                    await session.SaveChangesAsync();
                }
                var resumed = await loader.LoadAsync(Bootstrap.DemoStoreId, record.Options, default);
                Assert.Equal(DemoStoreLoadStatus.Completed, resumed.Status);
                Assert.Equal(expectedEvents, resumed.EventsAccepted);
                Assert.Equal(Math.Min(1_500, expectedEvents), resumed.EventsDuplicate);
                Assert.Equal((200, 100, expectedEvents), await StoreStats(restarted));
            }
        }
        finally
        {
            try { Directory.Delete(dataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static DemoStoreLoader Loader(RetailHost host) =>
        host.Services.GetRequiredService<DemoStoreLoader>();

    private static async Task<(int Products, int Customers, long Events)> StoreStats(RetailHost host)
    {
        var stats = (await host.Admin().Data("{ storeStats { products customers events } }"))["storeStats"]!;
        return (stats["products"]!.GetValue<int>(), stats["customers"]!.GetValue<int>(), stats["events"]!.GetValue<long>());
    }

    private static async Task<DemoStoreLoad> WaitLoaded(RetailHost host)
    {
        var loader = Loader(host);
        for (var i = 0; i < 480; i++)
        {
            var record = await loader.FindAsync(Bootstrap.DemoStoreId, default);
            if (record?.Status == DemoStoreLoadStatus.Completed) return record;
            Assert.NotEqual(DemoStoreLoadStatus.Failed, record?.Status);
            await Task.Delay(250);
        }
        throw new TimeoutException("the demo store did not finish loading");
    }
}

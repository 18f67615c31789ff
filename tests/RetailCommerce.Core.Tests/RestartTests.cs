using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RetailCommerce.Jobs;

namespace RetailCommerce.Core.Tests;

/// <summary>Runs its own host twice on one data folder: what was stored is there after a restart.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Data_survives_a_restart_on_the_same_data_folder()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "retail-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await RetailHost.StartAsync(dataDir: dataDir))
            {
                await first.Admin().Data("""mutation { importProducts(products: [{id: "kept", title: "Kept", price: 5}]) { imported } }""");
                await first.Storefront().Data("""mutation { trackEvents(events: [{id: "once", type: "VIEW", sessionId: "s", productId: "kept"}]) { accepted } }""");
                await first.Admin().Data("mutation { enableModule(id: \"GiftWrap\") { id } }");
            }
            await using (var second = await RetailHost.StartAsync(dataDir: dataDir))
            {
                Assert.Equal("Kept", (await second.Storefront().Data("{ product(id: \"kept\") { title } }"))["product"]!["title"]!.GetValue<string>());
                var replay = (await second.Storefront().Data("""mutation { trackEvents(events: [{id: "once", type: "VIEW", sessionId: "s", productId: "kept"}]) { accepted duplicates } }"""))["trackEvents"]!;
                Assert.Equal(1, replay["duplicates"]!.GetValue<int>());
                Assert.NotNull((await second.Storefront().Data("{ giftWrapPapers }"))["giftWrapPapers"]);
            }
        }
        finally
        {
            try { Directory.Delete(dataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task Job_schedules_follow_the_setting_on_every_start()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "retail-schedules-" + Guid.NewGuid().ToString("N"));
        var trigger = new TriggerKey("giftwrap.tally.schedule", JobScheduling.Group);
        static async Task<IScheduler> Scheduler(RetailHost host) => await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        try
        {
            await using (var scheduled = await RetailHost.StartAsync(dataDir: dataDir, settings: new Dictionary<string, string> { ["Retail:Jobs:Scheduled"] = "true" }))
            {
                var cron = Assert.IsAssignableFrom<ICronTrigger>(await (await Scheduler(scheduled)).GetTrigger(trigger));
                Assert.Equal("0 0 4 * * ?", cron.CronExpressionString);
            }
            // The test host's default: on demand only. The schedule stored by the previous start is removed, the job stays runnable.
            await using (var onDemand = await RetailHost.StartAsync(dataDir: dataDir))
            {
                Assert.Null(await (await Scheduler(onDemand)).GetTrigger(trigger));
                Assert.NotNull(await (await Scheduler(onDemand)).GetJobDetail(new JobKey("giftwrap.tally", JobScheduling.Group)));
                await onDemand.Admin().Data("mutation { enableModule(id: \"GiftWrap\") { id } }");
                var run = (await onDemand.Admin().Data("mutation { runJob(id: \"giftwrap.tally\") { succeeded } }"))["runJob"]!;
                Assert.True(run["succeeded"]!.GetValue<bool>());
            }
        }
        finally
        {
            try { Directory.Delete(dataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

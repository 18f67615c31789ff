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
}

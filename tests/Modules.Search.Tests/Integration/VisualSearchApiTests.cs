using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Search.Tests.Visual;
using RetailCommerce.Modules.Search.Visual;
using SkiaSharp;

namespace RetailCommerce.Modules.Search.Tests.Integration;

[Collection(SearchHostCollection.Name)]
public sealed class VisualSearchApiTests(SearchHost host) : IDisposable
{
    private const string Visual = """
        query($image:String,$url:String,$first:Int){ visualSearch(image:$image, imageUrl:$url, first:$first){
          items { product { id } similarity } model indexedImages pendingImages note } }
        """;
    private const string Similar = """
        query($id:ID!,$first:Int){ visuallySimilarProducts(productId:$id, first:$first){ items { product { id } similarity } note } }
        """;

    private HttpListener _server = new();
    private readonly Dictionary<string, byte[]> _images = new()
    {
        ["red-1.png"] = Pictures.Encode(Pictures.Object(new SKColor(220, 30, 30), seed: 1)),
        ["red-2.jpg"] = Pictures.Encode(Pictures.Object(new SKColor(200, 25, 45), size: 200, seed: 5), SKEncodedImageFormat.Jpeg),
        ["blue-1.png"] = Pictures.Encode(Pictures.Object(new SKColor(30, 40, 220), seed: 2)),
        ["green-1.png"] = Pictures.Encode(Pictures.Object(new SKColor(40, 170, 50), seed: 3)),
        ["broken.jpg"] = "this is not a jpeg"u8.ToArray(),
    };
    private string _base = "";

    private void Serve()
    {
        for (var attempt = 0; ; attempt++)
        {
            // A random free port; another process may hold the one picked, so try a few.
            var port = Random.Shared.Next(20_000, 60_000);
            _base = $"http://127.0.0.1:{port}/";
            _server = new HttpListener();
            _server.Prefixes.Add(_base);
            try { _server.Start(); break; }
            catch (HttpListenerException) when (attempt < 10) { }
        }
        _ = Task.Run(async () =>
        {
            while (_server.IsListening)
            {
                HttpListenerContext c;
                try { c = await _server.GetContextAsync(); } catch { return; }
                if (_images.TryGetValue(c.Request.Url!.AbsolutePath.TrimStart('/'), out var bytes)) await c.Response.OutputStream.WriteAsync(bytes);
                else c.Response.StatusCode = 404;
                c.Response.Close();
            }
        });
    }

    public void Dispose()
    {
        if (_server.IsListening) _server.Stop();
        ((IDisposable)_server).Dispose();
    }

    private async Task<(string Store, string Key)> Shop()
    {
        Serve();
        var (store, key) = await host.NewStore("vis", "search");
        object P(string id, string? image) => new { id, title = "Product " + id, price = 10m, currency = "EUR", stock = 3, imageUrl = image is null ? null : _base + image };
        var products = new[] { P("red-1", "red-1.png"), P("red-2", "red-2.jpg"), P("blue-1", "blue-1.png"), P("green-1", "green-1.png"), P("broken", "broken.jpg"), P("missing", "nope.png"), P("plain", null) };
        await host.Admin(store).Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }", new { p = products });
        await host.Services.GetRequiredService<VisualIndexes>().DrainAsync(store, TimeSpan.FromSeconds(30), CancellationToken.None);
        return (store, key);
    }

    private static List<string> Ids(System.Text.Json.Nodes.JsonNode r) => r["items"]!.AsArray().Select(i => i!["product"]!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_photo_finds_products_that_look_like_it_and_more_like_this_leaves_the_product_out()
    {
        var (_, key) = await Shop();
        var shopper = host.Storefront(key);
        var photo = Convert.ToBase64String(Pictures.Encode(Pictures.Object(new SKColor(210, 35, 35), size: 300, inset: 0.15f, seed: 9), SKEncodedImageFormat.Jpeg));
        var r = (await shopper.Data(Visual, new { image = "data:image/jpeg;base64," + photo, first = 3 }))["visualSearch"]!;
        Assert.Equal(4, r["indexedImages"]!.GetValue<int>()); // the broken and missing images are not in the gallery
        Assert.Equal(ImageDescriptor.ModelId, r["model"]!.GetValue<string>());
        var ids = Ids(r);
        Assert.Equal(3, ids.Count);
        Assert.Equal(["red-1", "red-2"], ids.Take(2).Order());

        var similar = (await shopper.Data(Similar, new { id = "red-1", first = 10 }))["visuallySimilarProducts"]!;
        Assert.Equal("red-2", Ids(similar)[0]);
        Assert.DoesNotContain("red-1", Ids(similar));
        Assert.Equal(3, Ids(similar).Count);

        // Products whose image is absent or unusable answer with a note, not an error.
        var plain = (await shopper.Data(Similar, new { id = "plain" }))["visuallySimilarProducts"]!;
        Assert.Empty(Ids(plain));
        Assert.Contains("no image", plain["note"]!.GetValue<string>());
        var broken = (await shopper.Data(Similar, new { id = "broken" }))["visuallySimilarProducts"]!;
        Assert.Contains("could not be used", broken["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_pictures_and_unknown_products_are_clear_errors()
    {
        var (_, key) = await Shop();
        var shopper = host.Storefront(key);
        async Task Refused(string query, object variables, string code, string field)
        {
            var r = await shopper.Send(query, variables);
            Assert.Equal(200, r.Status);
            Assert.Equal(code, r.Code);
            Assert.Equal(field, r.Field);
        }
        await Refused(Visual, new { image = "%%% not base64 %%%" }, "BAD_USER_INPUT", "image");
        await Refused(Visual, new { image = Convert.ToBase64String("GIF89a but not really"u8.ToArray()) }, "BAD_USER_INPUT", "image");
        await Refused(Visual, new { image = new string('A', 3_000_000) }, "BAD_USER_INPUT", "image");  // 2.25 MB decoded: over the 2 MB limit
        await Refused(Visual, new { }, "BAD_USER_INPUT", "image");
        await Refused(Visual, new { image = "AAAA", url = "https://example.com/a.jpg" }, "BAD_USER_INPUT", "image");
        await Refused(Visual, new { url = _base + "red-1.png" }, "BAD_USER_INPUT", "imageUrl");          // shoppers may not make us fetch from our own network
        await Refused(Visual, new { url = "ftp://example.com/a.jpg" }, "BAD_USER_INPUT", "imageUrl");
        await Refused(Visual, new { image = "AAAA", first = 0 }, "BAD_USER_INPUT", "first");
        await Refused(Similar, new { id = "no-such-product" }, "NOT_FOUND", "productId");
    }
}

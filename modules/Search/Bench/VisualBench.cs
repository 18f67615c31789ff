using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Catalog;
using RetailCommerce.Modules.Search.Visual;
using RetailCommerce.Testing;

namespace RetailCommerce.Modules.Search.Bench;

/// <summary>
/// Visual search on grocery-store-images: the 81 catalog ("iconic") photos are the products, the 405 in-store dev
/// photos the queries. Two galleries:
/// <list type="bullet">
/// <item><b>catalog</b>: the 81 catalog photos, one per fine class: hit@1/@5 of the query's fine class, and precision@5
/// of products in the same coarse class (apples, juices, …: 1-8 catalog photos each);</item>
/// <item><b>catalog+photos</b>: the 81 catalog photos plus the 405 dev photos as products, each query leaving itself
/// out: precision@5 of same-fine-class products (5 relevant per query: its class's catalog photo and 4 other photos).</item>
/// </list>
/// A random ranking's expected value is printed beside each figure.
/// </summary>
public static class VisualBench
{
    private sealed record Picture(string Path, int Fine, int Coarse, bool Catalog);

    public static async Task RunAsync(string? folderArg, bool throughModule, (float, float, float)? weights)
    {
        var folder = folderArg ?? EvaluationDataset.DatasetFolder("grocery-store-images");
        if (!File.Exists(Path.Combine(folder, "catalog.csv"))) { Console.WriteLine($"grocery.skipped=no catalog.csv in {folder}"); return; }
        if (weights is { } w) ImageDescriptor.Weights = w;
        var catalog = Read(folder, "catalog.csv", catalog: true);
        var queries = Read(folder, "queries_dev.csv", catalog: false);
        var prefix = throughModule ? "grocery.module" : "grocery";
        Console.WriteLine($"{prefix}.catalog_products={catalog.Count} dev_queries={queries.Count} descriptor={ImageDescriptor.ModelId} dims={ImageDescriptor.Dimensions} weights={ImageDescriptor.Weights}");

        Func<IReadOnlyList<Picture>, Picture, int, Task<IReadOnlyList<Picture>>> rank;
        RetailHost? host = null;
        HttpListener? server = null;
        if (throughModule)
        {
            (host, server, rank) = await ModuleRankerAsync(folder, catalog, queries);
        }
        else
        {
            var watch = Stopwatch.StartNew();
            var vectors = catalog.Concat(queries).AsParallel().ToDictionary(p => p, p => ImageDescriptor.Compute(File.ReadAllBytes(Path.Combine(folder, p.Path))));
            Console.WriteLine($"{prefix}.describe_ms_per_image={watch.Elapsed.TotalMilliseconds / vectors.Count * Environment.ProcessorCount:F1}");
            rank = (gallery, query, k) => Task.FromResult<IReadOnlyList<Picture>>(gallery.Where(g => g != query)
                .OrderByDescending(g => System.Numerics.Tensors.TensorPrimitives.Dot(vectors[query], vectors[g])).Take(k).ToList());
        }

        try
        {
            // Gallery 1: catalog photos only.
            double hit1 = 0, hit5 = 0, coarseP5 = 0, randomCoarse = 0;
            foreach (var q in queries)
            {
                var top = await rank(catalog, q, 5);
                hit1 += top.Count > 0 && top[0].Fine == q.Fine ? 1 : 0;
                hit5 += top.Any(t => t.Fine == q.Fine) ? 1 : 0;
                coarseP5 += top.Count(t => t.Coarse == q.Coarse) / 5.0;
                randomCoarse += catalog.Count(c => c.Coarse == q.Coarse) / (double)catalog.Count;
            }
            var n = queries.Count;
            Console.WriteLine($"{prefix}.catalog.fine_hit@1={hit1 / n:F4} random={1.0 / catalog.Count:F4}");
            Console.WriteLine($"{prefix}.catalog.fine_hit@5={hit5 / n:F4} random={5.0 / catalog.Count:F4}");
            Console.WriteLine($"{prefix}.catalog.coarse_precision@5={coarseP5 / n:F4} random={randomCoarse / n:F4}");

            // Gallery 2: catalog photos and the other dev photos.
            var all = catalog.Concat(queries).ToList();
            double fineP5 = 0, randomFine = 0, coarseAllP5 = 0, randomCoarseAll = 0;
            foreach (var q in queries)
            {
                var top = await rank(all, q, 5);
                fineP5 += top.Count(t => t.Fine == q.Fine) / 5.0;
                coarseAllP5 += top.Count(t => t.Coarse == q.Coarse) / 5.0;
                randomFine += (all.Count(a => a.Fine == q.Fine) - 1) / (double)(all.Count - 1);
                randomCoarseAll += (all.Count(a => a.Coarse == q.Coarse) - 1) / (double)(all.Count - 1);
            }
            Console.WriteLine($"{prefix}.catalog+photos.fine_precision@5={fineP5 / n:F4} random={randomFine / n:F4}");
            Console.WriteLine($"{prefix}.catalog+photos.coarse_precision@5={coarseAllP5 / n:F4} random={randomCoarseAll / n:F4}");
        }
        finally
        {
            server?.Stop();
            if (host is not null) await host.DisposeAsync();
        }
    }

    /// <summary>
    /// The module path: a local HTTP server serves the photos, two stores import them as products with image URLs
    /// (catalog only; catalog + dev photos), the background workers fetch and describe them, and every query photo is
    /// sent base64-encoded to <see cref="VisualSearchService.SearchAsync"/> (what <c>visualSearch</c> calls).
    /// </summary>
    private static async Task<(RetailHost, HttpListener, Func<IReadOnlyList<Picture>, Picture, int, Task<IReadOnlyList<Picture>>>)> ModuleRankerAsync(
        string folder, List<Picture> catalog, List<Picture> queries)
    {
        int port;
        HttpListener server;
        for (var attempt = 0; ; attempt++)
        {
            port = Random.Shared.Next(20_000, 60_000);
            server = new HttpListener();
            server.Prefixes.Add($"http://127.0.0.1:{port}/");
            try { server.Start(); break; }
            catch (HttpListenerException) when (attempt < 10) { }
        }
        _ = Task.Run(async () =>
        {
            while (server.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await server.GetContextAsync(); } catch { return; }
                var path = Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath.TrimStart('/'))));
                if (path.StartsWith(folder, StringComparison.Ordinal) && File.Exists(path))
                {
                    var bytes = await File.ReadAllBytesAsync(path);
                    ctx.Response.ContentType = "image/jpeg";
                    await ctx.Response.OutputStream.WriteAsync(bytes);
                }
                else ctx.Response.StatusCode = 404;
                ctx.Response.Close();
            }
        });

        var host = await RetailHost.StartAsync([typeof(Startup).Assembly]);
        var products = host.Services.GetRequiredService<ProductCatalog>();
        var visual = host.Services.GetRequiredService<VisualIndexes>();
        var service = host.Services.GetRequiredService<VisualSearchService>();
        var all = catalog.Concat(queries).ToList();
        var stores = new Dictionary<int, string>();
        var byId = all.ToDictionary(Id);
        foreach (var gallery in new[] { catalog, all })
        {
            var (store, _) = await host.NewStore("visual", "search");
            var watch = Stopwatch.StartNew();
            foreach (var batch in gallery.Chunk(ProductCatalog.MaxBatch))
                await products.ImportAsync(store, batch.Select(p => new ProductInput
                {
                    Id = Id(p), Title = Path.GetFileNameWithoutExtension(p.Path), Price = 1, Stock = 1,
                    ImageUrl = $"http://127.0.0.1:{port}/{string.Join('/', p.Path.Split('/').Select(Uri.EscapeDataString))}",
                }).ToList(), "USD", CancellationToken.None);
            await visual.DrainAsync(store, TimeSpan.FromMinutes(5), CancellationToken.None);
            var g = await visual.GetAsync(store, CancellationToken.None);
            Console.WriteLine($"grocery.module.gallery_{gallery.Count}.indexed_images={g.Count} seconds={watch.Elapsed.TotalSeconds:F1} (fetch + describe + store, {ImageDescriptorWorkers(host)} workers)");
            stores[gallery.Count] = store;
        }
        var cache = new Dictionary<Picture, string>();
        return (host, server, async (gallery, query, k) =>
        {
            if (!cache.TryGetValue(query, out var base64)) cache[query] = base64 = Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(folder, query.Path)));
            // A query photo that is also a product (gallery 2) is left out the way a shopper's own upload would not be in the catalog.
            var result = await service.SearchAsync(stores[gallery.Count], base64, null, k + 1, CancellationToken.None);
            return result.Items.Select(i => byId[i.Product.Id]).Where(p => p != query).Take(k).ToList();
        });
    }

    private static int ImageDescriptorWorkers(RetailHost host) =>
        host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SearchOptions>>().Value.ImageWorkers;

    private static string Id(Picture p) => (p.Catalog ? "catalog-" : "photo-") + Path.GetFileNameWithoutExtension(p.Path);

    private static List<Picture> Read(string folder, string file, bool catalog)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, file));
        var header = lines[0].Split(',');
        int path = Array.IndexOf(header, "image_path"), fine = Array.IndexOf(header, "class_id"), coarse = Array.IndexOf(header, "coarse_class_id");
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(c => new Picture(c[path], int.Parse(c[fine]), int.Parse(c[coarse]), catalog)).ToList();
    }
}

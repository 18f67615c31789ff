using Microsoft.Extensions.Options;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Modules.Search.Visual;

/// <summary>A product found by its picture.</summary>
public sealed record VisualSearchItem(Product Product, double Similarity);

/// <summary>The answer to a visual search.</summary>
/// <param name="Items">Most similar first.</param>
/// <param name="Model">The image descriptor used.</param>
/// <param name="IndexedImages">Product images the store's gallery holds.</param>
/// <param name="PendingImages">Product images still being fetched and described.</param>
/// <param name="Note">Why there are no items, when that is not obvious (e.g. the product has no image).</param>
public sealed record VisualSearchResult(IReadOnlyList<VisualSearchItem> Items, string Model, int IndexedImages, int PendingImages, string? Note);

/// <summary>Visual search ("find products that look like this photo") and "more like this" by product image.</summary>
public sealed class VisualSearchService(VisualIndexes indexes, ProductCatalog catalog, ProductImageFetcher fetcher, IOptions<SearchOptions> options)
{
    /// <summary>Products whose images look most like the shopper's picture (base64, optionally a data: URI, or an http(s) URL).</summary>
    public async Task<VisualSearchResult> SearchAsync(string storeId, string? imageBase64, string? imageUrl, int first, CancellationToken ct)
    {
        CheckFirst(first);
        var hasImage = !string.IsNullOrWhiteSpace(imageBase64);
        var hasUrl = !string.IsNullOrWhiteSpace(imageUrl);
        if (hasImage == hasUrl) throw new RetailError(ErrorCodes.BadUserInput, "image: give exactly one of image (base64) or imageUrl.", "image");
        float[] query;
        if (hasImage)
        {
            var bytes = DecodeBase64(imageBase64!);
            query = Describe(bytes, "image");
        }
        else
        {
            byte[] bytes;
            try { bytes = await fetcher.FetchShopperImageAsync(imageUrl!.Trim(), ct); }
            catch (UnusableImageException e) { throw new RetailError(ErrorCodes.BadUserInput, $"imageUrl: {e.Message}", "imageUrl"); }
            query = Describe(bytes, "imageUrl");
        }
        var gallery = await indexes.GetAsync(storeId, ct);
        return await ResultAsync(storeId, gallery, gallery.Nearest(query, first), null, ct);
    }

    /// <summary>Products whose images look most like this product's image ("more like this").</summary>
    public async Task<VisualSearchResult> SimilarAsync(string storeId, string productId, int first, CancellationToken ct)
    {
        CheckFirst(first);
        if (string.IsNullOrWhiteSpace(productId) || productId.Length > 200) throw new RetailError(ErrorCodes.BadUserInput, "productId: 1-200 characters.", "productId");
        var product = await catalog.FindAsync(storeId, productId, ct) ?? throw new RetailError(ErrorCodes.NotFound, "productId: no such product.", "productId");
        var gallery = await indexes.GetAsync(storeId, ct);
        if (string.IsNullOrWhiteSpace(product.ImageUrl)) return await ResultAsync(storeId, gallery, [], "The product has no image.", ct);
        var vector = gallery.VectorOf(product.Id);
        if (vector is null || gallery.UrlOf(product.Id) != product.ImageUrl)
            return await ResultAsync(storeId, gallery, [], gallery.UrlOf(product.Id) == product.ImageUrl
                ? "The product's image could not be used (not a picture, unreachable or too large)." : "The product's image is still being processed.", ct);
        return await ResultAsync(storeId, gallery, gallery.Nearest(vector, first, exclude: product.Id), null, ct);
    }

    private async Task<VisualSearchResult> ResultAsync(string storeId, VisualGallery gallery, IReadOnlyList<VisualMatch> matches, string? note, CancellationToken ct)
    {
        var products = (await catalog.FindManyAsync(storeId, matches.Select(m => m.ProductId), ct)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var items = matches.Where(m => products.ContainsKey(m.ProductId)).Select(m => new VisualSearchItem(products[m.ProductId], Math.Round(m.Similarity, 4))).ToList();
        return new VisualSearchResult(items, ImageDescriptor.ModelId, gallery.Count, indexes.Pending(storeId),
            note ?? (gallery.Count == 0 ? "The store has no product images yet." : null));
    }

    private byte[] DecodeBase64(string text)
    {
        var payload = text.AsSpan().Trim();
        if (payload.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = payload.IndexOf(',');
            if (comma < 0 || !payload[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
                throw new RetailError(ErrorCodes.BadUserInput, "image: a data: URI must be base64-encoded (data:image/jpeg;base64,...).", "image");
            payload = payload[(comma + 1)..];
        }
        var limit = options.Value.MaxImageBytes;
        if (payload.Length > (limit + 2) / 3 * 4 + 4)
            throw new RetailError(ErrorCodes.BadUserInput, $"image: larger than the {limit / 1024:N0} KB limit.", "image");
        var bytes = new byte[payload.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64Chars(payload, bytes, out var written))
            throw new RetailError(ErrorCodes.BadUserInput, "image: not valid base64.", "image");
        if (written > limit) throw new RetailError(ErrorCodes.BadUserInput, $"image: larger than the {limit / 1024:N0} KB limit.", "image");
        return bytes[..written];
    }

    private static float[] Describe(byte[] bytes, string field)
    {
        try { return ImageDescriptor.Compute(bytes); }
        catch (UnusableImageException e) { throw new RetailError(ErrorCodes.BadUserInput, $"{field}: {e.Message}", field); }
    }

    private static void CheckFirst(int first)
    {
        if (first is < 1 or > 100) throw new RetailError(ErrorCodes.BadUserInput, "first: 1-100.", "first");
    }
}

using System.Numerics.Tensors;
using RetailCommerce.Modules.Search.Visual;
using SkiaSharp;

namespace RetailCommerce.Modules.Search.Tests.Visual;

public sealed class ImageDescriptorTests
{
    private static float[] Describe(SKBitmap bitmap, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using (bitmap) return ImageDescriptor.Compute(Pictures.Encode(bitmap, format));
    }

    private static float Similarity(float[] a, float[] b) => TensorPrimitives.Dot(a, b);

    [Fact]
    public void A_red_picture_is_nearer_another_red_one_than_blue_or_green_ones()
    {
        var red = Describe(Pictures.Object(new SKColor(220, 30, 30), seed: 1));
        var otherRed = Describe(Pictures.Object(new SKColor(200, 20, 40), size: 240, inset: 0.1f, seed: 7), SKEncodedImageFormat.Jpeg);
        var blue = Describe(Pictures.Object(new SKColor(30, 40, 220), seed: 1));
        var green = Describe(Pictures.Object(new SKColor(30, 180, 40), seed: 2));
        Assert.True(Similarity(red, otherRed) > Similarity(red, blue) + 0.1f, $"red~red {Similarity(red, otherRed)} vs red~blue {Similarity(red, blue)}");
        Assert.True(Similarity(red, otherRed) > Similarity(red, green) + 0.1f);
    }

    [Fact]
    public void Stripes_in_the_same_direction_are_nearer_than_stripes_across()
    {
        // Same colours in the same proportions: only texture and edge orientation tell these apart.
        var horizontal = Describe(Pictures.Stripes(horizontal: true, period: 16));
        var shifted = Describe(Pictures.Stripes(horizontal: true, period: 16, offset: 5));
        var vertical = Describe(Pictures.Stripes(horizontal: false, period: 16));
        Assert.True(Similarity(horizontal, shifted) > Similarity(horizontal, vertical), $"{Similarity(horizontal, shifted)} vs {Similarity(horizontal, vertical)}");
    }

    [Fact]
    public void The_descriptor_is_unit_length_and_ignores_the_white_background_size()
    {
        var v = Describe(Pictures.Object(SKColors.Orange, seed: 3));
        Assert.Equal(ImageDescriptor.Dimensions, v.Length);
        Assert.Equal(1f, MathF.Sqrt(TensorPrimitives.SumOfSquares(v)), 3);
        Assert.All(v, x => Assert.True(float.IsFinite(x)));
        // A plain white picture has no colour evidence but must still give a finite vector.
        using var white = new SKBitmap(50, 50);
        white.Erase(SKColors.White);
        Assert.All(ImageDescriptor.Compute(Pictures.Encode(white)), x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void Bytes_that_are_not_a_picture_are_refused_with_a_reason()
    {
        Assert.Throws<UnusableImageException>(() => ImageDescriptor.Compute([]));
        Assert.Throws<UnusableImageException>(() => ImageDescriptor.Compute("not an image at all"u8.ToArray()));
        var png = Pictures.Encode(Pictures.Object(SKColors.Red));
        // A PNG cut in half still has its header: decodable in part or refused, never an unhandled error.
        try { ImageDescriptor.Compute(png.AsSpan(0, 40)); } catch (UnusableImageException) { }
    }

    [Fact]
    public void Nearest_ranks_by_similarity_and_can_leave_the_query_product_out()
    {
        var gallery = new VisualGallery();
        gallery.Set("red", "u1", Describe(Pictures.Object(SKColors.Red, seed: 1)));
        gallery.Set("red-2", "u2", Describe(Pictures.Object(new SKColor(230, 20, 20), seed: 4)));
        gallery.Set("blue", "u3", Describe(Pictures.Object(SKColors.Blue, seed: 1)));
        gallery.Set("broken", "u4", null);
        Assert.Equal(3, gallery.Count);
        var similar = gallery.Nearest(gallery.VectorOf("red")!, 5, exclude: "red");
        Assert.Equal(["red-2", "blue"], similar.Select(m => m.ProductId));
        Assert.True(similar[0].Similarity > similar[1].Similarity);
    }
}

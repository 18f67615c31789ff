using SkiaSharp;

namespace RetailCommerce.Modules.Search.Tests.Visual;

/// <summary>Synthetic product photos drawn with SkiaSharp: an object of one colour on a white background, or stripes.</summary>
public static class Pictures
{
    public static SKBitmap Object(SKColor colour, int size = 160, float inset = 0.2f, int seed = 0)
    {
        var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        var margin = size * inset;
        canvas.DrawOval(SKRect.Create(margin + seed, margin, size - 2 * margin, size - 2 * margin - seed), paint);
        // A little shading and noise so no two pictures are identical.
        var random = new Random(seed);
        using var speck = new SKPaint { Color = colour.WithAlpha(120) };
        for (var i = 0; i < 40; i++) canvas.DrawCircle(random.Next(size), random.Next(size), 1.5f, speck);
        return bitmap;
    }

    public static SKBitmap Stripes(bool horizontal, int period, int offset = 0, int size = 160)
    {
        var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { Color = SKColors.DarkRed };
        for (var p = offset; p < size; p += period)
            canvas.DrawRect(horizontal ? SKRect.Create(0, p, size, period / 2f) : SKRect.Create(p, 0, period / 2f, size), paint);
        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 90)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }
}

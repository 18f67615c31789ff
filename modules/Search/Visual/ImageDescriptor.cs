using SkiaSharp;

namespace RetailCommerce.Modules.Search.Visual;

/// <summary>An image that could not be used: not a decodable picture, too many pixels, or empty.</summary>
public sealed class UnusableImageException(string message) : Exception(message);

/// <summary>
/// The offline image descriptor: no network, no downloaded weights. A picture is decoded with SkiaSharp, its central
/// square scaled to 96×96, and described by three blocks, each L2-normalised, weighted and concatenated
/// (then the whole vector normalised, so a dot product is a cosine):
/// <list type="bullet">
/// <item><b>colour</b>: HSV histograms (12 hues × 2 saturations × 3 values + 4 greys for unsaturated pixels) over the
/// whole image, its centre and its four quadrants (spatial pooling), square-rooted (Hellinger) so one dominant colour
/// does not drown the rest;</item>
/// <item><b>texture</b>: uniform local binary patterns (59 bins) of the grey image, whole and centre;</item>
/// <item><b>shape</b>: gradient-orientation histograms (9 unsigned orientations, magnitude-weighted) on a 4×4 grid, plus
/// the edge density per cell.</item>
/// </list>
/// Near-white pixels are left out of the colour histograms: catalog photos sit on white backgrounds and shoppers'
/// photos do not, so counting the background would make every catalog photo look alike.
/// </summary>
public static class ImageDescriptor
{
    /// <summary>Identifies the descriptor; stored with every vector so a new version recomputes them.</summary>
    public const string ModelId = "visual:hsv-lbp-hog@1";

    /// <summary>Side of the square the descriptor is computed on.</summary>
    public const int Side = 96;

    /// <summary>Largest picture decoded, in pixels (a decompression-bomb guard; 8000×6000).</summary>
    public const long MaxPixels = 48_000_000;

    private const int HueBins = 12, ChromaBins = HueBins * 2 * 3, ColourBins = ChromaBins + 4;
    private const int LbpBins = 59, Orientations = 9, Grid = 4;

    /// <summary>Vector length.</summary>
    public const int Dimensions = 6 * ColourBins + 2 * LbpBins + Grid * Grid * (Orientations + 1);

    /// <summary>Weights of the colour, texture and shape blocks.</summary>
    public static (float Colour, float Texture, float Shape) Weights { get; set; } = (1.0f, 0.3f, 0.3f);

    private static readonly byte[] UniformLbp = BuildUniformTable();

    /// <summary>Decodes an encoded picture (JPEG, PNG, WebP, GIF, BMP…) and describes it.</summary>
    /// <exception cref="UnusableImageException">The bytes are not a picture SkiaSharp can decode, or it is too large.</exception>
    public static float[] Compute(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty) throw new UnusableImageException("the image is empty.");
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new UnusableImageException("the bytes are not an image format that can be decoded (JPEG, PNG, WebP, GIF or BMP).");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) throw new UnusableImageException("the image has no pixels.");
        if ((long)info.Width * info.Height > MaxPixels) throw new UnusableImageException($"the image has more than {MaxPixels:N0} pixels.");
        // JPEG can decode straight to a smaller size, which is most of the decoding cost saved.
        var scale = Math.Min(1f, 2f * Side / Math.Min(info.Width, info.Height));
        var size = codec.GetScaledDimensions(scale);
        using var decoded = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new UnusableImageException($"the image could not be decoded ({result}).");
        return Compute(decoded);
    }

    /// <summary>Describes a decoded bitmap.</summary>
    public static float[] Compute(SKBitmap bitmap)
    {
        var side = Math.Min(bitmap.Width, bitmap.Height);
        using var square = new SKBitmap();
        if (!bitmap.ExtractSubset(square, SKRectI.Create((bitmap.Width - side) / 2, (bitmap.Height - side) / 2, side, side)))
            throw new UnusableImageException("the image could not be cropped.");
        using var small = square.Resize(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new UnusableImageException("the image could not be scaled.");
        var pixels = small.GetPixelSpan();
        return Describe(pixels);
    }

    /// <summary>The descriptor of 96×96 RGBA pixels.</summary>
    internal static float[] Describe(ReadOnlySpan<byte> rgba)
    {
        const int n = Side * Side;
        var grey = new float[n];
        var colourBin = new ColourVote[n];
        for (var i = 0; i < n; i++)
        {
            float r = rgba[4 * i] / 255f, g = rgba[4 * i + 1] / 255f, b = rgba[4 * i + 2] / 255f;
            grey[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            colourBin[i] = ColourBin(r, g, b);
        }

        var vector = new float[Dimensions];
        var span = vector.AsSpan();
        // Colour: whole, centre, four quadrants.
        var colour = span[..(6 * ColourBins)];
        const int h = Side / 2, q = Side / 4;
        ColourHistogram(colourBin, 0, 0, Side, Side, colour[..ColourBins]);
        ColourHistogram(colourBin, q, q, h, h, colour.Slice(ColourBins, ColourBins));
        for (var k = 0; k < 4; k++)
            ColourHistogram(colourBin, (k % 2) * h, (k / 2) * h, h, h, colour.Slice((2 + k) * ColourBins, ColourBins));
        Finish(colour, Weights.Colour);

        // Texture: uniform LBP, whole and centre.
        var texture = span.Slice(6 * ColourBins, 2 * LbpBins);
        LbpHistogram(grey, 1, 1, Side - 2, Side - 2, texture[..LbpBins]);
        LbpHistogram(grey, q, q, h, h, texture[LbpBins..]);
        Finish(texture, Weights.Texture);

        // Shape: orientation histograms and edge density on a 4×4 grid.
        var shape = span[(6 * ColourBins + 2 * LbpBins)..];
        GradientHistograms(grey, shape);
        Finish(shape, Weights.Shape);

        Normalize(span);
        return vector;
    }

    /// <summary>A pixel's colour vote: two neighbouring hue bins share it (hue is a circle, so pure red sits between the last and the first bin); First = -1 for background.</summary>
    private readonly record struct ColourVote(short First, short Second, float SecondShare);

    /// <summary>Colour bins of a pixel, or First = -1 for near-white (background) pixels.</summary>
    private static ColourVote ColourBin(float r, float g, float b)
    {
        var max = Math.Max(r, Math.Max(g, b));
        var min = Math.Min(r, Math.Min(g, b));
        var v = max;
        var s = max <= 0 ? 0 : (max - min) / max;
        if (v > 0.92f && s < 0.08f) return new(-1, -1, 0);
        if (s < 0.2f || v < 0.12f) { var grey = (short)(ChromaBins + Math.Min(3, (int)(v * 4))); return new(grey, grey, 0); } // greys: hue means nothing
        float hue;
        var d = max - min;
        if (max == r) hue = (g - b) / d % 6;
        else if (max == g) hue = (b - r) / d + 2;
        else hue = (r - g) / d + 4;
        hue = (hue < 0 ? hue + 6 : hue) / 6f;
        // Bin centres at (k + 0.5) / HueBins: a hue between two centres votes for both, in proportion.
        var position = hue * HueBins - 0.5f;
        var lower = (int)MathF.Floor(position);
        var share = position - lower;
        var h1 = (lower + HueBins) % HueBins;
        var h2 = (lower + 1) % HueBins;
        var sb = s < 0.55f ? 0 : 1;
        var vb = v < 0.4f ? 0 : v < 0.75f ? 1 : 2;
        return new((short)((h1 * 2 + sb) * 3 + vb), (short)((h2 * 2 + sb) * 3 + vb), share);
    }

    private static void ColourHistogram(ColourVote[] votes, int x0, int y0, int w, int hgt, Span<float> into)
    {
        for (var y = y0; y < y0 + hgt; y++)
        for (var x = x0; x < x0 + w; x++)
        {
            var vote = votes[y * Side + x];
            if (vote.First < 0) continue;
            into[vote.First] += 1 - vote.SecondShare;
            into[vote.Second] += vote.SecondShare;
        }
        Normalize(into, sqrt: true);
    }

    private static void LbpHistogram(float[] grey, int x0, int y0, int w, int hgt, Span<float> into)
    {
        for (var y = Math.Max(1, y0); y < Math.Min(Side - 1, y0 + hgt); y++)
        for (var x = Math.Max(1, x0); x < Math.Min(Side - 1, x0 + w); x++)
        {
            var c = grey[y * Side + x] + 0.01f; // a small threshold so flat areas are one pattern, not noise
            var code = 0;
            if (grey[(y - 1) * Side + x - 1] >= c) code |= 1;
            if (grey[(y - 1) * Side + x] >= c) code |= 2;
            if (grey[(y - 1) * Side + x + 1] >= c) code |= 4;
            if (grey[y * Side + x + 1] >= c) code |= 8;
            if (grey[(y + 1) * Side + x + 1] >= c) code |= 16;
            if (grey[(y + 1) * Side + x] >= c) code |= 32;
            if (grey[(y + 1) * Side + x - 1] >= c) code |= 64;
            if (grey[y * Side + x - 1] >= c) code |= 128;
            into[UniformLbp[code]] += 1;
        }
        Normalize(into, sqrt: true);
    }

    private static void GradientHistograms(float[] grey, Span<float> into)
    {
        const int cell = Side / Grid, width = Orientations + 1;
        for (var y = 1; y < Side - 1; y++)
        for (var x = 1; x < Side - 1; x++)
        {
            var gx = grey[y * Side + x + 1] - grey[y * Side + x - 1];
            var gy = grey[(y + 1) * Side + x] - grey[(y - 1) * Side + x];
            var magnitude = MathF.Sqrt(gx * gx + gy * gy);
            if (magnitude < 0.02f) continue;
            var angle = MathF.Atan2(gy, gx);
            if (angle < 0) angle += MathF.PI; // unsigned: a light-to-dark edge is the same shape as dark-to-light
            var bin = Math.Min(Orientations - 1, (int)(angle / MathF.PI * Orientations));
            var c = (y / cell) * Grid + x / cell;
            into[c * width + bin] += magnitude;
            if (magnitude > 0.15f) into[c * width + Orientations] += 0.5f; // edge density
        }
        for (var c = 0; c < Grid * Grid; c++) Normalize(into.Slice(c * width, width));
    }

    private static void Finish(Span<float> block, float weight)
    {
        Normalize(block, sqrt: false);
        if (weight != 1) foreach (ref var v in block) v *= weight;
    }

    private static void Normalize(Span<float> v, bool sqrt = false)
    {
        if (sqrt)
        {
            var sum = 0f;
            foreach (var x in v) sum += x;
            if (sum <= 0) return;
            foreach (ref var x in v) x = MathF.Sqrt(x / sum);
            return;
        }
        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(v));
        if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
    }

    /// <summary>Maps the 256 8-bit patterns to 58 uniform ones (at most two 0/1 transitions) and one bin for the rest.</summary>
    private static byte[] BuildUniformTable()
    {
        var table = new byte[256];
        byte next = 0;
        for (var code = 0; code < 256; code++)
        {
            var transitions = 0;
            for (var bit = 0; bit < 8; bit++)
                if (((code >> bit) & 1) != ((code >> ((bit + 1) % 8)) & 1)) transitions++;
            table[code] = transitions <= 2 ? next++ : (byte)(LbpBins - 1);
        }
        return table;
    }
}

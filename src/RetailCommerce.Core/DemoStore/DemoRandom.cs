namespace RetailCommerce.DemoStore;

/// <summary>
/// Draws on top of <see cref="Random"/>. A seeded <see cref="Random"/> yields the same sequence on every
/// .NET version and platform, so everything drawn here is reproducible from the seed alone.
/// </summary>
internal static class DemoRandom
{
    /// <summary>True with probability <paramref name="p"/>.</summary>
    public static bool Chance(this Random random, double p) => random.NextDouble() < p;

    /// <summary>One element, uniformly.</summary>
    public static T PickOne<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double Gaussian(this Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A Poisson draw (Knuth's method; the means used here are small).</summary>
    public static int Poisson(this Random random, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 500) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * random.Gaussian()));
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit) { k++; p *= random.NextDouble(); }
        return k;
    }

    /// <summary>A number of extra steps, each taken with probability <paramref name="p"/> (geometric, capped).</summary>
    public static int Geometric(this Random random, double p, int max)
    {
        var n = 0;
        while (n < max && random.Chance(p)) n++;
        return n;
    }

    /// <summary>A whole number of seconds between the bounds, as a span.</summary>
    public static TimeSpan Seconds(this Random random, int min, int max) => TimeSpan.FromSeconds(random.Next(min, max + 1));

    /// <summary>A day between the bounds (inclusive), as a span.</summary>
    public static TimeSpan Days(this Random random, int min, int max) => TimeSpan.FromDays(random.Next(min, max + 1));
}

namespace RetailCommerce.Modules.Pricing.Forecasting;

/// <summary>
/// One product's daily unit sales from <see cref="Start"/> on, with the price it sold at, whether it was on
/// promotion, and which days were stock-outs. A stock-out day's sales say only "at least this many" (censored
/// demand), so it is neither a training target nor a lag value: features skip it instead of reading a zero.
/// </summary>
public sealed class DemandSeries
{
    public DemandSeries(string productId, string? category, DateOnly start, float[] units, bool[]? censored = null, float[]? price = null, bool[]? promotion = null)
    {
        ProductId = productId;
        Category = category;
        Start = start;
        Units = units;
        Censored = censored ?? new bool[units.Length];
        Price = price ?? Enumerable.Repeat(float.NaN, units.Length).ToArray();
        Promotion = promotion ?? new bool[units.Length];
    }

    public string ProductId { get; }
    /// <summary>The product's category (for cold start and reconciliation); null when it has none.</summary>
    public string? Category { get; }
    /// <summary>The first day (index 0).</summary>
    public DateOnly Start { get; }
    /// <summary>Units sold per day.</summary>
    public float[] Units { get; }
    /// <summary>True on stock-out days (demand unknown, at least <see cref="Units"/>).</summary>
    public bool[] Censored { get; }
    /// <summary>Average selling price per day; NaN when nothing sold and no price is known.</summary>
    public float[] Price { get; }
    /// <summary>True on days the product was on promotion.</summary>
    public bool[] Promotion { get; }

    public int Length => Units.Length;
    /// <summary>The last day with data.</summary>
    public DateOnly End => Start.AddDays(Length - 1);
    public DateOnly DayAt(int index) => Start.AddDays(index);
    public int IndexOf(DateOnly day) => day.DayNumber - Start.DayNumber;

    /// <summary>Units on a day, or NaN when the day is outside the series or censored.</summary>
    public float Observed(int index) => index < 0 || index >= Length || Censored[index] ? float.NaN : Units[index];

    /// <summary>The first <paramref name="length"/> days (for back-tests: forecast what came after).</summary>
    public DemandSeries Truncate(int length) =>
        new(ProductId, Category, Start, Units[..length], Censored[..length], Price[..length], Promotion[..length]);

    /// <summary>Days with positive, uncensored sales.</summary>
    public int SellingDays => Units.Where((u, i) => u > 0 && !Censored[i]).Count();

    /// <summary>The sum of several series over their common calendar (a category or store total), for reconciliation and cold start.</summary>
    public static DemandSeries Sum(string id, string? category, IReadOnlyList<DemandSeries> parts, bool average = false)
    {
        var start = parts.Min(p => p.Start);
        var end = parts.Max(p => p.End);
        var n = end.DayNumber - start.DayNumber + 1;
        var units = new float[n];
        var counts = new int[n];
        var censored = new bool[n];
        foreach (var p in parts)
        {
            var offset = p.Start.DayNumber - start.DayNumber;
            for (var i = 0; i < p.Length; i++)
            {
                units[offset + i] += p.Units[i];
                counts[offset + i]++;
                // A total with a stocked-out member is itself a lower bound.
                censored[offset + i] |= p.Censored[i];
            }
        }
        if (average)
            for (var i = 0; i < n; i++) units[i] = counts[i] == 0 ? 0 : units[i] / counts[i];
        return new DemandSeries(id, category, start, units, censored);
    }
}

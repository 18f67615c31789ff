namespace RetailCommerce.Modules.Pricing.Forecasting;

/// <summary>
/// Turns a series, a forecast origin (the last known day) and a target day into the model's features. Every
/// volume feature is divided by the product's level (mean daily units over the year before the origin), so one
/// global model serves fast and slow sellers alike, and a category's average series works for cold starts.
/// The model is direct: it sees only what was known at the origin, so a 60-day-ahead forecast never feeds on
/// its own earlier guesses.
/// </summary>
public sealed class DemandFeatures
{
    /// <summary>Feature names, in vector order (documentation and diagnostics).</summary>
    public static readonly string[] Names =
    [
        "horizon", "dayOfWeek", "yearSin1", "yearCos1", "yearSin2", "yearCos2", "yearSin3", "yearCos3", "dayOfMonth",
        "lag364", "lag364Week", "lag728", "lastSameWeekday", "sameWeekday4w", "mean7", "mean28", "mean91",
        "yearOnYear", "lastYearLevelAtTarget", "seasonalNaiveGrowth", "holiday", "daysToHoliday", "daysSinceHoliday",
        "priceRatio", "promotion", "logLevel",
    ];

    public const int Count = 26;

    /// <summary>Fewest uncensored days before the origin for the series to be modelled on its own.</summary>
    public const int MinHistoryDays = 28;

    private readonly DemandSeries _s;
    private readonly double[] _sum;   // prefix sums of uncensored units
    private readonly int[] _count;    // prefix counts of uncensored days
    private readonly HolidayCalendar _holidays;

    public DemandFeatures(DemandSeries series, HolidayCalendar holidays)
    {
        _s = series;
        _holidays = holidays;
        _sum = new double[series.Length + 1];
        _count = new int[series.Length + 1];
        for (var i = 0; i < series.Length; i++)
        {
            var ok = !series.Censored[i];
            _sum[i + 1] = _sum[i] + (ok ? series.Units[i] : 0);
            _count[i + 1] = _count[i] + (ok ? 1 : 0);
        }
    }

    public DemandSeries Series => _s;

    /// <summary>Mean uncensored units over days [from, to] (clipped to the series), NaN when none.</summary>
    public float Mean(int from, int to)
    {
        from = Math.Max(from, 0);
        to = Math.Min(to, _s.Length - 1);
        if (to < from) return float.NaN;
        var n = _count[to + 1] - _count[from];
        return n == 0 ? float.NaN : (float)((_sum[to + 1] - _sum[from]) / n);
    }

    /// <summary>Uncensored days in [from, to].</summary>
    public int Observed(int from, int to)
    {
        from = Math.Max(from, 0);
        to = Math.Min(to, _s.Length - 1);
        return to < from ? 0 : _count[to + 1] - _count[from];
    }

    /// <summary>The level (mean daily units over the 364 days up to the origin), or null when history is too short.</summary>
    public float? Level(int origin)
    {
        if (Observed(origin - 363, origin) < MinHistoryDays) return null;
        return Math.Max(Mean(origin - 363, origin), 0.05f);
    }

    /// <summary>The typical price over the 91 days up to the origin (median of known prices), NaN when none is known.</summary>
    public float ReferencePrice(int origin)
    {
        var prices = new List<float>();
        for (var i = Math.Max(0, origin - 90); i <= origin && i < _s.Length; i++)
            if (!float.IsNaN(_s.Price[i]) && _s.Price[i] > 0) prices.Add(_s.Price[i]);
        if (prices.Count == 0) return float.NaN;
        prices.Sort();
        return prices[prices.Count / 2];
    }

    /// <summary>
    /// Fills <paramref name="x"/> for target index <paramref name="target"/> (after <paramref name="origin"/>).
    /// <paramref name="price"/> and <paramref name="promotion"/> are the planned ones for the target day.
    /// </summary>
    public void Fill(Span<float> x, int origin, int target, float level, float referencePrice, float price, bool promotion)
    {
        var h = target - origin;
        var day = _s.DayAt(target);
        var l = level;
        x[0] = h;
        x[1] = (int)day.DayOfWeek;
        var angle = 2 * Math.PI * (day.DayOfYear - 1) / 365.25;
        for (var k = 1; k <= 3; k++)
        {
            x[2 * k] = (float)Math.Sin(k * angle);
            x[2 * k + 1] = (float)Math.Cos(k * angle);
        }
        x[8] = day.Day;
        x[9] = _s.Observed(target - 364) / l;
        x[10] = Mean(target - 367, target - 361) / l;
        x[11] = _s.Observed(target - 728) / l;
        var lastSame = target - 7 * ((h + 6) / 7); // the latest day on or before the origin with the target's weekday
        x[12] = _s.Observed(lastSame) / l;
        x[13] = SameWeekdayMean(lastSame, 4) / l;
        var m7 = Mean(origin - 6, origin);
        var m28 = Mean(origin - 27, origin);
        x[14] = m7 / l;
        x[15] = m28 / l;
        x[16] = Mean(origin - 90, origin) / l;
        var m28LastYear = Mean(origin - 364 - 27, origin - 364);
        x[17] = m28 / m28LastYear;
        x[18] = Mean(target - 364 - 14, target - 364 + 14) / l;
        // Last year's same week, grown by how this year's last four weeks compare with last year's: the
        // multiplicative seasonal-naive guess, which trees cannot form from its parts.
        x[19] = Mean(target - 367, target - 361) / m28LastYear * m28 / l;
        x[20] = _holidays.IsHoliday(day) ? 1 : 0;
        x[21] = _holidays.DaysToNext(day);
        x[22] = _holidays.DaysSinceLast(day);
        x[23] = float.IsNaN(referencePrice) || float.IsNaN(price) || referencePrice <= 0 ? 1f : price / referencePrice;
        x[24] = promotion ? 1 : 0;
        x[25] = MathF.Log(l);
    }

    private float SameWeekdayMean(int last, int weeks)
    {
        double sum = 0;
        var n = 0;
        for (var k = 0; k < weeks; k++)
        {
            var v = _s.Observed(last - 7 * k);
            if (float.IsNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? float.NaN : (float)(sum / n);
    }
}

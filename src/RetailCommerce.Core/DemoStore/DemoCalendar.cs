namespace RetailCommerce.DemoStore;

/// <summary>A holiday shopping peak: from the Monday of Black Friday week to 23 December (inclusive).</summary>
/// <param name="Start">First day of the peak (00:00 UTC).</param>
/// <param name="End">The day after the peak's last day (exclusive).</param>
/// <param name="BlackFriday">The Friday after the fourth Thursday of November.</param>
public sealed record HolidayPeak(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset BlackFriday)
{
    /// <summary>True when the instant falls in the peak.</summary>
    public bool Contains(DateTimeOffset t) => t >= Start && t < End;
}

/// <summary>
/// The demo store's clock of demand: weekly seasonality (weekend peak), the time of day, traffic by
/// month, the holiday peak and the quiet days around Christmas. All in UTC.
/// </summary>
public sealed class DemoCalendar
{
    /// <summary>Visit multiplier per weekday, Monday first: Saturday and Sunday are the busiest days.</summary>
    public static readonly double[] WeekdayFactors = [0.9, 0.85, 0.88, 0.92, 1.0, 1.3, 1.35];

    /// <summary>Overall visit multiplier per calendar month, January first (departments add their own on top).</summary>
    public static readonly double[] TrafficByMonth = [1.0, 0.85, 0.9, 0.95, 1.0, 0.95, 0.9, 0.9, 0.95, 1.0, 1.05, 1.1];

    /// <summary>Visit multiplier during the holiday peak.</summary>
    public const double HolidayTrafficFactor = 1.7;

    /// <summary>Multiplier of the chance that a visit ends in an order during the holiday peak.</summary>
    public const double HolidayPurchaseFactor = 1.3;

    /// <summary>Visit multiplier on 24-26 December, when shoppers are away from their screens.</summary>
    public const double ChristmasLullFactor = 0.5;

    // Relative share of visits starting in each hour of the day: a small morning bump and an evening peak.
    private static readonly double[] HourWeights =
        [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1.0, 1.0, 1.1, 1.2, 1.1, 1.0, 1.0, 1.1, 1.2, 1.4, 1.7, 1.9, 1.8, 1.3, 0.7];
    private static readonly double[] HourCumulative = Cumulative(HourWeights);

    /// <summary>The calendar of a history.</summary>
    public DemoCalendar(DateTimeOffset start, DateTimeOffset end)
    {
        Start = start;
        End = end;
        var peaks = new List<HolidayPeak>();
        for (var year = start.Year; year <= end.Year; year++)
        {
            var peak = PeakOf(year);
            if (peak.End > start && peak.Start < end) peaks.Add(peak);
        }
        Peaks = peaks;
    }

    /// <summary>First instant of the history.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>End of the history (exclusive).</summary>
    public DateTimeOffset End { get; }

    /// <summary>The holiday peaks that overlap the history.</summary>
    public IReadOnlyList<HolidayPeak> Peaks { get; }

    /// <summary>The holiday peak of a year.</summary>
    public static HolidayPeak PeakOf(int year)
    {
        var november = new DateTimeOffset(year, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var firstThursday = november.AddDays(((int)DayOfWeek.Thursday - (int)november.DayOfWeek + 7) % 7);
        var blackFriday = firstThursday.AddDays(22);
        return new HolidayPeak(blackFriday.AddDays(-4), new DateTimeOffset(year, 12, 24, 0, 0, 0, TimeSpan.Zero), blackFriday);
    }

    /// <summary>True when the instant falls in a holiday peak.</summary>
    public bool InPeak(DateTimeOffset t) => Peaks.Any(p => p.Contains(t));

    /// <summary>Visit multiplier of a day, before persona and department effects.</summary>
    public double TrafficFactor(DateTimeOffset day)
    {
        var factor = WeekdayFactors[((int)day.DayOfWeek + 6) % 7] * TrafficByMonth[day.Month - 1];
        if (InPeak(day)) factor *= HolidayTrafficFactor;
        if (day.Month == 12 && day.Day is >= 24 and <= 26) factor *= ChristmasLullFactor;
        return factor;
    }

    /// <summary>A visit's start within a day, drawn from the time-of-day profile.</summary>
    public static TimeSpan TimeOfDay(Random random)
    {
        var hour = Pick(HourCumulative, random.NextDouble());
        return TimeSpan.FromHours(hour) + TimeSpan.FromSeconds(random.Next(0, 3600));
    }

    internal static double[] Cumulative(IReadOnlyList<double> weights)
    {
        var cumulative = new double[weights.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++) cumulative[i] = sum += weights[i];
        return cumulative;
    }

    /// <summary>Index whose cumulative weight first exceeds <paramref name="unit"/> times the total.</summary>
    internal static int Pick(double[] cumulative, double unit)
    {
        var target = unit * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, cumulative.Length - 1);
    }
}

namespace RetailCommerce.Modules.Pricing.Forecasting;

/// <summary>
/// A store's holidays. Fixed-date defaults (New Year, Christmas Eve and Day, Boxing Day, New Year's Eve) plus
/// whatever dates the merchant adds in the pricing settings; the model learns what each does to demand.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly SortedSet<DateOnly> _extra;
    private readonly bool _defaults;

    public HolidayCalendar(IEnumerable<DateOnly>? extra = null, bool includeDefaults = true)
    {
        _extra = new SortedSet<DateOnly>(extra ?? []);
        _defaults = includeDefaults;
    }

    /// <summary>The default calendar (fixed-date Western holidays only).</summary>
    public static HolidayCalendar Default { get; } = new();

    public bool IsHoliday(DateOnly day) =>
        _extra.Contains(day) || (_defaults && (day is { Month: 1, Day: 1 } or { Month: 12, Day: 24 or 25 or 26 or 31 }));

    /// <summary>Days until the next holiday, capped at <paramref name="cap"/>.</summary>
    public int DaysToNext(DateOnly day, int cap = 14)
    {
        for (var k = 0; k <= cap; k++) if (IsHoliday(day.AddDays(k))) return k;
        return cap;
    }

    /// <summary>Days since the last holiday, capped at <paramref name="cap"/>.</summary>
    public int DaysSinceLast(DateOnly day, int cap = 14)
    {
        for (var k = 0; k <= cap; k++) if (IsHoliday(day.AddDays(-k))) return k;
        return cap;
    }
}

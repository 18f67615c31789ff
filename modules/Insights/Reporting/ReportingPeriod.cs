using System.Globalization;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Modules.Insights.Reporting;

/// <summary>An inclusive range of store days (UTC dates) that a report covers, at most <see cref="MaxDays"/> days.</summary>
public sealed record ReportingPeriod
{
    /// <summary>The longest period one report may cover (a leap year).</summary>
    public const int MaxDays = 366;

    private ReportingPeriod(DateOnly from, DateOnly to) => (From, To) = (from, to);

    /// <summary>First day, inclusive.</summary>
    public DateOnly From { get; }

    /// <summary>Last day, inclusive.</summary>
    public DateOnly To { get; }

    /// <summary>Number of days covered.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Every day of the period, in order.</summary>
    public IEnumerable<DateOnly> EachDay() => Enumerable.Range(0, Days).Select(From.AddDays);

    /// <summary>
    /// The period from the caller's arguments, or a <c>BAD_USER_INPUT</c> error naming the argument at fault:
    /// <c>from</c> when it is after <c>to</c>, <c>to</c> when the period is longer than <see cref="MaxDays"/> days.
    /// </summary>
    public static ReportingPeriod Of(DateOnly from, DateOnly to)
    {
        if (from > to)
            throw new RetailError(ErrorCodes.BadUserInput, string.Create(CultureInfo.InvariantCulture, $"from ({from:yyyy-MM-dd}) must not be after to ({to:yyyy-MM-dd})."), "from");
        var days = to.DayNumber - from.DayNumber + 1;
        if (days > MaxDays)
            throw new RetailError(ErrorCodes.BadUserInput, $"to: the period may cover at most {MaxDays} days (got {days}).", "to");
        return new ReportingPeriod(from, to);
    }

    /// <summary>The <paramref name="days"/> days ending with <paramref name="lastDay"/> (for "last 30 days" views).</summary>
    public static ReportingPeriod Ending(DateOnly lastDay, int days) => Of(lastDay.AddDays(1 - days), lastDay);
}

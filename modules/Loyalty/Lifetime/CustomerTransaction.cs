namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>
/// One purchase as the store recorded it: who bought, on which calendar day, and for how much.
/// </summary>
/// <param name="CustomerId">The store's customer identifier.</param>
/// <param name="Date">The calendar day of the purchase (the time of day is irrelevant to the models).</param>
/// <param name="Amount">The order value in the store's currency.</param>
public readonly record struct CustomerTransaction(string CustomerId, DateOnly Date, decimal Amount);

/// <summary>
/// The time unit in which recency, age and forecast horizons are expressed.
/// Fitted parameters are only meaningful in the unit they were fitted in (alpha is a rate per unit).
/// </summary>
public enum PeriodUnit
{
    /// <summary>Time measured in days.</summary>
    Days,

    /// <summary>Time measured in weeks of seven days (the unit used by the BG/NBD paper).</summary>
    Weeks,
}

/// <summary>Conversions between <see cref="PeriodUnit"/> and days.</summary>
public static class PeriodUnitExtensions
{
    /// <summary>How many days one unit spans.</summary>
    public static double DaysPerUnit(this PeriodUnit unit) => unit switch
    {
        PeriodUnit.Days => 1.0,
        PeriodUnit.Weeks => 7.0,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown period unit."),
    };
}

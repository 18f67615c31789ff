namespace RetailCommerce.DemoStore;

/// <summary>
/// What the generator planted, so a module can be checked against it: who behaves how, which products go
/// together, when prices were cut, when products arrived, when demand peaks, how often things come back.
/// </summary>
public sealed class DemoGroundTruth
{
    /// <summary>Seed the store was drawn from.</summary>
    public required int Seed { get; init; }
    /// <summary>First instant of the history.</summary>
    public required DateTimeOffset Start { get; init; }
    /// <summary>End of the history (exclusive).</summary>
    public required DateTimeOffset End { get; init; }
    /// <summary>Persona of every customer, by customer id.</summary>
    public required IReadOnlyDictionary<string, Persona> Personas { get; init; }
    /// <summary>Customers who stop visiting for good within the history, with the day they stop.</summary>
    public required IReadOnlyDictionary<string, DateTimeOffset> Churned { get; init; }
    /// <summary>Product pairs bought together far above chance.</summary>
    public required IReadOnlyList<BoughtTogetherPair> BoughtTogether { get; init; }
    /// <summary>Chance that buying one product of a pair adds the other to the order.</summary>
    public required double PairAttachChance { get; init; }
    /// <summary>The promotions, in start order.</summary>
    public required IReadOnlyList<DemoPromotion> Promotions { get; init; }
    /// <summary>Products launched during the history, with their launch day; they have no event before it.</summary>
    public required IReadOnlyDictionary<string, DateTimeOffset> Launches { get; init; }
    /// <summary>Planted relative demand of every product within its leaf category.</summary>
    public required IReadOnlyDictionary<string, double> Popularity { get; init; }
    /// <summary>The holiday peaks inside the history.</summary>
    public required IReadOnlyList<HolidayPeak> HolidayPeaks { get; init; }
    /// <summary>Visit multiplier per weekday, Monday first.</summary>
    public required IReadOnlyList<double> WeekdayFactors { get; init; }
    /// <summary>Demand multiplier per department and calendar month (January first).</summary>
    public required IReadOnlyDictionary<string, double[]> DepartmentMonthFactors { get; init; }
    /// <summary>Share of purchased items returned, per leaf category path, before persona effects.</summary>
    public required IReadOnlyDictionary<string, double> ReturnRates { get; init; }
}

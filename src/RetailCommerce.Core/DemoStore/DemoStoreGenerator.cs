using RetailCommerce.Catalog;
using RetailCommerce.Customers;
using RetailCommerce.Tracking;

namespace RetailCommerce.DemoStore;

/// <summary>
/// A believable store drawn from a seed: a catalog across a three-level category tree, customers with
/// personas, and a history of visits with weekly and yearly seasonality, a holiday peak, promotions,
/// products bought together, new arrivals and returns. Pure: it touches no store, clock or file, and equal
/// <see cref="DemoStoreOptions"/> give equal output. <see cref="Events"/> streams, so memory stays small.
/// </summary>
public sealed class DemoStoreGenerator
{
    private readonly int _simulationSeed;

    /// <summary>Draws the catalog, customers, pairs and promotions; events are simulated on enumeration.</summary>
    public DemoStoreGenerator(DemoStoreOptions options)
    {
        options.Validate();
        Options = options;
        Calendar = new DemoCalendar(options.StartDate, options.EndDate);
        // One random source, consumed in a fixed order; the simulation gets its own seed drawn from it so that
        // enumerating the events (any number of times) never depends on what else was enumerated first.
        var random = new Random(options.Seed);
        var planner = new DemoStorePlanner(options, Calendar, random);
        CatalogProducts = planner.PlanProducts();
        Pairs = planner.PlanPairs(CatalogProducts);
        Promotions = planner.PlanPromotions(CatalogProducts);
        CatalogCustomers = planner.PlanCustomers();
        _simulationSeed = random.Next();
        GroundTruth = BuildGroundTruth();
    }

    /// <summary>The options the store was drawn with.</summary>
    public DemoStoreOptions Options { get; }

    /// <summary>The history's calendar (seasonality, holiday peaks).</summary>
    public DemoCalendar Calendar { get; }

    /// <summary>The catalog with its planted facts.</summary>
    public IReadOnlyList<DemoProduct> CatalogProducts { get; }

    /// <summary>The customers with their planted behaviour.</summary>
    public IReadOnlyList<DemoCustomer> CatalogCustomers { get; }

    /// <summary>The planted "bought together" pairs.</summary>
    public IReadOnlyList<BoughtTogetherPair> Pairs { get; }

    /// <summary>The promotions, in start order.</summary>
    public IReadOnlyList<DemoPromotion> Promotions { get; }

    /// <summary>What was planted.</summary>
    public DemoGroundTruth GroundTruth { get; }

    /// <summary>The catalog as import inputs (new objects on every call).</summary>
    public IEnumerable<ProductInput> Products() => CatalogProducts.Select(p => p.ToInput(Options.Currency));

    /// <summary>The customers as import inputs (new objects on every call).</summary>
    public IEnumerable<CustomerInput> Customers() => CatalogCustomers.Select(c => c.ToInput());

    /// <summary>
    /// The history's events in time order, each with a deterministic id (its idempotency key). Every
    /// enumeration simulates afresh from the same seed and yields the same events.
    /// </summary>
    public IEnumerable<EventInput> Events() =>
        new DemoShopperSimulation(Options, Calendar, CatalogProducts, CatalogCustomers, Promotions, Pairs, _simulationSeed).Run();

    private DemoGroundTruth BuildGroundTruth() => new()
    {
        Seed = Options.Seed,
        Start = Calendar.Start,
        End = Calendar.End,
        Personas = CatalogCustomers.ToDictionary(c => c.Id, c => c.Persona),
        Churned = CatalogCustomers.Where(c => c.ChurnsAt is not null).ToDictionary(c => c.Id, c => c.ChurnsAt!.Value),
        BoughtTogether = Pairs,
        PairAttachChance = Options.PairAttachChance,
        Promotions = Promotions,
        Launches = CatalogProducts.Where(p => p.LaunchedAt >= Calendar.Start).ToDictionary(p => p.Id, p => p.LaunchedAt),
        Popularity = CatalogProducts.ToDictionary(p => p.Id, p => p.Popularity),
        HolidayPeaks = Calendar.Peaks,
        WeekdayFactors = DemoCalendar.WeekdayFactors,
        DepartmentMonthFactors = DemoCatalogBlueprint.Departments.ToDictionary(d => d.Name, d => d.MonthFactors),
        ReturnRates = DemoCatalogBlueprint.Leaves.ToDictionary(l => l.Path, l => l.ReturnRate),
    };
}

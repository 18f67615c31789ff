namespace RetailCommerce.DemoStore;

/// <summary>
/// The knobs of the demo store. Equal options give an equal store, event for event: every random choice
/// flows from <see cref="Seed"/>, and time is anchored on <see cref="EndDate"/>, never on the clock.
/// Bindable from configuration (<c>Retail:Bootstrap:Demo:Products=200</c>).
/// </summary>
public sealed class DemoStoreOptions
{
    /// <summary>
    /// The default end of the simulated history. Fixed so that the planted ground truth (promotion windows,
    /// launch dates, the holiday peak) is the same on every machine and every day; it lies in the past so
    /// the platform accepts the events.
    /// </summary>
    public static readonly DateTimeOffset DefaultEndDate = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seed of the one random source everything is drawn from.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Number of products in the catalog.</summary>
    public int Products { get; set; } = 3_000;

    /// <summary>Number of registered customers.</summary>
    public int Customers { get; set; } = 4_000;

    /// <summary>Months of history before <see cref="EndDate"/>.</summary>
    public int Months { get; set; } = 12;

    /// <summary>End of the history (exclusive): no event is at or after it. Kept in UTC, which the calendar works in.</summary>
    public DateTimeOffset EndDate { get => _endDate; set => _endDate = value.ToUniversalTime(); }
    private DateTimeOffset _endDate = DefaultEndDate;

    /// <summary>Share of each persona among the customers.</summary>
    public PersonaMix Personas { get; set; } = new();

    /// <summary>Share of products launched during the history (the rest were on sale before it started).</summary>
    public double NewProductShare { get; set; } = 0.15;

    /// <summary>Number of planted "bought together" product pairs.</summary>
    public int BoughtTogetherPairs { get; set; } = 60;

    /// <summary>Chance that buying the first product of a planted pair also puts the second in the order.</summary>
    public double PairAttachChance { get; set; } = 0.5;

    /// <summary>Promotions per 12 months, besides the Black Friday sale.</summary>
    public int PromotionsPerYear { get; set; } = 10;

    /// <summary>Scales every category's return rate (1 = the rates in <c>docs/demo-store.md</c>).</summary>
    public double ReturnRateScale { get; set; } = 1.0;

    /// <summary>Average sessions per day by visitors who never sign in.</summary>
    public double AnonymousSessionsPerDay { get; set; } = 35;

    /// <summary>Share of customers' sessions that begin anonymously and sign in part-way (same session id).</summary>
    public double SignInShare { get; set; } = 0.2;

    /// <summary>ISO 4217 currency of the prices.</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>First instant of the history.</summary>
    public DateTimeOffset StartDate => EndDate.AddMonths(-Months);

    /// <summary>Throws when a knob is out of range, naming it.</summary>
    public void Validate()
    {
        if (Products is < 50 or > 200_000) throw new ArgumentOutOfRangeException(nameof(Products), Products, "must be 50-200,000.");
        if (Customers is < 10 or > 500_000) throw new ArgumentOutOfRangeException(nameof(Customers), Customers, "must be 10-500,000.");
        if (Months is < 1 or > 60) throw new ArgumentOutOfRangeException(nameof(Months), Months, "must be 1-60.");
        if (NewProductShare is < 0 or > 0.9) throw new ArgumentOutOfRangeException(nameof(NewProductShare), NewProductShare, "must be 0-0.9.");
        if (BoughtTogetherPairs < 0) throw new ArgumentOutOfRangeException(nameof(BoughtTogetherPairs), BoughtTogetherPairs, "must not be negative.");
        if (PairAttachChance is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(PairAttachChance), PairAttachChance, "must be 0-1.");
        if (PromotionsPerYear is < 0 or > 50) throw new ArgumentOutOfRangeException(nameof(PromotionsPerYear), PromotionsPerYear, "must be 0-50.");
        if (ReturnRateScale is < 0 or > 5) throw new ArgumentOutOfRangeException(nameof(ReturnRateScale), ReturnRateScale, "must be 0-5.");
        if (AnonymousSessionsPerDay is < 0 or > 10_000) throw new ArgumentOutOfRangeException(nameof(AnonymousSessionsPerDay), AnonymousSessionsPerDay, "must be 0-10,000.");
        if (SignInShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(SignInShare), SignInShare, "must be 0-1.");
        if (string.IsNullOrWhiteSpace(Currency) || Currency.Length != 3) throw new ArgumentException("must be a three-letter ISO 4217 code.", nameof(Currency));
        Personas.Validate();
    }
}

/// <summary>Relative weights of the customer personas (they need not add up to 1).</summary>
public sealed class PersonaMix
{
    /// <summary>Buy cheap items, mostly on promotion; visit more while a sale runs.</summary>
    public double BargainHunters { get; set; } = 0.25;

    /// <summary>Frequent repeat buyers with favourite departments.</summary>
    public double LoyalRegulars { get; set; } = 0.15;

    /// <summary>Buy exactly once, around the holiday peak.</summary>
    public double GiftBuyers { get; set; } = 0.15;

    /// <summary>Look, search and fill carts, but never buy.</summary>
    public double Browsers { get; set; } = 0.25;

    /// <summary>Buy now and then, without a strong pattern.</summary>
    public double Occasional { get; set; } = 0.20;

    /// <summary>The weight of one persona.</summary>
    public double WeightOf(Persona persona) => persona switch
    {
        Persona.BargainHunter => BargainHunters,
        Persona.LoyalRegular => LoyalRegulars,
        Persona.GiftBuyer => GiftBuyers,
        Persona.Browser => Browsers,
        Persona.Occasional => Occasional,
        _ => 0,
    };

    internal void Validate()
    {
        var weights = Enum.GetValues<Persona>().Select(WeightOf).ToArray();
        if (weights.Any(w => w < 0 || double.IsNaN(w)) || weights.Sum() <= 0)
            throw new ArgumentException("persona weights must be non-negative with a positive sum.", nameof(DemoStoreOptions.Personas));
    }
}

namespace RetailCommerce.DemoStore;

/// <summary>How a demo customer behaves.</summary>
public enum Persona
{
    /// <summary>Buys cheap items, mostly on promotion; visits more while a sale runs.</summary>
    BargainHunter,
    /// <summary>Visits often, buys often, favours one or two departments and re-buys what they liked.</summary>
    LoyalRegular,
    /// <summary>Buys exactly once, around the holiday peak, from giftable categories.</summary>
    GiftBuyer,
    /// <summary>Views, searches and sometimes fills a cart, but never checks out.</summary>
    Browser,
    /// <summary>Buys now and then.</summary>
    Occasional,
}

/// <summary>The behaviour parameters of a persona.</summary>
/// <param name="SessionsPerYear">Average visits per year of an average-activity customer.</param>
/// <param name="PurchaseChance">Chance that a visit ends in an order (before seasonal and promotion lifts).</param>
/// <param name="PromotionPull">Chance that a product looked at comes from a running promotion, when one runs.</param>
/// <param name="FavouriteFocus">Chance that a visit goes to one of the customer's favourite departments.</param>
/// <param name="RepeatChance">Chance that an item bought is one bought before.</param>
/// <param name="SearchChance">Chance that a visit starts with a search.</param>
/// <param name="ReturnScale">Multiplies the category's return rate.</param>
internal sealed record PersonaProfile(double SessionsPerYear, double PurchaseChance, double PromotionPull,
    double FavouriteFocus, double RepeatChance, double SearchChance, double ReturnScale)
{
    private static readonly PersonaProfile[] Profiles = Enum.GetValues<Persona>().Select(Create).ToArray();

    /// <summary>The profile of a persona.</summary>
    public static PersonaProfile For(Persona persona) => Profiles[(int)persona];

    private static PersonaProfile Create(Persona persona) => persona switch
    {
        Persona.BargainHunter => new(18, 0.12, 0.75, 0.2, 0.05, 0.5, 1.2),
        Persona.LoyalRegular => new(36, 0.33, 0.15, 0.75, 0.3, 0.4, 0.8),
        Persona.GiftBuyer => new(0, 0, 0.2, 0, 0, 0.6, 1.5),
        Persona.Browser => new(15, 0, 0.2, 0.3, 0, 0.6, 0),
        Persona.Occasional => new(8, 0.2, 0.25, 0.3, 0.05, 0.45, 1.0),
        _ => throw new ArgumentOutOfRangeException(nameof(persona)),
    };

    /// <summary>Visitors who never sign in: they look around and sometimes fill a cart.</summary>
    public static PersonaProfile AnonymousVisitor { get; } = new(0, 0, 0.25, 0, 0, 0.5, 0);
}

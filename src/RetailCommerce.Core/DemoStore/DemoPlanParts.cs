using System.Globalization;
using RetailCommerce.Catalog;
using RetailCommerce.Customers;

namespace RetailCommerce.DemoStore;

/// <summary>One product of the demo catalog with the facts the simulation needs (popularity, launch, cost).</summary>
public sealed class DemoProduct
{
    /// <summary>Position in the catalog (0-based).</summary>
    public required int Index { get; init; }
    /// <summary>Product id (<c>p-00001</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Leaf category.</summary>
    public required DemoLeaf Leaf { get; init; }
    /// <summary>Brand.</summary>
    public required string Brand { get; init; }
    /// <summary>Product line or feature word of the title.</summary>
    public required string Qualifier { get; init; }
    /// <summary>Product type word of the title.</summary>
    public required string Noun { get; init; }
    /// <summary>Material, when the leaf has materials.</summary>
    public string? Material { get; init; }
    /// <summary>Size or capacity, when the leaf has variants.</summary>
    public string? Variant { get; init; }
    /// <summary>Colour, when the leaf has colours.</summary>
    public string? Colour { get; init; }
    /// <summary>Title as shoppers see it.</summary>
    public required string Title { get; init; }
    /// <summary>List price.</summary>
    public required decimal Price { get; init; }
    /// <summary>What the store pays for it (list price minus margin).</summary>
    public required decimal Cost { get; init; }
    /// <summary>Units in stock at the end of the history.</summary>
    public required int Stock { get; init; }
    /// <summary>First day it is on sale (00:00 UTC); no event mentions it before.</summary>
    public required DateTimeOffset LaunchedAt { get; init; }
    /// <summary>Planted relative demand within its leaf (log-normal; the mean is about 1.5).</summary>
    public required double Popularity { get; init; }

    /// <summary>The store's margin as a share of the list price.</summary>
    public decimal Margin => Price == 0 ? 0 : Math.Round((Price - Cost) / Price, 2);

    /// <summary>The import input: attributes carry colour, material, the variant, <c>cost</c>, <c>margin</c> and <c>launched</c>.</summary>
    public ProductInput ToInput(string currency)
    {
        var attributes = new List<AttributeInput>();
        if (Colour is not null) attributes.Add(new AttributeInput { Name = "colour", Value = Colour.ToLowerInvariant() });
        if (Material is not null) attributes.Add(new AttributeInput { Name = "material", Value = Material.ToLowerInvariant() });
        if (Variant is not null) attributes.Add(new AttributeInput { Name = Leaf.VariantAttribute, Value = Variant });
        attributes.Add(new AttributeInput { Name = "cost", Value = Cost.ToString("0.00", CultureInfo.InvariantCulture) });
        attributes.Add(new AttributeInput { Name = "margin", Value = Margin.ToString("0.00", CultureInfo.InvariantCulture) });
        attributes.Add(new AttributeInput { Name = "launched", Value = LaunchedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        return new ProductInput
        {
            Id = Id,
            Title = Title,
            Description = Describe(),
            Brand = Brand,
            Category = Leaf.Path,
            Attributes = attributes,
            Price = Price,
            Currency = currency,
            Stock = Stock,
        };
    }

    private string Describe()
    {
        var made = Material is null ? "" : $" in {Material.ToLowerInvariant()}";
        var variant = Variant is null ? "" : $" {char.ToUpperInvariant(Leaf.VariantAttribute[0])}{Leaf.VariantAttribute[1..]}: {Variant}.";
        var colour = Colour is null ? "" : $" Colour: {Colour.ToLowerInvariant()}.";
        return $"The {Qualifier.ToLowerInvariant()} {Noun.ToLowerInvariant()} from {Brand}{made}, part of our {Leaf.Name.ToLowerInvariant()} range.{variant}{colour}";
    }
}

/// <summary>One customer of the demo store and the behaviour planted for them.</summary>
public sealed class DemoCustomer
{
    /// <summary>Position among the customers (0-based).</summary>
    public required int Index { get; init; }
    /// <summary>Customer id (<c>c-00001</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Full name (invented).</summary>
    public required string Name { get; init; }
    /// <summary>E-mail address on a reserved example domain.</summary>
    public required string Email { get; init; }
    /// <summary>ISO 3166-1 alpha-2 country.</summary>
    public required string Country { get; init; }
    /// <summary>Sign-up time; the customer has no session before the day after it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The planted behaviour.</summary>
    public required Persona Persona { get; init; }
    /// <summary>Visit-rate multiplier of this customer (log-normal around 1).</summary>
    public required double Activity { get; init; }
    /// <summary>Indexes into <see cref="DemoCatalogBlueprint.Departments"/> of the departments this customer favours.</summary>
    public required int[] FavouriteDepartments { get; init; }
    /// <summary>When the customer stops visiting for good, if they do within the history.</summary>
    public DateTimeOffset? ChurnsAt { get; init; }
    /// <summary>For gift buyers: the day (00:00 UTC) of their one order.</summary>
    public DateTimeOffset? GiftDay { get; init; }
    /// <summary>For gift buyers: days (00:00 UTC) they look around before ordering.</summary>
    public IReadOnlyList<DateTimeOffset> GiftBrowseDays { get; init; } = [];

    /// <summary>The import input.</summary>
    public CustomerInput ToInput() => new() { Id = Id, Email = Email, Name = Name, Country = Country, CreatedAt = CreatedAt };
}

/// <summary>A promotion: for its window, the listed products sell at a cut price and draw more demand.</summary>
public sealed class DemoPromotion
{
    /// <summary>Promotion id (<c>promo-01</c>).</summary>
    public required string Id { get; init; }
    /// <summary>What the merchant called it.</summary>
    public required string Name { get; init; }
    /// <summary>First instant of the promotion.</summary>
    public required DateTimeOffset Start { get; init; }
    /// <summary>End of the promotion (exclusive).</summary>
    public required DateTimeOffset End { get; init; }
    /// <summary>Price cut as a share of the list price (0.25 = 25 % off).</summary>
    public required decimal Discount { get; init; }
    /// <summary>The products on promotion.</summary>
    public required IReadOnlyList<string> ProductIds { get; init; }

    internal HashSet<int> ProductIndexes { get; init; } = [];

    /// <summary>True while the promotion runs.</summary>
    public bool IsActive(DateTimeOffset t) => t >= Start && t < End;

    /// <summary>The promotion price of a list price (rounded to the cent).</summary>
    public decimal PriceOf(decimal listPrice) => Math.Round(listPrice * (1 - Discount), 2, MidpointRounding.AwayFromZero);
}

/// <summary>A planted pair of products that shoppers buy together.</summary>
/// <param name="First">Product id.</param>
/// <param name="Second">Product id of its complement.</param>
public sealed record BoughtTogetherPair(string First, string Second);

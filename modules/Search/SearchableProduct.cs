namespace RetailCommerce.Modules.Search;

/// <summary>
/// The slice of a catalog product that search needs: the texts shoppers type against,
/// the facets they filter by and the business signals that break ties.
/// The catalog module maps its own product entity to this record when it (re)indexes a store.
/// </summary>
/// <param name="Id">Stable product id within the store (the catalog's id as text).</param>
/// <param name="Title">Product title as shown on the listing; the strongest search field.</param>
/// <param name="Description">Long description; weakest field because it is long and chatty.</param>
/// <param name="Brand">Brand or manufacturer, e.g. "Hampton Bay".</param>
/// <param name="CategoryPath">Category breadcrumb from the root, e.g. ["Furniture", "Living Room", "Sofas"].</param>
/// <param name="Attributes">Merchant attributes such as Color=Red or Material=Oak.</param>
/// <param name="Price">Current selling price in the store currency.</param>
/// <param name="Stock">Units available; anything above zero counts as in stock.</param>
/// <param name="Popularity">Non-negative popularity signal (sales, views); only its relative size matters.</param>
public sealed record SearchableProduct(
    string Id,
    string Title,
    string? Description = null,
    string? Brand = null,
    IReadOnlyList<string>? CategoryPath = null,
    IReadOnlyList<ProductAttribute>? Attributes = null,
    decimal Price = 0m,
    int Stock = 0,
    double Popularity = 0)
{
    /// <summary>True when the product can be bought right now.</summary>
    public bool InStock => Stock > 0;

    /// <summary>The catalog's own product object this entry was made from (returned to the API as is); null in tests and benches.</summary>
    public object? Source { get; init; }
}

/// <summary>A merchant-defined product attribute, e.g. Color = "Navy Blue".</summary>
public readonly record struct ProductAttribute(string Name, string Value);

using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Search.Indexing;

/// <summary>Maps catalog products to what the index needs.</summary>
public static class CatalogProducts
{
    /// <summary>The searchable slice of a catalog product, with its popularity; the product itself rides along for the API.</summary>
    public static SearchableProduct ToSearchable(Product p, double popularity) => new(
        p.Id, p.Title, p.Description, p.Brand, p.CategoryPath.ToArray(),
        p.Attributes.Select(a => new ProductAttribute(a.Name, a.Value)).ToArray(), p.Price, p.Stock, popularity)
    {
        Source = p,
    };
}

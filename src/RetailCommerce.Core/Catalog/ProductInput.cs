namespace RetailCommerce.Catalog;

/// <summary>One product in an import (GraphQL <c>ProductInput</c>).</summary>
public sealed class ProductInput
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Brand { get; set; }
    /// <summary>Category path, levels separated by " > " (e.g. "Outdoor > Shoes").</summary>
    public string? Category { get; set; }
    public List<AttributeInput>? Attributes { get; set; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
    public int? Stock { get; set; }
    public string? ImageUrl { get; set; }
}

/// <summary>One attribute of a product input.</summary>
public sealed class AttributeInput
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

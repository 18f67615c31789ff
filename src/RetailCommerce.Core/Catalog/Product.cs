namespace RetailCommerce.Catalog;

/// <summary>A product in a store's catalog (a Marten document, one tenant per store).</summary>
public sealed class Product
{
    /// <summary>The merchant's product id (upsert key).</summary>
    public string Id { get; set; } = "";
    /// <summary>Product title.</summary>
    public string Title { get; set; } = "";
    /// <summary>Long description (plain text).</summary>
    public string? Description { get; set; }
    /// <summary>Brand name.</summary>
    public string? Brand { get; set; }
    /// <summary>Category path from the root, e.g. <c>["Outdoor", "Shoes", "Trail"]</c>.</summary>
    public List<string> CategoryPath { get; set; } = [];
    /// <summary>Name/value attributes (colour, size, material, ...).</summary>
    public List<ProductAttribute> Attributes { get; set; } = [];
    /// <summary>Current list price.</summary>
    public decimal Price { get; set; }
    /// <summary>ISO 4217 currency of the price.</summary>
    public string Currency { get; set; } = "USD";
    /// <summary>Units in stock.</summary>
    public int Stock { get; set; }
    /// <summary>Main image URL.</summary>
    public string? ImageUrl { get; set; }
    /// <summary>First import time.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last import time.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The category path joined with " > ".</summary>
    public string Category => string.Join(" > ", CategoryPath);

    /// <summary>The value of an attribute by name (case-insensitive), or null.</summary>
    public string? Attribute(string name) =>
        Attributes.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
}

/// <summary>A product attribute.</summary>
public sealed record ProductAttribute(string Name, string Value);

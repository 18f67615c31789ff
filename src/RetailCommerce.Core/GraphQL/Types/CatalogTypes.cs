using GraphQL.Types;
using RetailCommerce.Catalog;

namespace RetailCommerce.GraphQL.Types;

/// <summary>GraphQL <c>Product</c>.</summary>
public sealed class ProductType : ObjectGraphType<Product>
{
    public ProductType()
    {
        Name = "Product";
        Description = "A product in the store's catalog.";
        Field(p => p.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("The merchant's product id.");
        Field(p => p.Title).Description("Product title.");
        Field(p => p.Description, nullable: true).Description("Long description.");
        Field(p => p.Brand, nullable: true).Description("Brand name.");
        Field(p => p.Category).Description("Category path joined with ' > ' (empty when uncategorized).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("categoryPath")
            .Description("Category levels from the root.").Resolve(c => c.Source.CategoryPath);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductAttributeType>>>>("attributes")
            .Description("Name/value attributes such as colour and size.").Resolve(c => c.Source.Attributes);
        Field(p => p.Price).Description("Current list price.");
        Field(p => p.Currency).Description("ISO 4217 currency of the price.");
        Field(p => p.Stock).Description("Units in stock.");
        Field<NonNullGraphType<BooleanGraphType>>("inStock").Description("True when at least one unit is in stock.").Resolve(c => c.Source.Stock > 0);
        Field(p => p.ImageUrl, nullable: true).Description("Main image URL.");
        Field(p => p.CreatedAt).Description("When the product was first imported.");
        Field(p => p.UpdatedAt).Description("When the product was last imported.");
    }
}

/// <summary>GraphQL <c>ProductAttribute</c>.</summary>
public sealed class ProductAttributeType : ObjectGraphType<ProductAttribute>
{
    public ProductAttributeType()
    {
        Name = "ProductAttribute";
        Description = "A product attribute.";
        Field(a => a.Name).Description("Attribute name, e.g. colour.");
        Field(a => a.Value).Description("Attribute value, e.g. red.");
    }
}

/// <summary>GraphQL <c>ProductInput</c>.</summary>
public sealed class ProductInputType : InputObjectGraphType<ProductInput>
{
    public ProductInputType()
    {
        Name = "ProductInput";
        Description = "A product to create or update (upsert by id).";
        Field(p => p.Id, nullable: true, type: typeof(IdGraphType)).Description("Required. Letters, digits and . _ : - /, at most 128 characters.");
        Field(p => p.Title, nullable: true).Description("Required. At most 500 characters.");
        Field(p => p.Description, nullable: true).Description("At most 20,000 characters.");
        Field(p => p.Brand, nullable: true).Description("Brand name.");
        Field(p => p.Category, nullable: true).Description("Category path, levels separated by ' > '.");
        Field(p => p.Attributes, nullable: true, type: typeof(ListGraphType<NonNullGraphType<AttributeInputType>>)).Description("Attributes (at most 100).");
        Field(p => p.Price, nullable: true).Description("Required. Not negative.");
        Field(p => p.Currency, nullable: true).Description("ISO 4217 code; the store's currency when omitted.");
        Field(p => p.Stock, nullable: true).Description("Units in stock; not negative.");
        Field(p => p.ImageUrl, nullable: true).Description("Absolute http(s) URL of the main image.");
    }
}

/// <summary>GraphQL <c>AttributeInput</c>.</summary>
public sealed class AttributeInputType : InputObjectGraphType<AttributeInput>
{
    public AttributeInputType()
    {
        Name = "AttributeInput";
        Description = "A product attribute to set.";
        Field(a => a.Name, nullable: true).Description("Attribute name, 1-100 characters.");
        Field(a => a.Value, nullable: true).Description("Attribute value, at most 1000 characters.");
    }
}

/// <summary>GraphQL <c>ImportResult</c>.</summary>
public sealed class ImportResultType : ObjectGraphType<ImportResult>
{
    public ImportResultType()
    {
        Name = "ImportResult";
        Description = "Outcome of a batch import: valid items are stored, each rejected item is reported.";
        Field(r => r.Imported).Description("Items stored.");
        Field(r => r.Rejected).Description("Items rejected.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportErrorType>>>>("errors").Description("Why each rejected item was rejected.").Resolve(c => c.Source.Errors);
    }
}

/// <summary>GraphQL <c>ImportError</c>.</summary>
public sealed class ImportErrorType : ObjectGraphType<ImportError>
{
    public ImportErrorType()
    {
        Name = "ImportError";
        Description = "A rejected item of a batch.";
        Field(e => e.Index).Description("Zero-based position of the item in the batch.");
        Field(e => e.Message).Description("What is wrong, starting with the field name.");
        Field(e => e.Field, nullable: true).Description("The offending field.");
    }
}

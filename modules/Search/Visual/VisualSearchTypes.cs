using GraphQL.Types;
using RetailCommerce.GraphQL.Types;

namespace RetailCommerce.Modules.Search.Visual;

/// <summary>GraphQL <c>SearchVisualItem</c>.</summary>
public sealed class SearchVisualItemType : ObjectGraphType<VisualSearchItem>
{
    /// <summary>Fields.</summary>
    public SearchVisualItemType()
    {
        Name = "SearchVisualItem";
        Description = "A product whose image looks like the picture.";
        Field<NonNullGraphType<ProductType>>("product").Description("The product.").Resolve(c => c.Source.Product);
        Field(i => i.Similarity).Description("Cosine similarity of the image descriptors (-1..1, higher is more alike); only the order is meaningful.");
    }
}

/// <summary>GraphQL <c>SearchVisualResult</c>.</summary>
public sealed class SearchVisualResultType : ObjectGraphType<VisualSearchResult>
{
    /// <summary>Fields.</summary>
    public SearchVisualResultType()
    {
        Name = "SearchVisualResult";
        Description = "Products found by picture, most alike first.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchVisualItemType>>>>("items").Description("Most similar first.").Resolve(c => c.Source.Items);
        Field(r => r.Model).Description("The image descriptor used (offline colour/texture/shape descriptor unless configured otherwise).");
        Field(r => r.IndexedImages).Description("Product images the store's visual index holds.");
        Field(r => r.PendingImages).Description("Product images still being fetched and described after an import.");
        Field(r => r.Note, nullable: true).Description("Why there are no items, when that is not obvious.");
    }
}

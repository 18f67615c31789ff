using GraphQL.Types;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL.Types;
using RetailCommerce.Modules.Search.Analytics;
using RetailCommerce.Modules.Search.Merchandising;
using RetailCommerce.Modules.Search.Querying;
using RetailCommerce.Modules.Search.Ranking;

namespace RetailCommerce.Modules.Search.GraphQL;

/// <summary>The catalog product behind a search entry (kept on the entry when it was indexed).</summary>
internal static class ProductOf
{
    public static Product Get(SearchableProduct p) => p.Source as Product ?? new Product { Id = p.Id, Title = p.Title, Brand = p.Brand, Description = p.Description, Price = p.Price, Stock = p.Stock };
}

/// <summary>GraphQL <c>SearchSort</c>.</summary>
public sealed class SearchSortType : EnumerationGraphType<SearchSort>
{
    public SearchSortType() { Name = "SearchSort"; Description = "Result order. Non-relevance orders sort the most relevant results (the rerank window), not every product that shares a word."; }
}

/// <summary>GraphQL <c>SearchFallbackStep</c>.</summary>
public sealed class SearchFallbackStepType : EnumerationGraphType<SearchFallbackStep>
{
    public SearchFallbackStepType() { Name = "SearchFallbackStep"; Description = "A relaxation step search took so the shopper does not hit a dead end."; }
}

/// <summary>GraphQL <c>SearchAttributeFilter</c>.</summary>
public sealed class SearchAttributeFilterType : InputObjectGraphType<SearchAttributeFilterInput>
{
    public SearchAttributeFilterType()
    {
        Name = "SearchAttributeFilter";
        Description = "Keep products whose attribute `name` has one of `values`. Only facetable attributes (see facets.attributes) are accepted.";
        Field(f => f.Name).Description("Attribute name, e.g. colour.");
        Field(f => f.Values).Description("Accepted values (1-50).");
    }
}

/// <summary>GraphQL <c>SearchFilters</c>.</summary>
public sealed class SearchFiltersType : InputObjectGraphType<SearchFiltersInput>
{
    public SearchFiltersType()
    {
        Name = "SearchFilters";
        Description = "Facet selections that narrow a search. When they exclude everything, search answers without them (fallback FILTERS_RELAXED).";
        Field(f => f.Category, nullable: true).Description("Category path prefix, e.g. \"Outdoor > Shoes\".");
        Field(f => f.Brands, nullable: true).Description("Any of these brands.");
        Field<DecimalGraphType>("minPrice").Description("Lowest price, inclusive.");
        Field<DecimalGraphType>("maxPrice").Description("Highest price, exclusive (matches the price bucket edges).");
        Field(f => f.InStockOnly, nullable: true).Description("Only products in stock.");
        Field<ListGraphType<NonNullGraphType<SearchAttributeFilterType>>>("attributes").Description("Attribute filters.");
    }
}

/// <summary>GraphQL <c>SearchHighlight</c>.</summary>
public sealed class SearchHighlightType : ObjectGraphType<SearchHighlight>
{
    public SearchHighlightType()
    {
        Name = "SearchHighlight";
        Description = "A field of the product with the query's words wrapped in <em> (the rest HTML-encoded).";
        Field(h => h.Field).Description("title, brand or description.");
        Field(h => h.Snippet).Description("HTML snippet; descriptions are cut to a window around the first match.");
    }
}

/// <summary>GraphQL <c>SearchItem</c>.</summary>
public sealed class SearchItemType : ObjectGraphType<ShopperSearchItem>
{
    public SearchItemType()
    {
        Name = "SearchItem";
        Description = "One search result.";
        Field<NonNullGraphType<ProductType>>("product").Description("The product.").Resolve(c => ProductOf.Get(c.Source.Product));
        Field(i => i.Score).Description("Final ranking score (engine score × rule and personalization factors); only the order is meaningful.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchHighlightType>>>>("highlights").Description("Matched words per field.").Resolve(c => c.Source.Highlights);
        Field<NonNullGraphType<StringGraphType>>("explanation").Description("Why the product is here, in one sentence.").Resolve(c => c.Source.Why.Text);
    }
}

/// <summary>GraphQL <c>SearchFacetValue</c>.</summary>
public sealed class SearchFacetValueType : ObjectGraphType<FacetValue>
{
    public SearchFacetValueType()
    {
        Name = "SearchFacetValue";
        Description = "A facet value and how many results carry it.";
        Field(v => v.Value).Description("The value.");
        Field(v => v.Count).Description("Results with it.");
    }
}

/// <summary>GraphQL <c>SearchPriceBucket</c>.</summary>
public sealed class SearchPriceBucketType : ObjectGraphType<PriceBucket>
{
    public SearchPriceBucketType()
    {
        Name = "SearchPriceBucket";
        Description = "A price range [from, to) with its result count; a null end is open.";
        Field<DecimalGraphType>("from").Description("Lowest price, inclusive.").Resolve(c => c.Source.From);
        Field<DecimalGraphType>("to").Description("Highest price, exclusive.").Resolve(c => c.Source.To);
        Field(v => v.Count).Description("Results in the range.");
    }
}

/// <summary>GraphQL <c>SearchCategoryFacet</c>.</summary>
public sealed class SearchCategoryFacetType : ObjectGraphType<CategoryFacet>
{
    public SearchCategoryFacetType()
    {
        Name = "SearchCategoryFacet";
        Description = "A node of the category tree with the number of results at or below it.";
        Field(f => f.Name).Description("Category name at this level.");
        Field<NonNullGraphType<StringGraphType>>("path").Description("Path from the root, \"A > B\" (use as filters.category).").Resolve(c => string.Join(" > ", c.Source.Path));
        Field(f => f.Count).Description("Results at or below.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchCategoryFacetType>>>>("children").Description("Sub-categories.").Resolve(c => c.Source.Children);
    }
}

/// <summary>An attribute facet for the API.</summary>
public sealed record SearchAttributeFacet(string Name, IReadOnlyList<FacetValue> Values);

/// <summary>GraphQL <c>SearchAttributeFacet</c>.</summary>
public sealed class SearchAttributeFacetType : ObjectGraphType<SearchAttributeFacet>
{
    public SearchAttributeFacetType()
    {
        Name = "SearchAttributeFacet";
        Description = "Value counts of one facetable attribute.";
        Field(f => f.Name).Description("Attribute name.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchFacetValueType>>>>("values").Description("Most common first.").Resolve(c => c.Source.Values);
    }
}

/// <summary>GraphQL <c>SearchFacets</c>.</summary>
public sealed class SearchFacetsType : ObjectGraphType<FacetResult>
{
    public SearchFacetsType()
    {
        Name = "SearchFacets";
        Description = "Facet counts over the whole result set (not just the page).";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchCategoryFacetType>>>>("categories").Description("Category tree.").Resolve(c => c.Source.Categories);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchFacetValueType>>>>("brands").Description("Brands.").Resolve(c => c.Source.Brands);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchPriceBucketType>>>>("prices").Description("Price buckets (empty ones omitted).").Resolve(c => c.Source.Prices);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchAttributeFacetType>>>>("attributes").Description("Facetable attributes.")
            .Resolve(c => c.Source.Attributes.Where(a => a.Value.Count > 0).Select(a => new SearchAttributeFacet(a.Key, a.Value)).ToList());
    }
}

/// <summary>GraphQL <c>SearchResult</c>.</summary>
public sealed class SearchResultType : ObjectGraphType<ShopperSearchResult>
{
    public SearchResultType()
    {
        Name = "SearchResult";
        Description = "A page of search results with facets, correction and what was relaxed.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchItemType>>>>("items").Description("The page.").Resolve(c => c.Source.Items);
        Field(r => r.TotalCount).Description("Results in all pages.");
        Field<SearchFacetsType>("facets").Description("Facet counts (null when not requested).").Resolve(c => c.Source.Facets);
        Field(r => r.CorrectedQuery, nullable: true).Description("\"Did you mean\": the query with unknown words corrected against the catalog's vocabulary.");
        Field(r => r.ZeroResults).Description("True when nothing matched the query; items then hold popular products (fallback POPULAR_IN_CATEGORY). Logged for the merchant.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchFallbackStepType>>>>("fallback").Description("Relaxation steps taken, in order (empty when the query matched as typed).").Resolve(c => c.Source.Fallback);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("droppedWords").Description("Words no longer required (fallback DROPPED_WORDS).").Resolve(c => c.Source.DroppedWords);
        Field(r => r.FallbackCategory, nullable: true).Description("The category whose best sellers are shown after a dead end.");
        Field(r => r.SearchId).Description("Send as recommendationId on CLICK / ADD_TO_CART / PURCHASE events to attribute them to this search.");
        Field<StringGraphType>("endCursor").Description("Cursor of the last item (pass as after).").Resolve(c => c.Source.Items.Count == 0 ? null : SearchCursor.Encode(c.Source.Offset + c.Source.Items.Count));
        Field(r => r.HasNextPage).Description("True when another page follows.");
        Field(r => r.Personalized).Description("True when the customer's affinity changed scores (requires Personalization consent).");
    }
}

/// <summary>Opaque cursors over result offsets.</summary>
public static class SearchCursor
{
    public static string Encode(int offset) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("search:" + offset));

    public static int Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return 0;
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith("search:", StringComparison.Ordinal) && int.TryParse(text[7..], out var offset) && offset >= 0) return offset;
        }
        catch (FormatException) { }
        throw new RetailCommerce.GraphQL.RetailError(RetailCommerce.GraphQL.ErrorCodes.BadUserInput, "after: not a cursor returned by search.", "after");
    }
}

/// <summary>GraphQL <c>SearchAutocomplete</c>.</summary>
public sealed class SearchAutocompleteType : ObjectGraphType<SearchSuggestions>
{
    public SearchAutocompleteType()
    {
        Name = "SearchAutocomplete";
        Description = "Suggestions while the shopper types.";
        Field(s => s.Queries).Description("Popular queries of this store that start with the prefix and found products.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductType>>>>("products").Description("Products whose titles match (last word as a prefix).")
            .Resolve(c => c.Source.Products.Select(ProductOf.Get).ToList());
    }
}

/// <summary>GraphQL <c>SearchRuleAction</c>.</summary>
public sealed class SearchRuleActionType : EnumerationGraphType<SearchRuleAction>
{
    public SearchRuleActionType() { Name = "SearchRuleAction"; Description = "What a merchandising rule does."; }
}

/// <summary>GraphQL <c>SearchRule</c>.</summary>
public sealed class SearchRuleType : ObjectGraphType<SearchRule>
{
    public SearchRuleType()
    {
        Name = "SearchRule";
        Description = "A merchandising rule: pin, boost, bury or hide products (or a category) for a query or every query, within a time window.";
        Field(r => r.Id).Description("Rule id.");
        Field<NonNullGraphType<SearchRuleActionType>>("action").Description("What it does.").Resolve(c => c.Source.Action);
        Field(r => r.Query, nullable: true).Description("Query it applies to; null = every query.");
        Field(r => r.ProductIds).Description("Products it acts on.");
        Field(r => r.TargetCategory, nullable: true).Description("Category it acts on.");
        Field(r => r.Factor).Description("Boost/bury strength.");
        Field(r => r.StartsAt, nullable: true).Description("Start (inclusive).");
        Field(r => r.EndsAt, nullable: true).Description("End (exclusive).");
        Field(r => r.Note, nullable: true).Description("Merchant's note.");
    }
}

/// <summary>GraphQL <c>SearchRuleInput</c>.</summary>
public sealed class SearchRuleInputType : InputObjectGraphType<SearchRule>
{
    public SearchRuleInputType()
    {
        Name = "SearchRuleInput";
        Description = "A merchandising rule to create or replace (by id).";
        Field(r => r.Id).Description("Rule id.");
        Field<NonNullGraphType<SearchRuleActionType>>("action").Description("PIN, BOOST, BURY or HIDE.");
        Field(r => r.Query, nullable: true).Description("Query it applies to (case and spacing ignored); omit for every query.");
        Field(r => r.ProductIds, nullable: true).Description("Products it acts on (pin order = list order).");
        Field(r => r.TargetCategory, nullable: true).Description("Category path prefix it acts on (boost, bury, hide).");
        Field(r => r.Factor, nullable: true).Description("Boost/bury strength above 1 (default 1.5).");
        Field(r => r.StartsAt, nullable: true).Description("Start (inclusive).");
        Field(r => r.EndsAt, nullable: true).Description("End (exclusive).");
        Field(r => r.Note, nullable: true).Description("Merchant's note.");
    }
}

/// <summary>GraphQL <c>SearchSettings</c>.</summary>
public sealed class SearchSettingsType : ObjectGraphType<SearchSettings>
{
    public SearchSettingsType()
    {
        Name = "SearchSettings";
        Description = "A store's synonyms, facetable attributes and merchandising rules.";
        Field(s => s.Synonyms).Description("Lines 'a, b, c' (two-way) or 'a => b, c' (one-way).");
        Field(s => s.FacetableAttributes).Description("Attributes shoppers can filter; empty = every attribute.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchRuleType>>>>("rules").Description("Merchandising rules.").Resolve(c => c.Source.Rules);
    }
}

/// <summary>GraphQL <c>SearchQueryStat</c>.</summary>
public sealed class SearchQueryStatType : ObjectGraphType<SearchQueryStat>
{
    public SearchQueryStatType()
    {
        Name = "SearchQueryStat";
        Description = "How often shoppers searched a query and how it went.";
        Field<NonNullGraphType<StringGraphType>>("query").Description("The normalized query.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<FloatGraphType>>("searches").Description("Searches.").Resolve(c => (double)c.Source.Searches);
        Field<NonNullGraphType<FloatGraphType>>("zeroResultSearches").Description("Searches where nothing matched.").Resolve(c => (double)c.Source.ZeroResultSearches);
        Field<NonNullGraphType<FloatGraphType>>("relaxedSearches").Description("Searches that needed a relaxation step.").Resolve(c => (double)c.Source.RelaxedSearches);
        Field(s => s.LastTotalCount).Description("Results at the latest search.");
        Field(s => s.LastCorrection, nullable: true).Description("Correction offered at the latest search.");
        Field(s => s.LastSearchedAt).Description("Latest search.");
    }
}

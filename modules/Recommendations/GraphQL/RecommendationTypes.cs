using GraphQL;
using GraphQL.Types;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;
using RetailCommerce.GraphQL.Types;
using RetailCommerce.Modules.Recommendations.Exposure;
using RetailCommerce.Modules.Recommendations.Serving;

namespace RetailCommerce.Modules.Recommendations.GraphQL;

/// <summary>A served list with its products found once for all items (from the serving snapshot; the catalog only for what it lacks).</summary>
public sealed class RecommendationListView(RecommendationList list, ProductCatalog catalog, ServingState serving, string storeId)
{
    private Task<Dictionary<string, Product>>? _products;

    public RecommendationList List => list;

    public Task<Dictionary<string, Product>> ProductsAsync(CancellationToken ct) =>
        _products ??= Load(ct);

    private async Task<Dictionary<string, Product>> Load(CancellationToken ct)
    {
        // From the serving snapshot (what the list was chosen from); the database only for what it does not hold.
        var (snapshot, _, _) = await serving.GetAsync(storeId, ct);
        var found = new Dictionary<string, Product>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in list.Items.Select(i => i.ProductId).Append(list.SourceProductId).OfType<string>().Distinct())
            if (snapshot.Details(id) is { } product) found[id] = product;
            else missing.Add(id);
        if (missing.Count > 0)
            foreach (var p in await catalog.FindManyAsync(storeId, missing, ct)) found[p.Id] = p;
        return found;
    }
}

/// <summary>GraphQL <c>Placement</c>.</summary>
public sealed class PlacementType : EnumerationGraphType<Placement>
{
    public PlacementType()
    {
        Name = "Placement";
        Description = "Where a recommendation list is shown: PERSONALIZED (for you), FREQUENTLY_BOUGHT_TOGETHER and ALSO_VIEWED and SIMILAR (product page; productId required), CART_COMPLEMENTS (cart page), TRENDING (store-wide or per category), NEW_FOR_YOU, RECENTLY_VIEWED, BECAUSE_YOU_VIEWED (source product named in the list).";
    }
}

/// <summary>GraphQL <c>RecommendationItem</c>.</summary>
public sealed class RecommendationItemType : ObjectGraphType<(RecommendedItem Item, RecommendationListView List)>
{
    public RecommendationItemType()
    {
        Name = "RecommendationItem";
        Description = "One recommended product with its score and a reason a shopper can read.";
        Field<NonNullGraphType<ProductType>>("product").Description("The product.")
            .ResolveAsync(async c => (object?)(await c.Source.List.ProductsAsync(c.CancellationToken)).GetValueOrDefault(c.Source.Item.ProductId));
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product id.").Resolve(c => c.Source.Item.ProductId);
        Field<NonNullGraphType<FloatGraphType>>("score").Description("The serving score (higher is better; the scale depends on the strategy).").Resolve(c => c.Source.Item.Score);
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why it is shown, e.g. \"Often bought with Trail Runner 2\".").Resolve(c => c.Source.Item.Reason);
    }
}

/// <summary>GraphQL <c>RecommendationList</c>.</summary>
public sealed class RecommendationListType : ObjectGraphType<RecommendationListView>
{
    public RecommendationListType()
    {
        Name = "RecommendationList";
        Description = "A served recommendation list. Send recommendationId back in CLICK and PURCHASE events (EventInput.recommendationId) so sales are attributed.";
        Field<NonNullGraphType<IdGraphType>>("recommendationId").Description("Id of this list (echo it in CLICK/PURCHASE events).").Resolve(c => c.Source.List.RecommendationId);
        Field<NonNullGraphType<PlacementType>>("placement").Description("The placement asked for.").Resolve(c => c.Source.List.Placement);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RecommendationItemType>>>>("items").Description("The products, best first.")
            .Resolve(c => c.Source.List.Items.Select(i => (i, c.Source)).ToList());
        Field<NonNullGraphType<StringGraphType>>("strategy")
            .Description("The path that served the list: e.g. ranker-lightgbm, session:ranker-lightgbm, bought-together, similar:itemknn+content, cold-start:trending, cold-start:content, new-for-you:tastes; '+explore' marks an exploration slot, '+trending-fill' a list topped up with trending products.")
            .Resolve(c => c.Source.List.Strategy);
        Field<StringGraphType>("modelVersion").Description("The model version that served (null before the first training).").Resolve(c => c.Source.List.ModelVersion);
        Field<ProductType>("sourceProduct").Description("The product the list is about (product page, BECAUSE_YOU_VIEWED's viewed product).")
            .ResolveAsync(async c => c.Source.List.SourceProductId is { } id ? (await c.Source.ProductsAsync(c.CancellationToken)).GetValueOrDefault(id) : null);
    }
}

/// <summary>GraphQL <c>RecommendationModelVersion</c>.</summary>
public sealed class RecommendationModelVersionType : ObjectGraphType<(RecommendationModelVersion Version, bool Active, bool Loaded)>
{
    public RecommendationModelVersionType()
    {
        Name = "RecommendationModelVersion";
        Description = "A trained recommendation model version with what training measured.";
        Field<NonNullGraphType<StringGraphType>>("version").Description("Version id (v1, v2, ...).").Resolve(c => c.Source.Version.Id);
        Field<NonNullGraphType<BooleanGraphType>>("active").Description("True for the version serving now.").Resolve(c => c.Source.Active);
        Field<NonNullGraphType<BooleanGraphType>>("loaded").Description("True when held in memory (rollback to it is instant).").Resolve(c => c.Source.Loaded);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("trainedAt").Description("When it was trained (wall clock).").Resolve(c => c.Source.Version.TrainedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("trainedUntil").Description("The latest event trained on (store clock).").Resolve(c => c.Source.Version.TrainedUntil);
        Field<NonNullGraphType<IntGraphType>>("interactions").Description("Interactions trained on.").Resolve(c => c.Source.Version.Metrics.Interactions);
        Field<NonNullGraphType<IntGraphType>>("shoppers").Description("Shoppers (customers and anonymous sessions).").Resolve(c => c.Source.Version.Metrics.Shoppers);
        Field<NonNullGraphType<StringGraphType>>("blend").Description("LightGbm, Linear, or none (too little data for the ranker).").Resolve(c => c.Source.Version.Metrics.Blend);
        Field<NonNullGraphType<FloatGraphType>>("trainingSeconds").Description("Training wall time.").Resolve(c => c.Source.Version.Metrics.TrainingSeconds);
        Field<FloatGraphType>("holdoutNdcg10").Description("NDCG@10 of the personal model on the last 10% of the time span (trained on the first 90%).").Resolve(c => c.Source.Version.Metrics.HoldoutPersonalNdcg10);
        Field<FloatGraphType>("holdoutPopularityNdcg10").Description("NDCG@10 of all-time popularity on the same holdout.").Resolve(c => c.Source.Version.Metrics.HoldoutPopularityNdcg10);
        Field<NonNullGraphType<StringGraphType>>("note").Description("Why it was trained.").Resolve(c => c.Source.Version.Note);
    }
}

/// <summary>GraphQL <c>RecommendationReport</c>.</summary>
public sealed class RecommendationReportType : ObjectGraphType<RecommendationReport>
{
    public RecommendationReportType()
    {
        Name = "RecommendationReport";
        Description = "Recommendation-attributed vs organic sales, click-through, catalog coverage and concentration of what is shown, over recent store days.";
        Field<NonNullGraphType<CalendarDateGraphType>>("from").Description("First store day.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<CalendarDateGraphType>>("to").Description("Last store day.").Resolve(c => c.Source.To);
        Field<NonNullGraphType<FloatGraphType>>("exposures").Description("Product impressions in served lists.").Resolve(c => (double)c.Source.Exposures);
        Field<NonNullGraphType<FloatGraphType>>("coverage").Description("Share of catalog products shown at least once.").Resolve(c => c.Source.Coverage);
        Field<NonNullGraphType<FloatGraphType>>("exposureGini").Description("Gini of exposures over the catalog (1 = everything on one product).").Resolve(c => c.Source.ExposureGini);
        Field<NonNullGraphType<FloatGraphType>>("topTenShare").Description("Share of exposures on the 10 most shown products.").Resolve(c => c.Source.TopTenShare);
        Field<NonNullGraphType<IntGraphType>>("recommendationClicks").Description("CLICK events carrying a recommendationId of this module.").Resolve(c => c.Source.RecommendationClicks);
        Field<NonNullGraphType<FloatGraphType>>("clickThroughRate").Description("Recommendation clicks / exposures.").Resolve(c => c.Source.ClickThroughRate);
        Field<NonNullGraphType<DecimalGraphType>>("recommendedRevenue").Description("Revenue of PURCHASE lines carrying a recommendationId.").Resolve(c => c.Source.RecommendedRevenue);
        Field<NonNullGraphType<DecimalGraphType>>("organicRevenue").Description("Revenue of the other PURCHASE lines.").Resolve(c => c.Source.OrganicRevenue);
        Field<NonNullGraphType<FloatGraphType>>("recommendedRevenueShare").Description("Share of revenue attributed to recommendations.").Resolve(c => c.Source.RecommendedRevenueShare);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RecommendationProductAttributionType>>>>("products").Description("Top products by revenue with their split.").Resolve(c => c.Source.Products);
    }
}

/// <summary>GraphQL <c>RecommendationProductAttribution</c>.</summary>
public sealed class RecommendationProductAttributionType : ObjectGraphType<ProductAttribution>
{
    public RecommendationProductAttributionType()
    {
        Name = "RecommendationProductAttribution";
        Description = "One product's sales through recommendations vs organic.";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.").Resolve(c => c.Source.ProductId);
        Field<NonNullGraphType<IntGraphType>>("exposures").Description("Times shown in the period.").Resolve(c => c.Source.Exposures);
        Field<NonNullGraphType<DecimalGraphType>>("recommendedRevenue").Description("Revenue through recommendations.").Resolve(c => c.Source.RecommendedRevenue);
        Field<NonNullGraphType<DecimalGraphType>>("organicRevenue").Description("Other revenue.").Resolve(c => c.Source.OrganicRevenue);
        Field<NonNullGraphType<FloatGraphType>>("recommendedShare").Description("Share through recommendations.").Resolve(c => c.Source.RecommendedShare);
    }
}

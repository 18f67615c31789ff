namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// One "give me N products" question. A GraphQL <c>recommendations(placement, ...)</c> call maps onto it:
/// the home page asks for a customer, a product page passes the product as context, the cart passes its lines.
/// </summary>
public sealed record RecommendationQuery
{
    /// <summary>The customer, if known; unknown or new customers get the model's non-personal answer.</summary>
    public string? CustomerId { get; init; }

    /// <summary>
    /// Products the answer should relate to (the product on screen, the cart, the session's recent views).
    /// Item-based models score from these; the latent model folds them into the customer's profile.
    /// </summary>
    public IReadOnlyList<string> ContextProductIds { get; init; } = [];

    /// <summary>How many products to return.</summary>
    public int Count { get; init; } = 10;

    /// <summary>Products never to return (cart lines, already bought, out of stock...).</summary>
    public IReadOnlyCollection<string> Exclude { get; init; } = [];

    /// <summary>Also leave out what the customer already interacted with in the training data (default on).</summary>
    public bool ExcludeKnown { get; init; } = true;

    /// <summary>Also leave out the context products themselves (default on: "similar to X" should not show X).</summary>
    public bool ExcludeContext { get; init; } = true;

    /// <summary>A personalized query for a customer.</summary>
    public static RecommendationQuery ForCustomer(string customerId, int count = 10) =>
        new() { CustomerId = customerId, Count = count };

    /// <summary>An item-to-item query ("also bought", "similar products", cart add-ons).</summary>
    public static RecommendationQuery ForProducts(IEnumerable<string> productIds, int count = 10) =>
        new() { ContextProductIds = [.. productIds], Count = count };
}

/// <summary>A trained model that answers top-N product queries.</summary>
public interface IRecommendationModel
{
    /// <summary>A short name for logs and metric lines (e.g. <c>popularity</c>).</summary>
    string Name { get; }

    /// <summary>The best <see cref="RecommendationQuery.Count"/> products for the query, best first, exclusions applied.</summary>
    IReadOnlyList<ScoredProduct> Recommend(RecommendationQuery query);
}

namespace RetailCommerce.Modules.Recommendations;

/// <summary>What a customer did with a product. Mirrors the storefront event types that carry a signal of interest.</summary>
public enum InteractionKind
{
    /// <summary>The customer looked at the product page.</summary>
    View,

    /// <summary>The customer put the product in the cart.</summary>
    AddToCart,

    /// <summary>The customer bought the product.</summary>
    Purchase,

    /// <summary>The customer rated the product (the rating goes in <see cref="Interaction.Weight"/>).</summary>
    Rating,
}

/// <summary>
/// One customer–product event, the only input the recommendation models train on.
/// The module host builds these from the event stream (VIEW, ADD_TO_CART, PURCHASE, ratings).
/// </summary>
/// <param name="CustomerId">The store's customer id.</param>
/// <param name="ProductId">The store's product id.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Weight">Quantity for purchases, the star value for ratings, 1 otherwise. How much it counts is decided by <see cref="InteractionWeighting"/>.</param>
/// <param name="OccurredAt">When it happened; every time decay is measured from the latest event in the training data.</param>
/// <param name="Basket">The order (purchases) or browsing session (views) it belongs to, when known; co-occurrence can count pairs per basket instead of per customer.</param>
public sealed record Interaction(
    string CustomerId,
    string ProductId,
    InteractionKind Kind,
    double Weight,
    DateTimeOffset OccurredAt,
    string? Basket = null);

/// <summary>A recommended product with the score of the model that produced it (higher is better; scales differ between models).</summary>
public readonly record struct ScoredProduct(string ProductId, double Score);

using RetailCommerce.Catalog;

namespace RetailCommerce.Shopping;

// Shopping capabilities one module offers another (the assistant uses them all), as small interfaces. A module
// that can do better (Search, Recommendations, Pricing, Loyalty) registers an implementation in DI; consumers
// prefer a registered implementation over their own catalog/event based default. An implementation answers for
// stores where its module is enabled and returns null/empty otherwise (check ModuleActivation).

/// <summary>What a shopper asked for, as filters.</summary>
public sealed record ProductQuery
{
    /// <summary>Free text (product words, not the filters below).</summary>
    public string? Text { get; init; }
    /// <summary>Highest acceptable price.</summary>
    public decimal? MaxPrice { get; init; }
    /// <summary>Lowest acceptable price.</summary>
    public decimal? MinPrice { get; init; }
    /// <summary>A category name or path part ("Headphones", "Women > Shoes").</summary>
    public string? Category { get; init; }
    /// <summary>Colour attribute value.</summary>
    public string? Colour { get; init; }
    /// <summary>Size (or capacity/variant) attribute value.</summary>
    public string? Size { get; init; }
    /// <summary>Brand name.</summary>
    public string? Brand { get; init; }
    /// <summary>Who the product is for ("dad", "kids"), for gift guidance.</summary>
    public string? Recipient { get; init; }
    /// <summary>Occasion ("birthday").</summary>
    public string? Occasion { get; init; }
    /// <summary>Only products in stock.</summary>
    public bool InStockOnly { get; init; } = true;
    /// <summary>How many to return.</summary>
    public int Limit { get; init; } = 3;
}

/// <summary>Finds products for a shopper's constraints (Search implements it with its ranker).</summary>
public interface IProductFinder
{
    /// <summary>
    /// The best matches, best first; every result satisfies the hard filters (price, colour, size, category, brand).
    /// Null when this finder does not serve the store (its module is disabled there) or has nothing to say, so the
    /// caller asks the next one.
    /// </summary>
    Task<IReadOnlyList<Product>?> FindAsync(string storeId, ProductQuery query, CancellationToken ct);
}

/// <summary>Recommends products (Recommendations implements it with its models).</summary>
public interface IRecommendationSource
{
    /// <summary>Products for a customer and/or similar to a product; best first. Null when this source does not serve the store.</summary>
    Task<IReadOnlyList<Product>?> RecommendAsync(string storeId, string? customerId, string? productId, int count, CancellationToken ct);
}

/// <summary>The price a shopper would pay now.</summary>
public sealed record PriceQuote(string ProductId, decimal Price, string Currency, string Source);

/// <summary>Quotes current prices (Pricing implements it with its live prices).</summary>
public interface IPriceQuote
{
    /// <summary>The current price of a product for a shopper, or null when it cannot be quoted.</summary>
    Task<PriceQuote?> QuoteAsync(string storeId, Product product, string? customerId, CancellationToken ct);
}

/// <summary>A customer's points balance.</summary>
public sealed record LoyaltyBalance(string CustomerId, int Points, string? Tier);

/// <summary>Reads a customer's loyalty balance (Loyalty implements it over its ledger).</summary>
public interface ILoyaltyBalance
{
    /// <summary>The balance, or null when the store has no loyalty programme for this customer.</summary>
    Task<LoyaltyBalance?> BalanceAsync(string storeId, string customerId, CancellationToken ct);
}

/// <summary>One line of an order.</summary>
public sealed record OrderLine(string ProductId, int Quantity, decimal? Price, int ReturnedQuantity);

/// <summary>A customer's order as the store's events tell it.</summary>
public sealed record OrderSummary(string OrderId, DateTimeOffset PlacedAt, IReadOnlyList<OrderLine> Lines)
{
    /// <summary>"purchased", "partly returned" or "returned".</summary>
    public string Status => Lines.All(l => l.ReturnedQuantity >= l.Quantity) ? "returned"
        : Lines.Any(l => l.ReturnedQuantity > 0) ? "partly returned" : "purchased";

    /// <summary>Order total at purchase.</summary>
    public decimal Total => Lines.Sum(l => (l.Price ?? 0m) * l.Quantity);
}

/// <summary>A customer's orders (an order-management module may implement it with shipping states).</summary>
public interface IOrderHistory
{
    /// <summary>The customer's orders, newest first.</summary>
    Task<IReadOnlyList<OrderSummary>> OrdersAsync(string storeId, string customerId, CancellationToken ct);
}

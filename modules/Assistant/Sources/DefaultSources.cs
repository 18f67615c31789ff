using RetailCommerce.Shopping;
using Marten;
using RetailCommerce.Catalog;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Assistant.Sources;

/// <summary>Default recommendations: products of the same category near the reference price, or of the customer's latest order's categories.</summary>
public sealed class CatalogRecommendations(IAssistantCatalog catalog, IOrderHistory orders) : IRecommendationSource
{
    public async Task<IReadOnlyList<Product>?> RecommendAsync(string storeId, string? customerId, string? productId, int count, CancellationToken ct)
    {
        var snapshot = await catalog.SnapshotAsync(storeId, ct);
        Product? anchor = productId is not null && snapshot.ById.TryGetValue(productId, out var p) ? p : null;
        if (anchor is null && customerId is not null)
        {
            var latest = (await orders.OrdersAsync(storeId, customerId, ct)).FirstOrDefault();
            var id = latest?.Lines.FirstOrDefault()?.ProductId;
            if (id is not null) snapshot.ById.TryGetValue(id, out anchor);
        }
        if (anchor is null)
            return CatalogProductFinder.Find(snapshot, new ProductQuery { Recipient = "anyone", Limit = count });
        return snapshot.Products.Where(x => x.Id != anchor.Id && x.Stock > 0 && x.Category == anchor.Category)
            .OrderBy(x => Math.Abs(Math.Log((double)Math.Max(x.Price, 0.01m) / (double)Math.Max(anchor.Price, 0.01m))))
            .ThenBy(x => x.Id, StringComparer.Ordinal).Take(count).ToList();
    }
}

/// <summary>Default price: the catalog's list price.</summary>
public sealed class ListPriceQuote : IPriceQuote
{
    public Task<PriceQuote?> QuoteAsync(string storeId, Product product, string? customerId, CancellationToken ct) =>
        Task.FromResult<PriceQuote?>(new PriceQuote(product.Id, product.Price, product.Currency, "list price"));
}

/// <summary>Default when no loyalty module offers balances: none.</summary>
public sealed class NoLoyaltyBalance : ILoyaltyBalance
{
    public Task<LoyaltyBalance?> BalanceAsync(string storeId, string customerId, CancellationToken ct) => Task.FromResult<LoyaltyBalance?>(null);
}

/// <summary>Orders from the customer's own PURCHASE and RETURN events (lines of one order share an order id).</summary>
public sealed class EventOrderHistory(StoreSessions sessions) : IOrderHistory
{
    public async Task<IReadOnlyList<OrderSummary>> OrdersAsync(string storeId, string customerId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var bought = await session.Events.QueryRawEventDataOnly<ItemPurchased>().Where(e => e.CustomerId == customerId).ToListAsync(ct);
        var returned = await session.Events.QueryRawEventDataOnly<ItemReturned>().Where(e => e.CustomerId == customerId).ToListAsync(ct);
        return Summarise(bought, returned);
    }

    /// <summary>Groups purchase and return lines into orders, newest first.</summary>
    public static IReadOnlyList<OrderSummary> Summarise(IEnumerable<ItemPurchased> bought, IEnumerable<ItemReturned> returned)
    {
        var back = returned.Where(r => r.OrderId is not null && r.ProductId is not null)
            .GroupBy(r => (r.OrderId!, r.ProductId!)).ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity));
        return bought.Where(b => b.OrderId is not null && b.ProductId is not null).GroupBy(b => b.OrderId!)
            .Select(g => new OrderSummary(g.Key, g.Min(b => b.OccurredAt),
                g.GroupBy(b => b.ProductId!).Select(l => new OrderLine(l.Key, l.Sum(b => b.Quantity), l.First().Price, back.GetValueOrDefault((g.Key, l.Key)))).ToList()))
            .OrderByDescending(o => o.PlacedAt).ToList();
    }
}

/// <summary>Fixed orders (benchmarks, tests).</summary>
public sealed class FixedOrderHistory(IReadOnlyDictionary<string, IReadOnlyList<OrderSummary>> orders) : IOrderHistory
{
    public Task<IReadOnlyList<OrderSummary>> OrdersAsync(string storeId, string customerId, CancellationToken ct) =>
        Task.FromResult(orders.TryGetValue(customerId, out var o) ? o : (IReadOnlyList<OrderSummary>)[]);
}

using Marten.Events.Projections;

namespace RetailCommerce.Tracking;

/// <summary>One product's activity on one day (UTC); id = <c>productId|yyyy-MM-dd</c>.</summary>
public sealed class ProductDailyStats
{
    public string Id { get; set; } = "";
    public string ProductId { get; set; } = "";
    public DateOnly Day { get; set; }
    public int Views { get; set; }
    public int Clicks { get; set; }
    public int AddToCarts { get; set; }
    /// <summary>Units purchased.</summary>
    public int Purchases { get; set; }
    /// <summary>Units returned.</summary>
    public int Returns { get; set; }
    /// <summary>Purchased revenue less returns.</summary>
    public decimal Revenue { get; set; }

    /// <summary>The document id for a product and day.</summary>
    public static string IdFor(string productId, DateTimeOffset at) => $"{productId}|{DateOnly.FromDateTime(at.UtcDateTime):yyyy-MM-dd}";
}

/// <summary>Rolls product events up per product and day, asynchronously.</summary>
public sealed class ProductDailyStatsProjection : MultiStreamProjection<ProductDailyStats, string>
{
    public ProductDailyStatsProjection()
    {
        Identity<ProductViewed>(Key);
        Identity<ProductClicked>(Key);
        Identity<AddedToCart>(Key);
        Identity<ItemPurchased>(Key);
        Identity<ItemReturned>(Key);
    }

    private static string Key(ShopperEvent e) => ProductDailyStats.IdFor(e.ProductId!, e.OccurredAt);

    public void Apply(ProductViewed e, ProductDailyStats s) { Init(s, e); s.Views++; }
    public void Apply(ProductClicked e, ProductDailyStats s) { Init(s, e); s.Clicks++; }
    public void Apply(AddedToCart e, ProductDailyStats s) { Init(s, e); s.AddToCarts += e.Quantity; }
    public void Apply(ItemPurchased e, ProductDailyStats s) { Init(s, e); s.Purchases += e.Quantity; s.Revenue += e.Revenue; }
    public void Apply(ItemReturned e, ProductDailyStats s) { Init(s, e); s.Returns += e.Quantity; s.Revenue += e.Revenue; }

    private static void Init(ProductDailyStats s, ShopperEvent e)
    {
        s.ProductId = e.ProductId!;
        s.Day = DateOnly.FromDateTime(e.OccurredAt.UtcDateTime);
    }
}

using Marten.Events.Projections;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Projections;

/// <summary>
/// How often one search text was run on one store day (id = <c>yyyy-MM-dd|</c> SHA-256 of the normalized query,
/// see <see cref="ShopperKeys.NormalizedQuery"/>; hashed because a query may be 1000 characters, too long for
/// a key). Top searches sum these over a range.
/// </summary>
public sealed class SearchDay
{
    public string Id { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>The normalized search text.</summary>
    public string Query { get; set; } = "";
    /// <summary>SEARCH events with this text on the day.</summary>
    public int Searches { get; set; }
}

/// <summary>Maintains <see cref="SearchDay"/> asynchronously from SEARCH events.</summary>
public sealed class SearchDayProjection : MultiStreamProjection<SearchDay, string>
{
    public SearchDayProjection() =>
        Identity<CatalogSearched>(e => ShopperKeys.DayKey(ShopperKeys.DayOf(e), ShopperKeys.Fingerprint(ShopperKeys.NormalizedQuery(e.Query))));

    public void Apply(CatalogSearched e, SearchDay s)
    {
        s.Day = ShopperKeys.DayOf(e);
        s.Query = ShopperKeys.NormalizedQuery(e.Query);
        s.Searches++;
    }
}

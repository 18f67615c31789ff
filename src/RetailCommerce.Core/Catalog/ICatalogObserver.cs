namespace RetailCommerce.Catalog;

/// <summary>
/// Lets modules react to catalog changes (e.g. Search indexes changed products incrementally).
/// Called after the change is committed; a failing observer is logged and does not undo the import.
/// </summary>
public interface ICatalogObserver
{
    /// <summary>Products of <paramref name="storeId"/> were created or updated.</summary>
    Task ProductsChangedAsync(string storeId, IReadOnlyList<Product> changed, CancellationToken ct);
}

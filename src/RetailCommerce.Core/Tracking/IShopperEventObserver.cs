namespace RetailCommerce.Tracking;

/// <summary>
/// Lets a module react the moment shopper events are stored, before the async projections have caught up
/// (e.g. Recommendations ranks an active shopper's new "for you" list in the background, so their next page
/// is a lookup). Called on the ingest call after the batch committed, with only the events that were stored
/// (replays are not repeated). Implementations must return at once and do any work in the background;
/// a failing observer is logged and changes nothing about what was stored.
/// </summary>
public interface IShopperEventObserver
{
    /// <summary>Events of <paramref name="storeId"/> were stored.</summary>
    void EventsStored(string storeId, IReadOnlyList<ShopperEvent> stored);
}

using Marten.Events.Projections;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Insights.Projections;

/// <summary>
/// One session on one store day and how far down the funnel it got (id = <c>yyyy-MM-dd|session key</c>, see
/// <see cref="ShopperKeys.SessionOf"/>). Sessions per day = documents per day; the funnel counts documents
/// with each flag set.
/// </summary>
/// <remarks>
/// Why a document per session-day and not a counter: "is this the session's first event today?" is only
/// answerable from state. Here that state is the document's identity, and Marten's async daemon groups each
/// batch's events by document id, loads or creates that one document and applies the events to it in order
/// before saving. A session spread over many batches (or appearing twice in one batch) therefore always lands
/// on the same document, and no projection ever reads another document that the same batch is still
/// changing. Counting is left to the query (documents per day), which is then exact by construction.
/// </remarks>
public sealed class SessionDay
{
    public string Id { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>The session key (<c>session:&lt;id&gt;</c> or <c>customer:&lt;id&gt;</c>).</summary>
    public string Session { get; set; } = "";
    /// <summary>The session viewed a product.</summary>
    public bool Viewed { get; set; }
    /// <summary>The session added something to the cart.</summary>
    public bool AddedToCart { get; set; }
    /// <summary>The session started checkout.</summary>
    public bool CheckedOut { get; set; }
    /// <summary>The session purchased.</summary>
    public bool Purchased { get; set; }
}

/// <summary>
/// Maintains <see cref="SessionDay"/> asynchronously from every shopper activity event. Returns are not
/// shopper activity (merchants usually record them from their back office), so they open no session.
/// </summary>
public sealed class SessionDayProjection : MultiStreamProjection<SessionDay, string>
{
    public SessionDayProjection()
    {
        Identity<ProductViewed>(Key);
        Identity<CatalogSearched>(Key);
        Identity<ProductClicked>(Key);
        Identity<AddedToCart>(Key);
        Identity<RemovedFromCart>(Key);
        Identity<CheckoutStarted>(Key);
        Identity<ItemPurchased>(Key);
    }

    private static string Key(ShopperEvent e) => ShopperKeys.DayKey(ShopperKeys.DayOf(e), ShopperKeys.SessionOf(e));

    public void Apply(ProductViewed e, SessionDay s) { Init(s, e); s.Viewed = true; }
    public void Apply(CatalogSearched e, SessionDay s) => Init(s, e);
    public void Apply(ProductClicked e, SessionDay s) => Init(s, e);
    public void Apply(AddedToCart e, SessionDay s) { Init(s, e); s.AddedToCart = true; }
    public void Apply(RemovedFromCart e, SessionDay s) => Init(s, e);
    public void Apply(CheckoutStarted e, SessionDay s) { Init(s, e); s.CheckedOut = true; }
    public void Apply(ItemPurchased e, SessionDay s) { Init(s, e); s.Purchased = true; }

    private static void Init(SessionDay s, ShopperEvent e)
    {
        s.Day = ShopperKeys.DayOf(e);
        s.Session = ShopperKeys.SessionOf(e);
    }
}

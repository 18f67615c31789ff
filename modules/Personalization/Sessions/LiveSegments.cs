namespace RetailCommerce.Modules.Personalization.Sessions;

/// <summary>
/// Segments of the current session, recomputed from its events on every call (nothing to keep in sync):
/// new or returning, high intent, researcher, discount seeker, about to leave.
/// </summary>
public static class LiveSegments
{
    public const string New = "new-visitor";
    public const string Returning = "returning";
    public const string HighIntent = "high-intent";
    public const string Researcher = "researcher";
    public const string DiscountSeeker = "discount-seeker";
    public const string AboutToLeave = "about-to-leave";

    /// <summary>Every live segment name.</summary>
    public static readonly string[] All = [New, Returning, HighIntent, Researcher, DiscountSeeker, AboutToLeave];

    /// <summary>The session's segments with the reason for each.</summary>
    /// <param name="purchaseProbability">The propensity model's score, when a model is trained.</param>
    public static List<(string Segment, string Reason)> Of(LiveSession session, SessionFeatures f, double? purchaseProbability)
    {
        var result = new List<(string, string)>();
        if (session.History.PriorSessions > 0 || session.History.PriorOrders > 0)
            result.Add((Returning, $"{session.History.PriorSessions} earlier session(s), {session.History.PriorOrders} order(s)"));
        else result.Add((New, "no earlier session"));
        if (f.CartUnits > 0 || f.CheckoutStarted || purchaseProbability >= 0.5)
            result.Add((HighIntent, f.CheckoutStarted ? "checkout started" : f.CartUnits > 0 ? $"{f.CartUnits} item(s) in the cart" : $"purchase probability {purchaseProbability:P0}"));
        if (f.CartUnits == 0 && (f.Searches >= 2 || f.DistinctProducts >= 5))
            result.Add((Researcher, $"{f.Searches} searches, {f.DistinctProducts} products compared, nothing in the cart"));
        var priceSearches = session.Events.Count(e => e.Type == "SEARCH" && SessionFeatures.IsPriceSearch(e.Query));
        if (priceSearches > 0 || f.ReferrerKind == 3 || f.PriceChecks >= 3)
            result.Add((DiscountSeeker, priceSearches > 0 ? "searched for prices or deals" : f.ReferrerKind == 3 ? "came from a newsletter" : "checked prices repeatedly"));
        if (f.CartUnits > 0 && !f.CheckoutStarted && f.IdleSeconds is >= 300 and < 7200)
            result.Add((AboutToLeave, $"cart idle for {f.IdleSeconds / 60:0} minutes"));
        return result;
    }
}

using Microsoft.ML.Data;

namespace RetailCommerce.Modules.Personalization.Sessions;

/// <summary>
/// A session's behaviour so far, the input of the propensity and abandonment models and of live segments.
/// Shipping-page visits are not a tracked event type in the contract, so "price and shipping checks" are
/// measured by repeat views of the same product and price words in searches.
/// </summary>
public sealed class SessionFeatures
{
    /// <summary>Seconds from the session's first to its latest event.</summary>
    public float DwellSeconds { get; set; }
    /// <summary>Product views.</summary>
    public float Views { get; set; }
    /// <summary>Distinct products viewed (browse depth).</summary>
    public float DistinctProducts { get; set; }
    public float Searches { get; set; }
    public float Clicks { get; set; }
    public float CartAdds { get; set; }
    public float CartRemoves { get; set; }
    /// <summary>Units in the cart now.</summary>
    public float CartUnits { get; set; }
    /// <summary>Value of the cart now.</summary>
    public float CartValue { get; set; }
    /// <summary>Repeat views of a product plus searches with price words ("cheap", "under 50", "sale").</summary>
    public float PriceChecks { get; set; }
    public float Mobile { get; set; }
    public float Desktop { get; set; }
    /// <summary>0 direct, 1 search engine, 2 social, 3 newsletter/e-mail, 4 other.</summary>
    public float ReferrerKind { get; set; }
    public float HourOfDay { get; set; }
    public float Weekend { get; set; }
    /// <summary>1 when the shopper is signed in (a known customer).</summary>
    public float SignedIn { get; set; }
    public float PriorOrders { get; set; }
    public float PriorSessions { get; set; }
    /// <summary>Days since the previous visit; 365 for first visits.</summary>
    public float DaysSinceLastVisit { get; set; }
    /// <summary>Checkout started (not a model input: it is the step the models predict).</summary>
    [NoColumn] public bool CheckoutStarted { get; set; }
    /// <summary>Seconds since the latest event at the moment of scoring (live only).</summary>
    [NoColumn] public double IdleSeconds { get; set; }

    /// <summary>Model input columns.</summary>
    public static readonly string[] Columns =
    [
        nameof(DwellSeconds), nameof(Views), nameof(DistinctProducts), nameof(Searches), nameof(Clicks), nameof(CartAdds), nameof(CartRemoves),
        nameof(CartUnits), nameof(CartValue), nameof(PriceChecks), nameof(Mobile), nameof(Desktop), nameof(ReferrerKind), nameof(HourOfDay),
        nameof(Weekend), nameof(SignedIn), nameof(PriorOrders), nameof(PriorSessions), nameof(DaysSinceLastVisit),
    ];

    private static readonly string[] PriceWords = ["cheap", "under", "sale", "discount", "deal", "offer", "price", "bargain", "coupon"];

    /// <summary>True for a search text that asks about price.</summary>
    public static bool IsPriceSearch(string? query) =>
        query is not null && PriceWords.Any(w => query.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>Features of a session's events (time order) for a shopper with <paramref name="history"/>.</summary>
    public static SessionFeatures From(IReadOnlyList<SessionEvent> events, ShopperHistory history, DateTimeOffset? now = null)
    {
        var f = new SessionFeatures();
        if (events.Count == 0) { f.DaysSinceLastVisit = 365; return f; }
        var first = events[0];
        var last = events[^1];
        var cart = new Dictionary<string, (int Units, decimal Price)>();
        var viewed = new HashSet<string>();
        foreach (var e in events)
        {
            switch (e.Type)
            {
                case "VIEW":
                    f.Views++;
                    if (e.ProductId is not null && !viewed.Add(e.ProductId)) f.PriceChecks++;
                    break;
                case "SEARCH":
                    f.Searches++;
                    if (IsPriceSearch(e.Query)) f.PriceChecks++;
                    break;
                case "CLICK": f.Clicks++; break;
                case "ADD_TO_CART" when e.ProductId is not null:
                    f.CartAdds++;
                    var had = cart.GetValueOrDefault(e.ProductId);
                    cart[e.ProductId] = (had.Units + Math.Max(1, e.Quantity), e.Price ?? had.Price);
                    break;
                case "REMOVE_FROM_CART" when e.ProductId is not null:
                    f.CartRemoves++;
                    if (cart.TryGetValue(e.ProductId, out var line))
                    {
                        var left = line.Units - Math.Max(1, e.Quantity);
                        if (left > 0) cart[e.ProductId] = (left, line.Price); else cart.Remove(e.ProductId);
                    }
                    break;
                case "CHECKOUT": f.CheckoutStarted = true; break;
                case "PURCHASE": cart.Clear(); break; // bought: nothing left to abandon
            }
        }
        f.DistinctProducts = viewed.Count;
        f.CartUnits = cart.Values.Sum(l => l.Units);
        f.CartValue = (float)cart.Values.Sum(l => l.Units * l.Price);
        f.DwellSeconds = (float)(last.At - first.At).TotalSeconds;
        var device = events.Select(e => e.Device).FirstOrDefault(d => d is not null);
        f.Mobile = device == "mobile" ? 1 : 0;
        f.Desktop = device == "desktop" ? 1 : 0;
        f.ReferrerKind = ReferrerKindOf(events.Select(e => e.Referrer).FirstOrDefault(r => r is not null));
        f.HourOfDay = first.At.UtcDateTime.Hour;
        f.Weekend = first.At.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0;
        f.SignedIn = events.Any(e => e.CustomerId is not null) ? 1 : 0;
        f.PriorOrders = history.PriorOrders;
        f.PriorSessions = history.PriorSessions;
        f.DaysSinceLastVisit = (float)Math.Min(365, history.DaysSinceLastVisit ?? 365);
        if (now is { } n) f.IdleSeconds = Math.Max(0, (n - last.At).TotalSeconds);
        return f;
    }

    /// <summary>0 direct, 1 search engine, 2 social, 3 newsletter/e-mail, 4 other.</summary>
    public static float ReferrerKindOf(string? referrer)
    {
        if (string.IsNullOrEmpty(referrer)) return 0;
        var r = referrer.ToLowerInvariant();
        if (r.Contains("google") || r.Contains("bing") || r.Contains("duckduckgo") || r.Contains("yahoo")) return 1;
        if (r.Contains("instagram") || r.Contains("facebook") || r.Contains("pinterest") || r.Contains("tiktok") || r.Contains("twitter") || r.Contains("x.com")) return 2;
        if (r.Contains("newsletter") || r.Contains("mail")) return 3;
        return 4;
    }
}

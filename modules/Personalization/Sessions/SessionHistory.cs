namespace RetailCommerce.Modules.Personalization.Sessions;

/// <summary>One finished session as a training example, with what the shopper had done before it.</summary>
public sealed record SessionExample(string SessionId, DateTimeOffset Start, SessionFeatures AtLastCartEdit, SessionFeatures BeforeCheckout,
    bool HadCart, bool Purchased);

/// <summary>
/// Turns an event history (time order) into session examples. Features are taken where the prediction is made,
/// so nothing after that moment leaks in: the abandonment example at the session's last cart edit before
/// checkout, the propensity example just before checkout (or at the end when there was none). Shopper history
/// (prior orders, sessions, days since the last visit) is counted from earlier sessions only.
/// </summary>
public static class SessionHistory
{
    public static List<SessionExample> Build(IEnumerable<SessionEvent> eventsInTimeOrder)
    {
        var sessions = new Dictionary<string, List<SessionEvent>>();
        var order = new List<string>();
        foreach (var e in eventsInTimeOrder)
        {
            if (e.SessionId is null) continue; // returns come without a session
            if (!sessions.TryGetValue(e.SessionId, out var list)) { sessions[e.SessionId] = list = []; order.Add(e.SessionId); }
            list.Add(e);
        }
        var shoppers = new Dictionary<string, (int Orders, int Sessions, DateTimeOffset LastVisit)>();
        var examples = new List<SessionExample>(order.Count);
        foreach (var id in order.OrderBy(s => sessions[s][0].At))
        {
            var events = sessions[id];
            var customer = events.Select(e => e.CustomerId).FirstOrDefault(c => c is not null);
            var history = customer is not null && shoppers.TryGetValue(customer, out var h)
                ? new ShopperHistory(h.Orders, h.Sessions, (events[0].At - h.LastVisit).TotalDays) : ShopperHistory.None;
            var checkout = events.FindIndex(e => e.Type is "CHECKOUT" or "PURCHASE");
            var beforeCheckout = checkout < 0 ? events : events.Take(checkout).ToList();
            var lastCart = beforeCheckout.FindLastIndex(e => e.Type is "ADD_TO_CART" or "REMOVE_FROM_CART");
            var purchased = events.Any(e => e.Type == "PURCHASE");
            examples.Add(new SessionExample(id, events[0].At,
                SessionFeatures.From(lastCart < 0 ? beforeCheckout : beforeCheckout.Take(lastCart + 1).ToList(), history),
                SessionFeatures.From(beforeCheckout.Count == 0 ? events.Take(1).ToList() : beforeCheckout, history),
                lastCart >= 0, purchased));
            if (customer is not null)
            {
                var had = shoppers.GetValueOrDefault(customer);
                shoppers[customer] = (had.Orders + (purchased ? 1 : 0), had.Sessions + 1, events[^1].At);
            }
        }
        return examples;
    }
}

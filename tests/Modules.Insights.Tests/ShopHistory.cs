namespace RetailCommerce.Modules.Insights.Tests;

/// <summary>A tracked event as the test sends it (the fields of GraphQL EventInput the tests use).</summary>
public sealed record TrackedEvent(string Id, string Type, string? CustomerId, string? SessionId, string? ProductId,
    string? OrderId, int? Quantity, decimal? Price, string? Query, DateTimeOffset OccurredAt)
{
    /// <summary>The payload for trackEvents.</summary>
    public object ToInput() => new
    {
        id = Id, type = Type, customerId = CustomerId, sessionId = SessionId, productId = ProductId, orderId = OrderId,
        quantity = Quantity, price = Price, query = Query, occurredAt = OccurredAt,
    };
}

/// <summary>
/// A seeded, believable few days of a small shop: anonymous and signed-in sessions (some signing in half-way,
/// some running past midnight), searches typed with stray case and spaces, carts, abandoned checkouts,
/// multi-line orders, orders and returns recorded server-side without a session, and a quiet day.
/// </summary>
public sealed class ShopHistory
{
    private static readonly string[] Searches = ["tent", "Tent ", "  TENT", "sleeping bag", "Sleeping  Bag", "stove", "head lamp", "headlamp", "rain jacket", "Rain Jacket"];

    public ShopHistory(int seed, int sessions, DateOnly firstDay, int days, DateOnly? quietDay = null, string prefix = "")
    {
        var random = new Random(seed);
        Products = Enumerable.Range(1, 15).Select(i => (Id: $"{prefix}p{i:00}", Price: Math.Round((decimal)(random.NextDouble() * 195 + 5), 2))).ToList();
        var activeDays = Enumerable.Range(0, days).Select(firstDay.AddDays).Where(d => d != quietDay).ToList();
        var customers = Enumerable.Range(1, 40).Select(i => $"{prefix}c{i:00}").ToList();
        var orderNo = 0;
        var n = 0;
        string NextId() => $"{prefix}e{++n}";

        for (var s = 0; s < sessions; s++)
        {
            var sessionId = $"{prefix}s{s}";
            var day = activeDays[random.Next(activeDays.Count)];
            // One session in ten starts just before midnight, so it is active on two days.
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                .AddMinutes(random.Next(10) == 0 ? 23 * 60 + 45 : random.Next(0, 22 * 60));
            var at = start;
            DateTimeOffset Next() => at = at.AddMinutes(random.Next(1, 5));
            var customer = random.Next(100) < 45 ? customers[random.Next(customers.Count)] : null;
            var signsInAt = customer is null ? int.MaxValue : random.Next(0, 4); // events before this index are anonymous
            var index = 0;
            string? Who() => index++ >= signsInAt ? customer : null;
            void Add(string type, string? productId = null, string? orderId = null, int? quantity = null, decimal? price = null, string? query = null) =>
                Events.Add(new TrackedEvent(NextId(), type, Who(), sessionId, productId, orderId, quantity, price, query, Next()));

            for (var i = random.Next(0, 3); i > 0; i--) Add("SEARCH", query: Searches[random.Next(Searches.Length)]);
            var seen = Enumerable.Range(0, random.Next(1, 7)).Select(_ => Products[random.Next(Products.Count)]).ToList();
            foreach (var p in seen)
            {
                if (random.Next(3) == 0) Add("CLICK", p.Id);
                Add("VIEW", p.Id, price: p.Price);
            }
            // Some shoppers add from a list without a product view in this session.
            var cart = seen.Where(_ => random.Next(100) < 30).Concat(random.Next(20) == 0 ? [Products[random.Next(Products.Count)]] : []).ToList();
            foreach (var p in cart) Add("ADD_TO_CART", p.Id, quantity: random.Next(1, 3), price: p.Price);
            if (cart.Count > 1 && random.Next(4) == 0) { Add("REMOVE_FROM_CART", cart[^1].Id, quantity: 1); cart.RemoveAt(cart.Count - 1); }
            if (cart.Count == 0 || random.Next(100) >= 55) continue;
            Add("CHECKOUT");
            if (random.Next(100) >= 70) continue;
            var orderId = $"{prefix}o{++orderNo}";
            foreach (var p in cart)
            {
                var quantity = random.Next(1, 4);
                Add("PURCHASE", p.Id, orderId, quantity, p.Price);
                // Returns arrive days later from the back office: customer id only, or the session when anonymous.
                if (random.Next(8) == 0)
                    Events.Add(new TrackedEvent(NextId(), "RETURN", customer, customer is null ? sessionId : null, p.Id, orderId,
                        random.Next(1, quantity + 1), p.Price, null, at.AddDays(random.Next(1, 3))));
            }
        }

        // Orders placed by phone and entered server-side: a customer, no session.
        for (var i = 0; i < 25; i++)
        {
            var customer = customers[random.Next(customers.Count)];
            var day = activeDays[random.Next(activeDays.Count)];
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(random.Next(8, 20), random.Next(60))), TimeSpan.Zero);
            var orderId = $"{prefix}o{++orderNo}";
            for (var line = random.Next(1, 3); line > 0; line--)
            {
                var p = Products[random.Next(Products.Count)];
                Events.Add(new TrackedEvent(NextId(), "PURCHASE", customer, null, p.Id, orderId, random.Next(1, 3), p.Price, null, at));
            }
        }
    }

    /// <summary>The catalog: id and price.</summary>
    public List<(string Id, decimal Price)> Products { get; }

    /// <summary>Every event, in the order it happened per shopper.</summary>
    public List<TrackedEvent> Events { get; } = [];
}

namespace RetailCommerce.DemoStore.Tests;

/// <summary>An order line (a PURCHASE or RETURN event) of the generated history.</summary>
public sealed record OrderLine(string OrderId, string ProductId, string CustomerId, DateTimeOffset At, decimal Price, int Quantity);

/// <summary>
/// The default demo store (the one bootstrap loads), generated once for the test class and read in one
/// streaming pass: order lines are kept, everything else is counted, so memory stays small.
/// </summary>
public sealed class DefaultDemoStore
{
    public DefaultDemoStore()
    {
        Generator = new DemoStoreGenerator(new DemoStoreOptions());
        var sessions = new Dictionary<string, SessionTrace>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? previous = null;
        foreach (var e in Generator.Events())
        {
            if (!ids.Add(e.Id!)) DuplicateIds++;
            if (previous > e.OccurredAt) OutOfOrder++;
            previous = e.OccurredAt;
            Count[e.Type!] = Count.GetValueOrDefault(e.Type!) + 1;
            if (e.ProductId is { } product && (!FirstEventAt.TryGetValue(product, out var first) || e.OccurredAt < first))
                FirstEventAt[product] = e.OccurredAt!.Value;
            if (e.CustomerId is not null) EventsByCustomer[e.CustomerId] = EventsByCustomer.GetValueOrDefault(e.CustomerId) + 1;
            if (e.Type == "CHECKOUT" && e.CustomerId is not null) Checkouts.Add(e.CustomerId);
            if (e.Type is "PURCHASE" or "RETURN")
                (e.Type == "PURCHASE" ? Purchases : Returns).Add(new OrderLine(e.OrderId!, e.ProductId!, e.CustomerId!, e.OccurredAt!.Value, e.Price!.Value, e.Quantity!.Value));
            if (e.Type == "SEARCH") Queries.Add(e.Query!);
            if (e.SessionId is { } sessionId)
            {
                if (!sessions.TryGetValue(sessionId, out var trace)) sessions[sessionId] = trace = new SessionTrace();
                if (e.CustomerId is null && trace.Identified) trace.AnonymousAfterSignIn = true;
                if (e.CustomerId is null) trace.Anonymous = true;
                else
                {
                    trace.Identified = true;
                    trace.Customers.Add(e.CustomerId);
                }
            }
        }
        SignedInSessions = sessions.Values.Count(s => s.Anonymous && s.Identified);
        SessionsAnonymousAfterSignIn = sessions.Values.Count(s => s.AnonymousAfterSignIn);
        SessionsWithSeveralCustomers = sessions.Values.Count(s => s.Customers.Count > 1);
        SessionCount = sessions.Count;
    }

    public DemoStoreGenerator Generator { get; }
    public DemoGroundTruth Truth => Generator.GroundTruth;
    public Dictionary<string, int> Count { get; } = [];
    public Dictionary<string, DateTimeOffset> FirstEventAt { get; } = [];
    public Dictionary<string, int> EventsByCustomer { get; } = [];
    public HashSet<string> Checkouts { get; } = [];
    public List<OrderLine> Purchases { get; } = [];
    public List<OrderLine> Returns { get; } = [];
    public List<string> Queries { get; } = [];
    public int DuplicateIds { get; }
    public int OutOfOrder { get; }
    public int SessionCount { get; }
    public int SignedInSessions { get; }
    public int SessionsAnonymousAfterSignIn { get; }
    public int SessionsWithSeveralCustomers { get; }

    private sealed class SessionTrace
    {
        public bool Anonymous, Identified, AnonymousAfterSignIn;
        public HashSet<string> Customers { get; } = [];
    }
}

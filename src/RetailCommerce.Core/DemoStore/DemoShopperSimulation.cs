using RetailCommerce.Tracking;

namespace RetailCommerce.DemoStore;

/// <summary>
/// Simulates the shoppers of the demo store day by day and yields their events in time order. Each day's
/// visits are generated into a small time-ordered queue and released once no later visit can precede
/// them, so memory holds about a day of events plus the returns still to come.
/// </summary>
internal sealed class DemoShopperSimulation
{
    // Share of product picks that go to products launched in the last 30 days ("new in").
    private const double NewArrivalPull = 0.06;
    private static readonly TimeSpan NewArrivalWindow = TimeSpan.FromDays(30);
    // Chance that a bargain hunter still looks at an item priced above its category's median.
    private const double BargainAcceptsDearItem = 0.25;
    private const double CheckoutAbandonment = 0.08;
    private const double ClickAfterSearch = 0.7;
    private const double PromotionPurchaseLift = 3.0;
    private const double PromotionVisitLift = 2.0;

    private static readonly (string? Referrer, double Weight)[] Referrers =
    [
        (null, 0.35), ("https://www.google.com/", 0.30), ("newsletter", 0.10), ("https://www.instagram.com/", 0.08),
        ("https://www.bing.com/", 0.05), ("https://www.pinterest.com/", 0.04), ("https://www.facebook.com/", 0.08),
    ];
    private static readonly double[] ReferrerCumulative = DemoCalendar.Cumulative(Referrers.Select(r => r.Weight).ToArray());
    private static readonly string[] VisitorCountries = ["DE", "DE", "DE", "FR", "FR", "NL", "IT", "AT", "ES", "BE", "PL"];

    private readonly DemoStoreOptions _options;
    private readonly DemoCalendar _calendar;
    private readonly IReadOnlyList<DemoProduct> _products;
    private readonly IReadOnlyList<DemoCustomer> _customers;
    private readonly IReadOnlyList<DemoPromotion> _promotions;
    private readonly Random _random;
    private readonly Dictionary<int, int> _partners = new();
    private readonly int[][] _leafProducts;
    private readonly double[][] _leafCumulative;
    private readonly decimal[] _leafMedianPrice;
    private readonly double[][] _leafByMonth;
    private readonly double[][] _giftLeafByMonth;
    private readonly int[] _giftLeaves;
    private readonly int[][] _departmentLeaves;
    private readonly DemoProduct[] _arrivals;
    private readonly List<int>[] _purchased;
    private readonly PriorityQueue<EventInput, (long Ticks, long Sequence)> _queue = new();
    private long _events, _sessions, _orders;

    public DemoShopperSimulation(DemoStoreOptions options, DemoCalendar calendar, IReadOnlyList<DemoProduct> products,
        IReadOnlyList<DemoCustomer> customers, IReadOnlyList<DemoPromotion> promotions, IReadOnlyList<BoughtTogetherPair> pairs, int seed)
    {
        _options = options;
        _calendar = calendar;
        _products = products;
        _customers = customers;
        _promotions = promotions;
        _random = new Random(seed);
        var index = products.ToDictionary(p => p.Id, p => p.Index);
        foreach (var pair in pairs)
        {
            _partners[index[pair.First]] = index[pair.Second];
            _partners[index[pair.Second]] = index[pair.First];
        }

        var leaves = DemoCatalogBlueprint.Leaves;
        _leafProducts = leaves.Select(l => products.Where(p => p.Leaf == l).Select(p => p.Index).ToArray()).ToArray();
        _leafCumulative = _leafProducts.Select(ids => DemoCalendar.Cumulative(ids.Select(i => products[i].Popularity).ToArray())).ToArray();
        _leafMedianPrice = _leafProducts.Select(ids => ids.Length == 0 ? 0m : ids.Select(i => products[i].Price).Order().ElementAt(ids.Length / 2)).ToArray();
        // A leaf draws visits in proportion to its department's season and how much of the catalog it holds.
        _leafByMonth = Enumerable.Range(0, 12).Select(m => DemoCalendar.Cumulative(
            leaves.Select((l, i) => l.Department.MonthFactors[m] * Math.Sqrt(_leafProducts[i].Length)).ToArray())).ToArray();
        _giftLeaves = Enumerable.Range(0, leaves.Count).Where(i => leaves[i].Giftable && _leafProducts[i].Length > 0).ToArray();
        _giftLeafByMonth = Enumerable.Range(0, 12).Select(m => DemoCalendar.Cumulative(
            _giftLeaves.Select(i => leaves[i].Department.MonthFactors[m]).ToArray())).ToArray();
        _departmentLeaves = DemoCatalogBlueprint.Departments
            .Select(d => Enumerable.Range(0, leaves.Count).Where(i => leaves[i].Department == d && _leafProducts[i].Length > 0).ToArray()).ToArray();
        _arrivals = products.Where(p => p.LaunchedAt >= calendar.Start).OrderBy(p => p.LaunchedAt).ThenBy(p => p.Index).ToArray();
        _purchased = customers.Select(_ => new List<int>()).ToArray();
    }

    /// <summary>All events of the history, in time order.</summary>
    public IEnumerable<EventInput> Run()
    {
        var firstDay = new DateTimeOffset(_calendar.Start.UtcDateTime.Date, TimeSpan.Zero);
        for (var day = firstDay; day < _calendar.End; day = day.AddDays(1))
        {
            var today = new Day(this, day);
            foreach (var customer in _customers) VisitsOf(customer, today);
            var visitors = _random.Poisson(_options.AnonymousSessionsPerDay * today.Traffic);
            for (var v = 0; v < visitors; v++) Visit(null, PersonaProfile.AnonymousVisitor, today, VisitKind.Browse);

            var release = day.AddDays(1) < _calendar.End ? day.AddDays(1) : _calendar.End;
            while (_queue.TryPeek(out var next, out _) && next.OccurredAt < release) yield return _queue.Dequeue();
        }
        // Whatever is left (sessions running past the end, returns after it) lies outside the history.
        _queue.Clear();
    }

    private void VisitsOf(DemoCustomer customer, Day today)
    {
        if (today.Start <= customer.CreatedAt || customer.ChurnsAt <= today.Start) return;
        var profile = PersonaProfile.For(customer.Persona);
        if (customer.Persona == Persona.GiftBuyer)
        {
            if (customer.GiftDay == today.Start) Visit(customer, profile, today, VisitKind.GiftOrder);
            else if (customer.GiftBrowseDays.Contains(today.Start)) Visit(customer, profile, today, VisitKind.Browse);
            return;
        }
        var rate = profile.SessionsPerYear / 365.0 * customer.Activity * today.Traffic;
        if (customer.Persona == Persona.BargainHunter && today.PromotionProducts.Length > 0) rate *= PromotionVisitLift;
        var visits = (int)rate + (_random.Chance(rate - Math.Floor(rate)) ? 1 : 0);
        for (var v = 0; v < visits; v++) Visit(customer, profile, today, VisitKind.Shop);
    }

    private enum VisitKind { Shop, Browse, GiftOrder }

    private void Visit(DemoCustomer? customer, PersonaProfile profile, Day today, VisitKind kind)
    {
        var session = new Session(this, customer, today.Start + DemoCalendar.TimeOfDay(_random));
        var gift = customer?.Persona == Persona.GiftBuyer;
        var bargain = customer?.Persona == Persona.BargainHunter;
        var leaf = ChooseLeaf(customer, profile, today, gift);
        // In season a shopper is readier to buy (garden furniture in May, not in November).
        var season = DemoCatalogBlueprint.Leaves[leaf].Department.MonthFactors;
        var willBuy = kind switch
        {
            VisitKind.GiftOrder => true,
            VisitKind.Browse => false,
            _ => _random.Chance(profile.PurchaseChance
                * Math.Sqrt(season[today.Month] / season.Average())
                * (_calendar.InPeak(today.Start) ? DemoCalendar.HolidayPurchaseFactor : 1)
                * (bargain && today.PromotionProducts.Length > 0 ? PromotionPurchaseLift : 1)),
        };
        var viewed = new List<int>();

        var target = PickProduct(leaf, today, session.Time, profile, bargain, gift);
        if (target < 0) return;
        if (_random.Chance(profile.SearchChance))
        {
            var query = DemoSearchQueries.For(_products[target], _random);
            session.Emit("SEARCH", query: query);
            if (_random.Chance(ClickAfterSearch))
            {
                session.Emit("CLICK", target, query: query);
                session.Emit("VIEW", target);
                viewed.Add(target);
            }
        }
        else
        {
            session.Emit("VIEW", target);
            viewed.Add(target);
        }
        for (var k = _random.Geometric(0.6, 6); k > 0 || viewed.Count == 0; k--)
        {
            var other = PickProduct(_random.Chance(0.8) ? leaf : ChooseLeaf(customer, profile, today, gift), today, session.Time, profile, bargain, gift);
            if (other < 0) break;
            session.Emit("VIEW", other);
            viewed.Add(other);
        }

        if (willBuy) Order(session, customer!, profile, viewed, kind == VisitKind.GiftOrder);
        else if (_random.Chance(customer?.Persona == Persona.Browser ? 0.25 : 0.15))
        {
            // A cart filled and left behind, sometimes emptied again.
            var item = _random.PickOne(viewed);
            session.Emit("ADD_TO_CART", item, quantity: 1);
            if (_random.Chance(0.35)) session.Emit("REMOVE_FROM_CART", item, quantity: 1);
        }
    }

    private void Order(Session session, DemoCustomer customer, PersonaProfile profile, List<int> viewed, bool giftOrder)
    {
        var history = _purchased[customer.Index];
        var candidates = viewed.Distinct().ToList();
        if (history.Count > 0 && _random.Chance(profile.RepeatChance))
        {
            // Re-buying a favourite: straight to the product page of something bought before.
            var again = _random.PickOne(history);
            session.Emit("VIEW", again);
            candidates.Insert(0, again);
        }
        var cart = new List<(int Product, int Quantity)>();
        var wanted = Math.Min(candidates.Count, 1 + _random.Geometric(0.3, 3));
        for (var i = 0; i < wanted; i++)
        {
            var product = candidates[i];
            if (cart.Any(c => c.Product == product)) continue;
            var quantity = giftOrder ? 1 : _random.NextDouble() switch { < 0.85 => 1, < 0.95 => 2, _ => 3 };
            session.Emit("ADD_TO_CART", product, quantity: quantity);
            cart.Add((product, quantity));
            if (_partners.TryGetValue(product, out var partner) && _products[partner].LaunchedAt <= session.Time
                && cart.All(c => c.Product != partner) && _random.Chance(_options.PairAttachChance))
            {
                session.Emit("VIEW", partner);
                session.Emit("ADD_TO_CART", partner, quantity: 1);
                cart.Add((partner, 1));
            }
        }
        if (cart.Count >= 2 && _random.Chance(0.12))
        {
            var removed = cart[^1];
            session.Emit("REMOVE_FROM_CART", removed.Product, quantity: removed.Quantity);
            cart.RemoveAt(cart.Count - 1);
        }

        session.SignIn();
        var orderId = $"o-{_options.Seed}-{++_orders:D6}";
        var total = cart.Sum(c => session.PriceOf(c.Product) * c.Quantity);
        session.Emit("CHECKOUT", orderId: orderId, quantity: cart.Sum(c => c.Quantity), price: total);
        if (!giftOrder && _random.Chance(CheckoutAbandonment)) return;
        foreach (var (product, quantity) in cart)
        {
            var purchase = session.Emit("PURCHASE", product, orderId: orderId, quantity: quantity);
            if (history.Count < 30 && !history.Contains(product)) history.Add(product);
            var returnRate = _products[product].Leaf.ReturnRate * profile.ReturnScale * _options.ReturnRateScale;
            if (_random.Chance(returnRate))
            {
                var at = purchase.OccurredAt!.Value + _random.Days(3, 30) + _random.Seconds(0, 86_399);
                Enqueue(new EventInput
                {
                    Id = NextEventId(), Type = "RETURN", CustomerId = customer.Id, ProductId = purchase.ProductId, OrderId = orderId,
                    Quantity = quantity, Price = purchase.Price, OccurredAt = at, Context = new EventContextInput { Country = customer.Country },
                });
            }
        }
    }

    private int ChooseLeaf(DemoCustomer? customer, PersonaProfile profile, Day today, bool gift)
    {
        if (gift && _giftLeaves.Length > 0) return _giftLeaves[DemoCalendar.Pick(_giftLeafByMonth[today.Month], _random.NextDouble())];
        if (customer is not null && _random.Chance(profile.FavouriteFocus))
        {
            // Even a favourite department has its season: out of season the visit goes elsewhere more often.
            var favourite = customer.FavouriteDepartments[_random.Chance(0.7) ? 0 : 1];
            var season = DemoCatalogBlueprint.Departments[favourite].MonthFactors;
            var leaves = _departmentLeaves[favourite];
            if (leaves.Length > 0 && _random.Chance(season[today.Month] / season.Max()))
                return _random.PickOne(leaves);
        }
        return DemoCalendar.Pick(_leafByMonth[today.Month], _random.NextDouble());
    }

    /// <summary>A product on sale at <paramref name="t"/>, or -1 when the leaf has none yet.</summary>
    private int PickProduct(int leaf, Day today, DateTimeOffset t, PersonaProfile profile, bool bargain, bool gift)
    {
        if (!gift && today.PromotionProducts.Length > 0 && _random.Chance(profile.PromotionPull))
            return today.PromotionProducts[DemoCalendar.Pick(today.PromotionCumulative, _random.NextDouble())];
        if (!gift && today.Arrivals.Length > 0 && _random.Chance(NewArrivalPull))
            return _random.PickOne(today.Arrivals).Index;
        var ids = _leafProducts[leaf];
        if (ids.Length == 0) return -1;
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var candidate = ids[DemoCalendar.Pick(_leafCumulative[leaf], _random.NextDouble())];
            var product = _products[candidate];
            if (product.LaunchedAt > t) continue;
            if (bargain && product.Price > _leafMedianPrice[leaf] && !_random.Chance(BargainAcceptsDearItem)) continue;
            return candidate;
        }
        foreach (var candidate in ids)
            if (_products[candidate].LaunchedAt <= t) return candidate;
        return -1;
    }

    private decimal PriceAt(int product, DateTimeOffset t)
    {
        var price = _products[product].Price;
        foreach (var promotion in _promotions)
            if (promotion.IsActive(t) && promotion.ProductIndexes.Contains(product)) price = Math.Min(price, promotion.PriceOf(_products[product].Price));
        return price;
    }

    private string NextEventId() => $"e-{_options.Seed}-{++_events:D8}";

    private void Enqueue(EventInput e)
    {
        if (e.OccurredAt < _calendar.End) _queue.Enqueue(e, (e.OccurredAt!.Value.UtcTicks, _events));
    }

    /// <summary>What holds for a whole simulated day: traffic, running promotions, recent arrivals.</summary>
    private sealed class Day
    {
        public Day(DemoShopperSimulation simulation, DateTimeOffset start)
        {
            Start = start;
            Month = start.Month - 1;
            Traffic = simulation._calendar.TrafficFactor(start);
            // A promotion counts for the day when it runs at noon; promotions start and end at midnight.
            var noon = start.AddHours(12);
            var onPromotion = simulation._promotions.Where(p => p.IsActive(noon))
                .SelectMany(p => p.ProductIndexes).Distinct().Order().ToArray();
            PromotionProducts = onPromotion;
            PromotionCumulative = DemoCalendar.Cumulative(onPromotion.Select(i => simulation._products[i].Popularity).ToArray());
            var arrivals = simulation._arrivals;
            Arrivals = arrivals.Where(p => p.LaunchedAt <= start && p.LaunchedAt > start - NewArrivalWindow).ToArray();
        }

        public DateTimeOffset Start { get; }
        public int Month { get; }
        public double Traffic { get; }
        public int[] PromotionProducts { get; }
        public double[] PromotionCumulative { get; }
        public DemoProduct[] Arrivals { get; }
    }

    /// <summary>One visit: its id, who (once signed in), device, referrer, and the clock moving between events.</summary>
    private sealed class Session
    {
        private readonly DemoShopperSimulation _simulation;
        private readonly DemoCustomer? _customer;
        private readonly string _id;
        private readonly EventContextInput _context;
        private int _anonymousEventsLeft;
        private bool _first = true;

        public Session(DemoShopperSimulation simulation, DemoCustomer? customer, DateTimeOffset start)
        {
            _simulation = simulation;
            _customer = customer;
            var random = simulation._random;
            _id = $"s-{simulation._options.Seed}-{++simulation._sessions:D7}";
            Time = start;
            var device = random.NextDouble() switch { < 0.58 => "mobile", < 0.94 => "desktop", _ => "tablet" };
            _context = new EventContextInput
            {
                Device = device,
                Referrer = Referrers[DemoCalendar.Pick(ReferrerCumulative, random.NextDouble())].Referrer,
                Country = customer?.Country ?? random.PickOne(VisitorCountries),
            };
            // Some customers look around before signing in; their first events carry only the session id.
            if (customer is not null && random.Chance(simulation._options.SignInShare)) _anonymousEventsLeft = random.Next(1, 4);
        }

        public DateTimeOffset Time { get; private set; }

        public void SignIn() => _anonymousEventsLeft = 0;

        public decimal PriceOf(int product) => _simulation.PriceAt(product, Time);

        public EventInput Emit(string type, int product = -1, string? query = null, string? orderId = null, int? quantity = null, decimal? price = null)
        {
            if (!_first) Time += _simulation._random.Seconds(8, 150);
            _first = false;
            var signedIn = _anonymousEventsLeft == 0;
            if (!signedIn) _anonymousEventsLeft--;
            var e = new EventInput
            {
                Id = _simulation.NextEventId(),
                Type = type,
                CustomerId = signedIn ? _customer?.Id : null,
                SessionId = _id,
                ProductId = product >= 0 ? _simulation._products[product].Id : null,
                OrderId = orderId,
                Quantity = quantity,
                Price = price ?? (product >= 0 ? _simulation.PriceAt(product, Time) : null),
                Query = query,
                Context = _context,
                OccurredAt = Time,
            };
            _simulation.Enqueue(e);
            return e;
        }
    }
}

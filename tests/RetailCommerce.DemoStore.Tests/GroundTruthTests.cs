namespace RetailCommerce.DemoStore.Tests;

/// <summary>What the generator claims to plant is visible in what it generates (default options, as bootstrap loads them).</summary>
public sealed class GroundTruthTests(DefaultDemoStore store) : IClassFixture<DefaultDemoStore>
{
    private DemoGroundTruth Truth => store.Truth;

    [Fact]
    public void Default_store_has_the_documented_size()
    {
        Assert.Equal(3_000, store.Generator.CatalogProducts.Count);
        Assert.Equal(4_000, store.Generator.CatalogCustomers.Count);
        var events = store.Count.Values.Sum();
        Assert.InRange(events, 250_000, 350_000);
        foreach (var type in new[] { "VIEW", "SEARCH", "CLICK", "ADD_TO_CART", "REMOVE_FROM_CART", "CHECKOUT", "PURCHASE", "RETURN" })
            Assert.True(store.Count.GetValueOrDefault(type) > 0, $"no {type} events");
        Assert.All(store.Generator.CatalogProducts, p => Assert.Equal(3, p.Leaf.Path.Split(" > ").Length));
        Assert.Equal(DemoCatalogBlueprint.Leaves.Count, store.Generator.CatalogProducts.Select(p => p.Leaf.Path).Distinct().Count());
        Assert.Equal(7, store.Generator.CatalogProducts.Select(p => p.Leaf.Department).Distinct().Count());
    }

    [Fact]
    public void Events_are_in_time_order_inside_the_history_with_unique_ids()
    {
        Assert.Equal(0, store.OutOfOrder);
        Assert.Equal(0, store.DuplicateIds);
        Assert.All(store.Purchases.Concat(store.Returns), l => Assert.InRange(l.At, Truth.Start, Truth.End.AddTicks(-1)));
        Assert.True(Truth.End <= DateTimeOffset.UtcNow, "the default history must lie in the past so the platform accepts it");
    }

    [Fact]
    public void Planted_pairs_are_bought_together_far_above_chance()
    {
        var orders = store.Purchases.GroupBy(p => p.OrderId).Select(g => g.Select(l => l.ProductId).ToHashSet()).ToList();
        var bought = store.Purchases.GroupBy(p => p.ProductId).ToDictionary(g => g.Key, g => g.Select(l => l.OrderId).Distinct().Count());
        double together = 0, expected = 0;
        foreach (var pair in Truth.BoughtTogether)
        {
            together += orders.Count(o => o.Contains(pair.First) && o.Contains(pair.Second));
            expected += (double)bought.GetValueOrDefault(pair.First) * bought.GetValueOrDefault(pair.Second) / orders.Count;
        }
        Assert.True(Truth.BoughtTogether.Count >= 50, $"only {Truth.BoughtTogether.Count} pairs planted");
        Assert.True(together >= 100, $"planted pairs share only {together} orders");
        Assert.True(together > 20 * expected, $"planted pairs share {together} orders; independence predicts {expected:F2}");
    }

    [Fact]
    public void Holiday_peak_weeks_outsell_the_median_week()
    {
        var weeks = PurchasesPerWeek();
        var median = weeks.Values.Order().ElementAt(weeks.Count / 2);
        var peak = Assert.Single(Truth.HolidayPeaks);
        var peakWeeks = weeks.Where(w => w.Key >= peak.Start && w.Key.AddDays(7) <= peak.End).ToList();
        Assert.True(peakWeeks.Count >= 3);
        Assert.All(peakWeeks, w => Assert.True(w.Value > 1.5 * median, $"week of {w.Key:yyyy-MM-dd}: {w.Value} purchases, median week {median}"));
    }

    [Fact]
    public void Weekends_outsell_weekdays()
    {
        var byDay = store.Purchases.GroupBy(p => p.At.UtcDateTime.Date).ToDictionary(g => g.Key, g => g.Count());
        double PerDay(Func<DayOfWeek, bool> which)
        {
            var days = byDay.Where(d => which(d.Key.DayOfWeek)).ToList();
            return days.Sum(d => d.Value) / (double)days.Count;
        }
        var weekend = PerDay(d => d is DayOfWeek.Saturday or DayOfWeek.Sunday);
        var weekday = PerDay(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        Assert.True(weekend > 1.2 * weekday, $"weekend {weekend:F1} vs weekday {weekday:F1} purchases per day");
    }

    [Fact]
    public void Browsers_never_buy_but_do_visit()
    {
        var browsers = Truth.Personas.Where(p => p.Value == Persona.Browser).Select(p => p.Key).ToHashSet();
        Assert.NotEmpty(browsers);
        Assert.DoesNotContain(store.Purchases, p => browsers.Contains(p.CustomerId));
        Assert.DoesNotContain(store.Checkouts, browsers.Contains);
        Assert.True(browsers.Count(b => store.EventsByCustomer.ContainsKey(b)) > browsers.Count / 2, "most browsers should have visited");
    }

    [Fact]
    public void Gift_buyers_order_once_in_the_holiday_peak()
    {
        var peak = Assert.Single(Truth.HolidayPeaks);
        var giftBuyers = Truth.Personas.Where(p => p.Value == Persona.GiftBuyer).Select(p => p.Key).ToHashSet();
        var orders = store.Purchases.Where(p => giftBuyers.Contains(p.CustomerId)).GroupBy(p => p.CustomerId).ToList();
        Assert.All(orders, o => Assert.Single(o.Select(l => l.OrderId).Distinct()));
        // The order's visit starts on a day of the peak; a late-night visit may end just after midnight.
        Assert.All(orders.SelectMany(o => o), l => Assert.True(l.At >= peak.Start && l.At < peak.End.AddHours(2), $"gift order at {l.At:u} outside the peak"));
        Assert.True(orders.Count > giftBuyers.Count * 0.8, $"only {orders.Count} of {giftBuyers.Count} gift buyers ordered");
    }

    [Fact]
    public void Loyal_regulars_buy_often_and_bargain_hunters_buy_cheap_on_promotion()
    {
        var ordersPer = store.Purchases.GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.Select(l => l.OrderId).Distinct().Count());
        double AverageOrders(Persona persona)
        {
            var ids = Truth.Personas.Where(p => p.Value == persona).Select(p => p.Key).ToList();
            return ids.Average(id => ordersPer.GetValueOrDefault(id));
        }
        Assert.True(AverageOrders(Persona.LoyalRegular) > 2 * AverageOrders(Persona.Occasional));
        Assert.True(AverageOrders(Persona.LoyalRegular) > 2 * AverageOrders(Persona.BargainHunter));

        var listPrice = store.Generator.CatalogProducts.ToDictionary(p => p.Id, p => p.Price);
        double PromotedShare(Persona persona)
        {
            var lines = store.Purchases.Where(p => Truth.Personas[p.CustomerId] == persona).ToList();
            return lines.Count(l => l.Price < listPrice[l.ProductId]) / (double)lines.Count;
        }
        double AveragePrice(Persona persona) =>
            store.Purchases.Where(p => Truth.Personas[p.CustomerId] == persona).Average(l => (double)listPrice[l.ProductId]);
        Assert.True(PromotedShare(Persona.BargainHunter) > 0.5, $"bargain hunters bought {PromotedShare(Persona.BargainHunter):P0} on promotion");
        Assert.True(PromotedShare(Persona.BargainHunter) > 3 * PromotedShare(Persona.LoyalRegular));
        Assert.True(AveragePrice(Persona.BargainHunter) < AveragePrice(Persona.LoyalRegular));
    }

    [Fact]
    public void Promotions_cut_the_price_and_lift_demand()
    {
        Assert.Contains(Truth.Promotions, p => p.Name.StartsWith("Black Friday"));
        var lifts = new List<double>();
        foreach (var promotion in Truth.Promotions)
        {
            var products = promotion.ProductIds.ToHashSet();
            var lines = store.Purchases.Where(p => products.Contains(p.ProductId)).ToList();
            var during = lines.Where(l => promotion.IsActive(l.At)).ToList();
            var listPrice = store.Generator.CatalogProducts.Where(p => products.Contains(p.Id)).ToDictionary(p => p.Id, p => p.Price);
            // During the window every line carries at most the promotion price (an overlapping sale may cut deeper).
            Assert.All(during, l => Assert.True(l.Price <= promotion.PriceOf(listPrice[l.ProductId])));
            // Outside every sale of the product, it sells at its list price.
            Assert.All(lines.Where(l => !Truth.Promotions.Any(p => p.IsActive(l.At) && p.ProductIds.Contains(l.ProductId))),
                l => Assert.Equal(listPrice[l.ProductId], l.Price));
            var days = (promotion.End - promotion.Start).TotalDays;
            var otherDays = (Truth.End - Truth.Start).TotalDays - days;
            lifts.Add(during.Count / days / Math.Max((lines.Count - during.Count) / otherDays, 0.01));
        }
        var median = lifts.Order().ElementAt(lifts.Count / 2);
        Assert.True(median > 3, $"median daily purchase lift of promoted products during their promotion: {median:F1}");
    }

    [Fact]
    public void Returns_follow_a_purchase_of_the_same_order_and_are_a_few_percent()
    {
        var purchases = store.Purchases.ToDictionary(p => (p.OrderId, p.ProductId));
        Assert.All(store.Returns, r =>
        {
            Assert.True(purchases.TryGetValue((r.OrderId, r.ProductId), out var bought), $"return of {r.ProductId} in {r.OrderId} has no purchase");
            Assert.True(bought!.At < r.At);
            Assert.Equal(bought.CustomerId, r.CustomerId);
            Assert.Equal(bought.Quantity, r.Quantity);
            Assert.Equal(bought.Price, r.Price);
        });
        var rate = store.Returns.Count / (double)store.Purchases.Count;
        Assert.InRange(rate, 0.02, 0.10);
    }

    [Fact]
    public void No_product_has_an_event_before_its_launch_and_new_products_sell()
    {
        var launched = store.Generator.CatalogProducts.ToDictionary(p => p.Id, p => p.LaunchedAt);
        Assert.All(store.FirstEventAt, first => Assert.True(first.Value >= launched[first.Key], $"{first.Key} seen {first.Value:u}, launched {launched[first.Key]:u}"));
        Assert.InRange(Truth.Launches.Count, 300, 600);
        var newSold = store.Purchases.Select(p => p.ProductId).Distinct().Count(Truth.Launches.ContainsKey);
        Assert.True(newSold > Truth.Launches.Count / 3, $"only {newSold} of {Truth.Launches.Count} new products sold");
    }

    [Fact]
    public void Anonymous_sessions_sign_in_under_the_same_session_id()
    {
        Assert.True(store.SignedInSessions > 1_000, $"only {store.SignedInSessions} sessions signed in part-way");
        Assert.Equal(0, store.SessionsAnonymousAfterSignIn);
        Assert.Equal(0, store.SessionsWithSeveralCustomers);
    }

    [Fact]
    public void Search_queries_come_from_the_catalog_vocabulary()
    {
        var vocabulary = store.Generator.CatalogProducts
            .SelectMany(p => new[] { p.Title, p.Leaf.Name, p.Brand })
            .SelectMany(Words).ToHashSet();
        var known = store.Queries.Count(q => Words(q).All(w => vocabulary.Contains(w) || w == "under" || w.All(char.IsDigit)));
        // The rest are the planted typos.
        Assert.InRange(known / (double)store.Queries.Count, 0.9, 0.99);
        Assert.True(store.Queries.Distinct().Count() > 1_000);
    }

    [Fact]
    public void Yearly_seasonality_follows_the_departments()
    {
        // Regular demand: lines sold at list price (a sale can pull any department out of season).
        var product = store.Generator.CatalogProducts.ToDictionary(p => p.Id);
        int Sold(string name, int month) => store.Purchases.Count(p =>
            product[p.ProductId].Leaf.Department.Name == name && p.At.Month == month && p.Price == product[p.ProductId].Price);
        Assert.True(Sold("Garden", 5) > 2 * Sold("Garden", 11), "garden sells in May, not November");
        Assert.True(Sold("Toys", 12) > 2 * Sold("Toys", 6), "toys sell in December");
    }

    private SortedDictionary<DateTimeOffset, int> PurchasesPerWeek()
    {
        var weeks = new SortedDictionary<DateTimeOffset, int>();
        var fullWeeks = (int)((Truth.End - Truth.Start).TotalDays / 7);
        for (var w = 0; w < fullWeeks; w++) weeks[Truth.Start.AddDays(7 * w)] = 0;
        foreach (var p in store.Purchases)
        {
            var week = Truth.Start.AddDays(7 * (int)((p.At - Truth.Start).TotalDays / 7));
            if (weeks.ContainsKey(week)) weeks[week]++;
        }
        return weeks;
    }

    private static IEnumerable<string> Words(string text) =>
        text.ToLowerInvariant().Split([' ', ',', '-'], StringSplitOptions.RemoveEmptyEntries);
}

using System.Globalization;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace RetailCommerce.Modules.Insights.Tests;

/// <summary>
/// The acceptance test of issue 4: every number <c>insights</c> answers equals a direct count over the same
/// events, both as the test sent them and as PostgreSQL stores them in <c>retail.mt_events</c>.
/// </summary>
[Collection(InsightsHostCollection.Name)]
public sealed class InsightsMatchEventsTests(InsightsHost host)
{
    private const string Track = "mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted duplicates rejected errors { index field message } } }";

    private const string Report = """
        query($from: Date!, $to: Date!) { insights(from: $from, to: $to) {
          from to days
          totals { sessions visitors productViews searches addToCarts checkouts orders unitsSold revenue returns unitsReturned returnedValue netRevenue averageOrderValue revenuePerVisitor }
          funnel { sessions conversionRate cartAbandonmentRate steps { step sessions rateFromPrevious rateFromStart } }
          daily { date sessions visitors productViews searches addToCarts checkouts orders unitsSold revenue returns unitsReturned returnedValue netRevenue }
          byRevenue: topProducts(limit: 10) { productId title views unitsSold unitsReturned netRevenue }
          byViews: topProducts(by: VIEWS, limit: 5) { productId views netRevenue }
          topSearches(limit: 20) { query searches }
        } }
        """;

    private static readonly DateOnly FirstDay = new(2025, 5, 1);

    [Fact]
    public async Task Every_number_equals_a_direct_count_over_the_events_and_over_mt_events()
    {
        var history = new ShopHistory(seed: 20250501, sessions: 450, FirstDay, days: 6, quietDay: FirstDay.AddDays(3));
        Assert.InRange(history.Events.Count, 2_000, 6_000);
        var (store, key) = await host.NewStore("ins", "insights");
        await SendAsync(store, key, history, shuffleSeed: 7);

        var from = FirstDay.AddDays(-1);
        var to = FirstDay.AddDays(8);
        var insights = await ReportAsync(store, from, to);
        var direct = new DirectCount(history.Events);

        // Totals and every daily point against the test's own count.
        AssertFigures(direct.Totals(from, to), insights["totals"]!);
        var daily = insights["daily"]!.AsArray();
        Assert.Equal(10, daily.Count);
        for (var i = 0; i < daily.Count; i++)
        {
            var day = from.AddDays(i);
            Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), daily[i]!["date"]!.GetValue<string>());
            AssertFigures(direct.Day(day), daily[i]!);
        }
        Assert.Equal(0, daily[0]!["sessions"]!.GetValue<int>()); // the day before the history: a point of zeros
        // The quiet day only sees the tails of sessions that began before midnight.
        Assert.InRange(daily[4]!["sessions"]!.GetValue<int>(), 1, daily[3]!["sessions"]!.GetValue<int>() / 4);

        // Ratios, from the same counts.
        var totals = direct.Totals(from, to);
        var t = insights["totals"]!;
        Assert.Equal(Math.Round(totals.Revenue / totals.Orders, 2, MidpointRounding.AwayFromZero), t["averageOrderValue"]!.GetValue<decimal>());
        Assert.Equal(Math.Round(totals.Revenue / totals.Visitors, 2, MidpointRounding.AwayFromZero), t["revenuePerVisitor"]!.GetValue<decimal>());
        Assert.Equal(totals.Revenue - totals.ReturnedValue, t["netRevenue"]!.GetValue<decimal>());

        var f = direct.Funnel(from, to);
        var funnel = insights["funnel"]!;
        Assert.Equal(f.Sessions, funnel["sessions"]!.GetValue<int>());
        Assert.Equal([f.Viewed, f.Carted, f.CheckedOut, f.Purchased], funnel["steps"]!.AsArray().Select(s => s!["sessions"]!.GetValue<int>()));
        Assert.Equal(["PRODUCT_VIEW", "ADD_TO_CART", "CHECKOUT", "PURCHASE"], funnel["steps"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()));
        Assert.Equal((double)f.Purchased / f.Sessions, funnel["conversionRate"]!.GetValue<double>(), 12);
        Assert.Equal((double)f.Abandoned / f.Carted, funnel["cartAbandonmentRate"]!.GetValue<double>(), 12);
        var steps = funnel["steps"]!.AsArray();
        Assert.Null(steps[0]!["rateFromPrevious"]);
        Assert.Equal((double)f.Carted / f.Viewed, steps[1]!["rateFromPrevious"]!.GetValue<double>(), 12);
        Assert.Equal((double)f.CheckedOut / f.Carted, steps[2]!["rateFromPrevious"]!.GetValue<double>(), 12);
        Assert.Equal((double)f.Purchased / f.CheckedOut, steps[3]!["rateFromPrevious"]!.GetValue<double>(), 12);
        Assert.Equal((double)f.Viewed / f.Sessions, steps[0]!["rateFromStart"]!.GetValue<double>(), 12);

        // Rankings.
        Assert.Equal(direct.TopProducts(from, to, byViews: false, 10).Select(p => (p.Id, p.Views, p.Sold, p.Returned, p.Net)),
            insights["byRevenue"]!.AsArray().Select(p => (p!["productId"]!.GetValue<string>(), p["views"]!.GetValue<int>(),
                p["unitsSold"]!.GetValue<int>(), p["unitsReturned"]!.GetValue<int>(), p["netRevenue"]!.GetValue<decimal>())));
        Assert.All(insights["byRevenue"]!.AsArray(), p => Assert.StartsWith("Product ", p!["title"]!.GetValue<string>()));
        Assert.Equal(direct.TopProducts(from, to, byViews: true, 5).Select(p => (p.Id, p.Views, p.Net)),
            insights["byViews"]!.AsArray().Select(p => (p!["productId"]!.GetValue<string>(), p["views"]!.GetValue<int>(), p["netRevenue"]!.GetValue<decimal>())));
        Assert.Equal(direct.TopSearches(from, to, 20),
            insights["topSearches"]!.AsArray().Select(s => (s!["query"]!.GetValue<string>(), s["searches"]!.GetValue<int>())));

        // A sub-range counts only its own days: sessions across midnight and orders are split by day.
        var middle = await ReportAsync(store, FirstDay.AddDays(1), FirstDay.AddDays(2));
        AssertFigures(direct.Totals(FirstDay.AddDays(1), FirstDay.AddDays(2)), middle["totals"]!);

        // The same totals counted by PostgreSQL over the stored events.
        var stored = await CountStoredEventsAsync(store, from, to);
        var tj = insights["totals"]!;
        Assert.Equal(stored["ProductViews"]!.GetValue<int>(), tj["productViews"]!.GetValue<int>());
        Assert.Equal(stored["Searches"]!.GetValue<int>(), tj["searches"]!.GetValue<int>());
        Assert.Equal(stored["AddToCarts"]!.GetValue<int>(), tj["addToCarts"]!.GetValue<int>());
        Assert.Equal(stored["Checkouts"]!.GetValue<int>(), tj["checkouts"]!.GetValue<int>());
        Assert.Equal(stored["Orders"]!.GetValue<int>(), tj["orders"]!.GetValue<int>());
        Assert.Equal(stored["UnitsSold"]!.GetValue<int>(), tj["unitsSold"]!.GetValue<int>());
        Assert.Equal(stored["Revenue"]!.GetValue<decimal>(), tj["revenue"]!.GetValue<decimal>());
        Assert.Equal(stored["Returns"]!.GetValue<int>(), tj["returns"]!.GetValue<int>());
        Assert.Equal(stored["ReturnedValue"]!.GetValue<decimal>(), tj["returnedValue"]!.GetValue<decimal>());
        Assert.Equal(stored["Sessions"]!.GetValue<int>(), tj["sessions"]!.GetValue<int>());
        Assert.Equal(stored["Visitors"]!.GetValue<int>(), tj["visitors"]!.GetValue<int>());
        Assert.Equal(stored["Purchased"]!.GetValue<int>(), steps[3]!["sessions"]!.GetValue<int>());
        Assert.Equal(stored["Abandoned"]!.GetValue<int>(), (int)Math.Round(funnel["cartAbandonmentRate"]!.GetValue<double>() * steps[1]!["sessions"]!.GetValue<int>()));
        Assert.Equal(history.Events.Count, stored["Events"]!.GetValue<int>());
    }

    [Fact]
    public async Task Replayed_events_count_once()
    {
        var history = new ShopHistory(seed: 99, sessions: 40, FirstDay, days: 2);
        var (store, key) = await host.NewStore("rep", "insights");
        await SendAsync(store, key, history, shuffleSeed: 1);
        await SendAsync(store, key, history, shuffleSeed: 2); // every id again: all duplicates
        var insights = await ReportAsync(store, FirstDay, FirstDay.AddDays(3));
        AssertFigures(new DirectCount(history.Events).Totals(FirstDay, FirstDay.AddDays(3)), insights["totals"]!);
    }

    [Fact]
    public async Task Store_B_insights_exclude_store_A_events()
    {
        var historyA = new ShopHistory(seed: 1, sessions: 120, FirstDay, days: 3);
        var historyB = new ShopHistory(seed: 2, sessions: 30, FirstDay, days: 3);
        var (a, keyA) = await host.NewStore("a", "insights");
        var (b, keyB) = await host.NewStore("b", "insights");
        await SendAsync(a, keyA, historyA, shuffleSeed: 3);
        await SendAsync(b, keyB, historyB, shuffleSeed: 4);

        var to = FirstDay.AddDays(5);
        var insightsB = await ReportAsync(b, FirstDay, to);
        var insightsA = await ReportAsync(a, FirstDay, to);
        AssertFigures(new DirectCount(historyB.Events).Totals(FirstDay, to), insightsB["totals"]!);
        AssertFigures(new DirectCount(historyA.Events).Totals(FirstDay, to), insightsA["totals"]!);
        Assert.Equal(new DirectCount(historyB.Events).TopSearches(FirstDay, to, 20),
            insightsB["topSearches"]!.AsArray().Select(s => (s!["query"]!.GetValue<string>(), s["searches"]!.GetValue<int>())));
        Assert.Equal(new DirectCount(historyB.Events).TopProducts(FirstDay, to, byViews: false, 10).Select(p => (p.Id, p.Net)),
            insightsB["byRevenue"]!.AsArray().Select(p => (p!["productId"]!.GetValue<string>(), p["netRevenue"]!.GetValue<decimal>())));
    }

    private async Task SendAsync(string store, string key, ShopHistory history, int shuffleSeed)
    {
        await host.Admin(store).Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported rejected } }",
            new { p = history.Products.Select(p => new { id = p.Id, title = "Product " + p.Id, price = p.Price }).ToArray() });
        // Shuffled across batches, so the daemon sees sessions, days and orders split over many batches and out of order.
        var shuffled = history.Events.OrderBy(_ => 0).ToArray();
        new Random(shuffleSeed).Shuffle(shuffled);
        var storefront = host.Storefront(key);
        foreach (var batch in shuffled.Chunk(400))
        {
            var result = (await storefront.Data(Track, new { e = batch.Select(e => e.ToInput()).ToArray() }))["trackEvents"]!;
            Assert.True(result["rejected"]!.GetValue<int>() == 0, result.ToJsonString());
        }
        await host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(120));
    }

    private async Task<JsonNode> ReportAsync(string store, DateOnly from, DateOnly to) =>
        (await host.Admin(store).Data(Report, new
        {
            from = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            to = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }))["insights"]!;

    private static void AssertFigures(DirectCount.Figures expected, JsonNode actual)
    {
        var got = new DirectCount.Figures(
            actual["sessions"]!.GetValue<int>(), actual["visitors"]!.GetValue<int>(), actual["productViews"]!.GetValue<int>(),
            actual["searches"]!.GetValue<int>(), actual["addToCarts"]!.GetValue<int>(), actual["checkouts"]!.GetValue<int>(),
            actual["orders"]!.GetValue<int>(), actual["unitsSold"]!.GetValue<int>(), actual["revenue"]!.GetValue<decimal>(),
            actual["returns"]!.GetValue<int>(), actual["unitsReturned"]!.GetValue<int>(), actual["returnedValue"]!.GetValue<decimal>());
        Assert.Equal(expected, got);
    }

    // Counted over retail.mt_events with the documented definitions, independent of the projections.
    private async Task<JsonNode> CountStoredEventsAsync(string store, DateOnly from, DateOnly to)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(store);
        var json = (await session.QueryAsync<string>("""
            with e as (
              select type, data,
                     ((data ->> 'OccurredAt')::timestamptz at time zone 'UTC')::date as day,
                     coalesce('session:' || (data ->> 'SessionId'), 'customer:' || (data ->> 'CustomerId')) as session_key,
                     coalesce('customer:' || (data ->> 'CustomerId'), 'session:' || (data ->> 'SessionId')) as visitor_key,
                     coalesce((data ->> 'Price')::numeric, 0) * (data ->> 'Quantity')::int as value
              from retail.mt_events
              where tenant_id = ? and type <> 'session_linked_to_customer'),
            r as (select * from e where day between ? and ?),
            s as (select day, session_key, bool_or(type = 'added_to_cart') as carted, bool_or(type = 'item_purchased') as purchased
                  from r where type <> 'item_returned' group by day, session_key)
            select jsonb_build_object(
              'Events', (select count(*) from e),
              'ProductViews', (select count(*) from r where type = 'product_viewed'),
              'Searches', (select count(*) from r where type = 'catalog_searched'),
              'AddToCarts', (select count(*) from r where type = 'added_to_cart'),
              'Checkouts', (select count(*) from r where type = 'checkout_started'),
              'Orders', (select count(distinct data ->> 'OrderId') from r where type = 'item_purchased'),
              'UnitsSold', (select coalesce(sum((data ->> 'Quantity')::int), 0) from r where type = 'item_purchased'),
              'Revenue', (select coalesce(sum(value), 0) from r where type = 'item_purchased'),
              'Returns', (select count(*) from r where type = 'item_returned'),
              'ReturnedValue', (select coalesce(sum(value), 0) from r where type = 'item_returned'),
              'Sessions', (select count(*) from s),
              'Purchased', (select count(*) from s where purchased),
              'Abandoned', (select count(*) from s where carted and not purchased),
              'Visitors', (select count(distinct visitor_key) from r where type <> 'item_returned'))::text
            """, store, from, to)).Single();
        return JsonNode.Parse(json)!;
    }
}

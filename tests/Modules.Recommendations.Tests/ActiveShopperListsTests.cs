using RetailCommerce.Modules.Recommendations.Training;

namespace RetailCommerce.Modules.Recommendations.Tests;

/// <summary>Lists of shoppers active since training are ranked once per context and stay bounded.</summary>
public class ActiveShopperListsTests
{
    private static RecommendationQuery Query(string customer, string[] context, string[]? cart = null) =>
        new() { CustomerId = customer, ContextProductIds = context, Exclude = cart ?? [], Count = 60 };

    private static Func<RecommendationQuery, IReadOnlyList<ScoredProduct>> CountingRanker(List<RecommendationQuery> calls) => q =>
    {
        calls.Add(q);
        // A list that depends on the whole query, so a wrong hit would show.
        var seed = ActiveShopperLists.KeyOf(q).GetHashCode();
        return [.. Enumerable.Range(0, 5).Select(n => new ScoredProduct($"p{(seed + n) & 0xffff}", 1.0 / (n + 1)))];
    };

    [Fact]
    public void The_same_context_is_ranked_once_and_served_equal_afterwards()
    {
        var lists = new ActiveShopperLists(100);
        var calls = new List<RecommendationQuery>();
        var rank = CountingRanker(calls);

        var first = lists.GetOrRank(Query("c1", ["p3", "p9"], ["p1", "p2"]), rank);
        // The cart is a set: the same products in another order are the same query.
        var again = lists.GetOrRank(Query("c1", ["p3", "p9"], ["p2", "p1"]), rank);

        Assert.Single(calls);
        Assert.Equal(first.Select(p => (p.ProductId, p.Score)), again.Select(p => (p.ProductId, p.Score)));
        Assert.Equal(1, lists.Hits);
        Assert.Equal(1, lists.Ranked);
    }

    [Fact]
    public void A_new_view_a_different_order_of_views_or_another_shopper_is_ranked_anew()
    {
        var lists = new ActiveShopperLists(100);
        var calls = new List<RecommendationQuery>();
        var rank = CountingRanker(calls);

        lists.GetOrRank(Query("c1", ["p3", "p9"]), rank);
        lists.GetOrRank(Query("c1", ["p7", "p3", "p9"]), rank);
        lists.GetOrRank(Query("c1", ["p9", "p3"]), rank); // the latest view counts most: order matters
        lists.GetOrRank(Query("c2", ["p3", "p9"]), rank);
        lists.GetOrRank(Query("c1", ["p3", "p9"]) with { Count = 120 }, rank);

        Assert.Equal(5, calls.Count);
        Assert.Equal(0, lists.Hits);
    }

    [Fact]
    public void Warming_ranks_ahead_so_the_request_is_a_lookup()
    {
        var lists = new ActiveShopperLists(100);
        var calls = new List<RecommendationQuery>();
        var rank = CountingRanker(calls);

        lists.Warm(Query("c1", ["p3"]), rank);
        lists.Warm(Query("c1", ["p3"]), rank); // held already: not ranked twice
        var served = lists.GetOrRank(Query("c1", ["p3"]), rank);

        Assert.Single(calls);
        Assert.Equal(1, lists.Hits);
        Assert.Equal(5, served.Count);
    }

    [Fact]
    public void The_set_stays_within_its_capacity_and_keeps_what_is_still_asked_for()
    {
        var lists = new ActiveShopperLists(10);
        var calls = new List<RecommendationQuery>();
        var rank = CountingRanker(calls);

        for (var n = 0; n < 200; n++)
        {
            lists.GetOrRank(Query($"c{n}", ["p1"]), rank);
            lists.GetOrRank(Query("regular", ["p1"]), rank); // asked for all the time
        }

        Assert.InRange(lists.Count, 1, 11); // two generations of at most 5, plus one carried over
        Assert.Equal(1, calls.Count(q => q.CustomerId == "regular"));
        // Old one-off shoppers were dropped: asking again ranks anew.
        var before = calls.Count;
        lists.GetOrRank(Query("c0", ["p1"]), rank);
        Assert.Equal(before + 1, calls.Count);
    }
}

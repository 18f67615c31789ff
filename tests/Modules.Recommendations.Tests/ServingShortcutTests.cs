using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

/// <summary>The serving shortcuts give the same answers as the plain computations they replace.</summary>
public class ServingShortcutTests
{
    [Fact]
    public void Popularity_walks_its_presorted_order_to_the_same_top_list_as_a_full_sort()
    {
        var random = new Random(9);
        var interactions = Enumerable.Range(0, 2_000)
            .Select(n => Buy($"c{random.Next(200)}", $"p{random.Next(150)}", random.NextDouble() * 30)).ToList();
        var model = PopularityModel.Train(interactions, new PopularityOptions { HalfLife = TimeSpan.FromDays(5) });
        var known = interactions.Where(x => x.CustomerId == "c7").Select(x => x.ProductId).ToHashSet();
        string[] exclude = ["p1", "p2", "p3"];

        var fast = model.Recommend(RecommendationQuery.ForCustomer("c7", 25) with { Exclude = exclude });

        var expected = interactions.Select(x => x.ProductId).Distinct()
            .Where(p => !known.Contains(p) && !exclude.Contains(p))
            .Select(p => (Id: p, Score: model.ScoreOf(p)))
            .OrderByDescending(p => p.Score).Take(25).ToList();
        Assert.Equal(expected.Select(p => p.Score), fast.Select(p => p.Score));
        Assert.DoesNotContain(fast, p => known.Contains(p.ProductId) || exclude.Contains(p.ProductId));
    }

    [Fact]
    public void Mmr_by_position_picks_what_mmr_by_id_picks()
    {
        var ranked = Enumerable.Range(0, 40).Select(n => new ScoredProduct($"p{n}", 100 - n * 1.5)).ToList();
        string GroupOf(string id) => "g" + (int.Parse(id[1..]) % 4);
        var byId = RecommendationRules.Diversify(ranked, RecommendationRules.SameGroup(GroupOf), 0.6, 12);
        var groups = ranked.Select(p => GroupOf(p.ProductId)).ToArray();
        var byPosition = RecommendationRules.Diversify(ranked, (a, b) => groups[a] == groups[b] ? 1.0 : 0.0, 0.6, 12);
        Assert.Equal(byId, byPosition);
        // And MMR did reorder: the first four picks are four different groups.
        Assert.Equal(4, byId.Take(4).Select(p => GroupOf(p.ProductId)).Distinct().Count());
    }
}

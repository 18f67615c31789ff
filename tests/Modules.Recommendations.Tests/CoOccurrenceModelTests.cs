using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

public class CoOccurrenceModelTests
{
    /// <summary>
    /// 20 baskets. "lens" is in 4; "cap" (lens-specific) is in 4, 3 of them with the lens;
    /// "bag" (a best seller) is in 16, 3 of them with the lens.
    /// </summary>
    private static List<Interaction> Baskets()
    {
        var list = new List<Interaction>();
        for (var c = 0; c < 20; c++)
        {
            var customer = $"c{c}";
            if (c < 4) list.Add(Buy(customer, "lens"));
            if (c < 3 || c == 19) list.Add(Buy(customer, "cap"));
            if (c is 0 or 1 or 2 || c >= 7) list.Add(Buy(customer, "bag")); // 3 + 13 = 16
            if (c == 3) list.Add(Buy(customer, "strap"));                 // pairs with the lens once
            if (c is 4 or 5 or 6) list.Add(Buy(customer, "socks"));       // unrelated baskets still count in N
        }
        return list;
    }

    [Fact]
    public void Lift_ranks_the_specific_partner_above_the_best_seller_with_equal_support()
    {
        var model = CoOccurrenceModel.Train(Baskets(), new CoOccurrenceOptions { Scoring = PairScoring.Lift, MinSupport = 3 });
        var pairs = model.PairsOf("lens");

        Assert.Equal(["cap", "bag"], pairs.Select(p => p.ProductId));
        Assert.All(pairs, p => Assert.Equal(3, p.Support));
        // lift = n_ab·N / (n_a·n_b): cap 3·20/(4·4) = 3.75, bag 3·20/(4·16) = 0.9375
        Assert.Equal(3.75, pairs[0].Lift, 5);
        Assert.Equal(0.9375, pairs[1].Lift, 5);
    }

    [Fact]
    public void Count_scoring_cannot_tell_them_apart_but_npmi_agrees_with_lift()
    {
        var npmi = CoOccurrenceModel.Train(Baskets(), new CoOccurrenceOptions { Scoring = PairScoring.Npmi, MinSupport = 3 }).PairsOf("lens");
        Assert.Equal("cap", npmi[0].ProductId);
        Assert.True(npmi[0].Npmi > 0 && npmi[1].Npmi < 0, "cap is positively, bag negatively associated (lift < 1)");
        Assert.All(npmi, p => Assert.InRange(p.Npmi, -1.0, 1.0));
    }

    [Fact]
    public void Minimum_support_drops_pairs_seen_in_too_few_baskets()
    {
        var strict = CoOccurrenceModel.Train(Baskets(), new CoOccurrenceOptions { MinSupport = 3 });
        Assert.DoesNotContain(strict.PairsOf("lens"), p => p.ProductId == "strap");

        var loose = CoOccurrenceModel.Train(Baskets(), new CoOccurrenceOptions { MinSupport = 1, Scoring = PairScoring.Lift });
        var strap = Assert.Single(loose.PairsOf("lens"), p => p.ProductId == "strap");
        Assert.Equal(5.0, strap.Lift, 5); // 1·20/(4·1): the noisy "perfect" pair that support guards against
    }

    [Fact]
    public void Shrunk_npmi_keeps_single_basket_pairs_but_ranks_them_by_their_evidence()
    {
        var pairs = CoOccurrenceModel.Train(Baskets(), new CoOccurrenceOptions { MinSupport = 1, Scoring = PairScoring.ShrunkNpmi, SupportShrinkage = 5 }).PairsOf("lens");

        Assert.Equal(["cap", "strap", "bag"], pairs.Select(p => p.ProductId));
        // cap: NPMI ln(3.75)/−ln(3/20) = 0.6968, × 3/(3+5); strap: ln(5)/−ln(1/20) = 0.5372, × 1/(1+5).
        Assert.Equal(Math.Log(3.75) / -Math.Log(0.15) * 3 / 8, pairs[0].Score, 5);
        Assert.Equal(Math.Log(5) / -Math.Log(0.05) / 6, pairs[1].Score, 5);
        Assert.True(pairs[2].Score < 0, "the best seller is negatively associated whatever its support");
    }

    [Fact]
    public void Npmi_is_one_for_products_that_always_occur_together()
    {
        var (lift, npmi) = CoOccurrenceModel.Association(together: 5, countA: 5, countB: 5, baskets: 10);
        Assert.Equal(2.0, lift, 12);
        Assert.Equal(1.0, npmi, 12);
        var (_, independent) = CoOccurrenceModel.Association(together: 25, countA: 50, countB: 50, baskets: 100);
        Assert.Equal(0.0, independent, 12);
    }

    [Fact]
    public void Basket_window_only_pairs_products_from_the_same_window()
    {
        var data = new List<Interaction>();
        for (var c = 0; c < 4; c++)
        {
            data.Add(View($"c{c}", "tent", 0.1));
            data.Add(View($"c{c}", "stove", 0.2));   // same day as the tent
            data.Add(View($"c{c}", "kettle", 5.0));  // days later
        }
        var byDay = CoOccurrenceModel.AlsoViewed(data, minSupport: 2);
        Assert.Equal(["stove"], byDay.PairsOf("tent").Select(p => p.ProductId));

        var whole = CoOccurrenceModel.Train(data, new CoOccurrenceOptions { Kinds = new HashSet<InteractionKind> { InteractionKind.View }, MinSupport = 2 });
        Assert.Equal(2, whole.PairsOf("tent").Count);
    }

    [Fact]
    public void Kinds_filter_ignores_other_interactions_and_product_queries_exclude_the_context()
    {
        var data = Baskets();
        data.AddRange(Enumerable.Range(0, 5).Select(c => View($"c{c}", "poster")));
        var model = CoOccurrenceModel.FrequentlyBoughtTogether(data);
        Assert.DoesNotContain(model.PairsOf("lens"), p => p.ProductId == "poster");

        var related = model.Recommend(RecommendationQuery.ForProducts(["lens"], 5));
        Assert.Equal("cap", related[0].ProductId);
        Assert.DoesNotContain(related, p => p.ProductId == "lens");
    }
}

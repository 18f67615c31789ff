using RetailCommerce.Catalog;
using RetailCommerce.Modules.Recommendations.Bench;
using RetailCommerce.Modules.Recommendations.Freshness;
using RetailCommerce.Modules.Recommendations.Serving;
using RetailCommerce.Modules.Recommendations.Training;
using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

public class EaseModelTests
{
    private static readonly EaseOptions Plain = new() { Lambda = 1, HalfLife = null, Weighting = new InteractionWeighting { Purchase = 1 } };

    [Fact]
    public void Inverts_a_two_by_two_matrix_solved_by_hand()
    {
        // [[2, 1], [1, 2]]⁻¹ = 1/3 · [[2, −1], [−1, 2]]
        double[] a = [2, 1, 1, 2];
        DenseMath.InvertSymmetricPositiveDefinite(a, 2);
        Assert.Equal(2.0 / 3, a[0], 12);
        Assert.Equal(-1.0 / 3, a[1], 12);
        Assert.Equal(-1.0 / 3, a[2], 12);
        Assert.Equal(2.0 / 3, a[3], 12);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(300)] // above 256 rows the elimination runs in parallel
    public void The_inverse_times_the_matrix_is_the_identity(int n)
    {
        // A = MᵀM + I is symmetric positive definite for any M.
        var random = new Random(n);
        var m = new double[n * n];
        for (var k = 0; k < m.Length; k++) m[k] = random.NextDouble() - 0.5;
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = i == j ? 1 : 0;
                for (var r = 0; r < n; r++) sum += m[r * n + i] * m[r * n + j];
                a[i * n + j] = sum;
            }
        var inverse = (double[])a.Clone();
        DenseMath.InvertSymmetricPositiveDefinite(inverse, n);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var r = 0; r < n; r++) sum += a[i * n + r] * inverse[r * n + j];
                Assert.Equal(i == j ? 1.0 : 0.0, sum, 9);
            }
    }

    [Fact]
    public void Refuses_a_matrix_that_is_not_positive_definite()
    {
        double[] a = [1, 2, 2, 1]; // eigenvalues 3 and −1
        Assert.Throws<InvalidOperationException>(() => DenseMath.InvertSymmetricPositiveDefinite(a, 2));
    }

    [Fact]
    public void Weights_match_the_hand_solved_ridge_regression()
    {
        // c1 bought P and Q, c2 bought P. Columns: P = (1, 1), Q = (1, 0); λ = 1.
        // XᵀX + λI = [[3, 1], [1, 2]], its inverse 1/5 · [[2, −1], [−1, 3]].
        // B(P→Q) = −P_PQ / P_QQ = (1/5) / (3/5) = 1/3 — the ridge regression of Q on P: PᵀQ / (PᵀP + λ) = 1 / 3.
        // B(Q→P) = −P_QP / P_PP = (1/5) / (2/5) = 1/2 — of P on Q: QᵀP / (QᵀQ + λ) = 1 / 2.
        var model = EaseModel.Train([Buy("c1", "P"), Buy("c1", "Q"), Buy("c2", "P")], Plain);
        Assert.Equal(1.0 / 3, model.Weight("P", "Q"), 6);
        Assert.Equal(1.0 / 2, model.Weight("Q", "P"), 6);
        Assert.Equal(0.0, model.Weight("P", "P"));

        // c2 has P, so Q scores 1 · B(P→Q); what c2 already has is not recommended.
        var forC2 = model.Recommend(RecommendationQuery.ForCustomer("c2", 5));
        var only = Assert.Single(forC2);
        Assert.Equal("Q", only.ProductId);
        Assert.Equal(1.0 / 3, only.Score, 6);
    }

    [Fact]
    public void Recommends_each_customer_the_missing_product_of_their_group()
    {
        var model = EaseModel.Train(TwoGroups(), Plain with { Lambda = 0.5 });
        for (var c = 1; c <= 4; c++)
        {
            Assert.Equal($"A{c}", model.Recommend(RecommendationQuery.ForCustomer($"a{c}", 1))[0].ProductId);
            Assert.Equal($"B{c}", model.Recommend(RecommendationQuery.ForCustomer($"b{c}", 1))[0].ProductId);
        }
        // A product on screen works as context for someone the model has never seen.
        Assert.StartsWith("A", model.Recommend(RecommendationQuery.ForProducts(["A1"], 1))[0].ProductId);
    }

    [Fact]
    public void Only_the_most_interacted_products_are_modelled()
    {
        var model = EaseModel.Train(TwoGroups(), Plain with { MaxProducts = 4 });
        Assert.Equal(4, model.ModelledProducts);
        // B1 (bought by the six extra customers too) is kept; a product outside the kept set has no weights.
        Assert.True(model.Weight("B1", "B2") != 0 || model.Weight("B2", "B1") != 0 || model.Weight("B1", "B3") != 0);
        var all = new[] { "A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4" };
        var unmodelled = all.Where(p => all.All(q => model.Weight(p, q) == 0 && model.Weight(q, p) == 0)).ToList();
        Assert.Equal(4, unmodelled.Count);
    }

    [Fact]
    public void Precomputed_personal_lists_serve_exactly_what_the_live_ranker_serves()
    {
        var random = new Random(3);
        var interactions = new List<Interaction>();
        for (var c = 0; c < 60; c++)
        {
            var group = c % 2 == 0 ? "A" : "B";
            var owned = new HashSet<int>();
            for (var day = random.Next(3); day < 30; day += 2 + random.Next(3))
            {
                var p = random.Next(12);
                if (owned.Add(p)) interactions.Add(Buy($"{group}{c}", $"{group}-{p}", day + random.NextDouble()));
            }
        }
        var catalog = interactions.Select(x => x.ProductId).Distinct().Select(id => new Product { Id = id, Title = id, Stock = 1 }).ToList();
        var settings = new TrainingSettings
        {
            MinInteractionsForRanker = 0, HoldoutCheckMaxInteractions = 0, ValidationSlices = 4, RankerCandidatesPerSource = 20, AlsFactors = 4, AlsIterations = 5,
        };
        var precomputed = RecommendationTrainer.Train("v1", interactions, catalog, settings);
        var live = RecommendationTrainer.Train("v1", interactions, catalog, settings with { PrecomputedListLength = 0 });
        Assert.Equal(60, precomputed.Lists!.Count);
        Assert.Null(live.Lists);

        var snapshot = CatalogSnapshot.Of(catalog, DateTimeOffset.UtcNow);
        foreach (var customer in new[] { "A0", "B1", "A10", "B59" })
        {
            RecommendationList Serve(TrainedRecommender model) => RecommendationEngine.Recommend(
                new RecommendationRequest { Placement = Placement.Personalized, CustomerId = customer, Count = 5 },
                new ServingInputs(model, snapshot, LiveSignals.Empty, ModuleBench.PlainSettings(), new ShopperState(customer, [])), "rec");
            var (a, b) = (Serve(precomputed), Serve(live));
            Assert.Equal(b.Strategy, a.Strategy);
            Assert.Equal(b.Items.Select(i => (i.ProductId, i.Reason)), a.Items.Select(i => (i.ProductId, i.Reason)));
            Assert.Equal(5, a.Items.Count);
        }
    }
}

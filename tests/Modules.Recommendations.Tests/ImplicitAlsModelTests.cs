using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

public class ImplicitAlsModelTests
{
    [Fact]
    public void One_user_half_step_matches_the_hand_solved_normal_equations()
    {
        // Item factors Y (3 items, k = 2): y0 = (1, 0), y1 = (0, 1), y2 = (1, 1).
        // The user interacted with items 0 and 2 with r = 1; α = 1 so c = 2; λ = 0.1.
        // A = YᵀY + Σ (c − 1) y yᵀ + λI = [[2,1],[1,2]] + [[1,0],[0,0]] + [[1,1],[1,1]] + 0.1 I = [[4.1, 2], [2, 3.1]]
        // b = Σ c y = 2·(1,0) + 2·(1,1) = (4, 2)
        // x = A⁻¹ b = (3.1·4 − 2·2, 4.1·2 − 2·4) / (4.1·3.1 − 2·2) = (8.4, 0.2) / 8.71
        double[] y = [1, 0, 0, 1, 1, 1];
        var gram = ImplicitAlsModel.Gram(y, rows: 3, k: 2);
        Assert.Equal([2.0, 1.0, 1.0, 2.0], gram);

        var x = new double[2];
        AlsSolver.SolveRow(gram, y, 2, [0, 2], [2.0, 2.0], lambda: 0.1, x, new AlsScratch(2));

        Assert.Equal(8.4 / 8.71, x[0], 12);
        Assert.Equal(0.2 / 8.71, x[1], 12);
    }

    [Fact]
    public void Cholesky_solves_a_known_system()
    {
        // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = (1, −1, 2) → b = A x = (2, −1, 5)
        double[] a = [4, 2, 0, 2, 5, 1, 0, 1, 3];
        double[] b = [2, -1, 5];
        AlsSolver.CholeskySolve(a, b, 3);
        Assert.Equal(1.0, b[0], 12);
        Assert.Equal(-1.0, b[1], 12);
        Assert.Equal(2.0, b[2], 12);
    }

    [Fact]
    public void Exact_rank_one_case_reaches_the_closed_form_fixed_point()
    {
        // One customer who bought the only product: with k = 1 the loss is c(1 − xy)² + λ(x² + y²),
        // whose minimum (by symmetry x = y = s) satisfies c(1 − s²) = λ → s² = 1 − λ/c.
        // With α = 4 (c = 5) and λ = 1 the product's predicted preference is x·y = 0.8.
        var model = ImplicitAlsModel.Train([Buy("c", "p")], new ImplicitAlsOptions
        {
            Factors = 1,
            Alpha = 4,
            Regularization = 1,
            Iterations = 200,
            HalfLife = null,
            Weighting = new InteractionWeighting { Purchase = 1 },
        });
        var x = model.CustomerFactors("c")![0];
        var y = model.ProductFactors("p")![0];
        Assert.Equal(0.8, x * y, 6);
        Assert.Equal(Math.Abs(x), Math.Abs(y), 6);
    }

    [Fact]
    public void Every_sweep_lowers_the_weighted_loss()
    {
        var model = ImplicitAlsModel.Train(TwoGroups(), new ImplicitAlsOptions { Factors = 4, Iterations = 8, Regularization = 0.5, Alpha = 5, TrackLoss = true });
        var loss = model.LossHistory;
        Assert.Equal(8, loss.Count);
        for (var n = 1; n < loss.Count; n++) Assert.True(loss[n] <= loss[n - 1] + 1e-9, $"loss rose at sweep {n}: {loss[n - 1]} → {loss[n]}");
    }

    [Fact]
    public void Learns_the_two_taste_groups_and_folds_in_new_customers()
    {
        var model = ImplicitAlsModel.Train(TwoGroups(), new ImplicitAlsOptions { Factors = 4, Iterations = 15, Regularization = 0.1, Alpha = 10 });
        Assert.Equal("A1", model.Recommend(RecommendationQuery.ForCustomer("a1", 1))[0].ProductId);
        Assert.Equal("B2", model.Recommend(RecommendationQuery.ForCustomer("b2", 1))[0].ProductId);

        // A customer the model never saw, with a session on two A-products: one half-step, no retrain.
        var session = model.Recommend(new RecommendationQuery { CustomerId = "new", ContextProductIds = ["A1", "A2"], Count = 2 });
        Assert.All(session, p => Assert.StartsWith("A", p.ProductId));
        Assert.Empty(model.Recommend(RecommendationQuery.ForCustomer("new")));
    }

    [Fact]
    public void Same_data_and_seed_give_the_same_model()
    {
        var one = ImplicitAlsModel.Train(TwoGroups(), new ImplicitAlsOptions { Factors = 3 });
        var two = ImplicitAlsModel.Train(TwoGroups(), new ImplicitAlsOptions { Factors = 3 });
        Assert.Equal(one.CustomerFactors("a3"), two.CustomerFactors("a3"));
    }
}

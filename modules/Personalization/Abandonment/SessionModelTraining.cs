using RetailCommerce.Evaluation;
using RetailCommerce.Modules.Personalization.Sessions;

namespace RetailCommerce.Modules.Personalization.Abandonment;

/// <summary>The evaluated pair of session models.</summary>
public sealed record SessionModelFit(SessionModel? Abandonment, SessionModel? Propensity, double? AbandonmentAuc, double? AbandonmentBaselineAuc,
    double? PropensityAuc, double? PropensityBaselineAuc, int TrainingCarts, int HoldoutCarts, int TrainingSessions, int HoldoutSessions, DateTimeOffset Cutoff, string Outcome);

/// <summary>
/// Fits and evaluates the session models on a time-based holdout: sessions starting before the cutoff (the
/// first 75% of the history by time) train, later ones test; the reported AUCs are on the later sessions, with
/// the logistic baseline (cart value, recency) beside them. The served models are then refitted on everything.
/// </summary>
public static class SessionModelTraining
{
    public const int MinimumCarts = 60;

    public static SessionModelFit Fit(IReadOnlyList<SessionExample> examples, double trainShare = 0.75, bool refitOnAll = true)
    {
        if (examples.Count == 0) return Empty("store too small: no sessions yet");
        var start = examples.Min(e => e.Start);
        var end = examples.Max(e => e.Start);
        var cutoff = start + (end - start) * trainShare;
        var carts = examples.Where(e => e.HadCart).ToList();
        // Abandonment: label = the cart was left (no purchase).
        var cartTrain = carts.Where(e => e.Start < cutoff).Select(e => (e.AtLastCartEdit, !e.Purchased)).ToList();
        var cartTest = carts.Where(e => e.Start >= cutoff).Select(e => (e.AtLastCartEdit, !e.Purchased)).ToList();
        var sessionTrain = examples.Where(e => e.Start < cutoff).Select(e => (e.BeforeCheckout, e.Purchased)).ToList();
        var sessionTest = examples.Where(e => e.Start >= cutoff).Select(e => (e.BeforeCheckout, e.Purchased)).ToList();
        if (!BothLabels(cartTrain) || !BothLabels(sessionTrain) || carts.Count < MinimumCarts)
            return Empty($"store too small: {carts.Count} sessions with a cart ({MinimumCarts} and both outcomes needed)", cutoff);

        double? Evaluate(SessionModel model, List<(SessionFeatures, bool)> test) =>
            test.Count == 0 ? null : AreaUnderCurve.Compute(model.Score(test.Select(t => t.Item1).ToList()), test.Select(t => t.Item2).ToList());

        var abandonment = SessionModel.TrainLightGbm(cartTrain);
        var abandonmentAuc = Evaluate(abandonment, cartTest);
        var abandonmentBaselineAuc = Evaluate(SessionModel.TrainBaseline(cartTrain), cartTest);
        var propensity = SessionModel.TrainLightGbm(sessionTrain);
        var propensityAuc = Evaluate(propensity, sessionTest);
        var propensityBaselineAuc = Evaluate(SessionModel.TrainBaseline(sessionTrain), sessionTest);
        if (refitOnAll)
        {
            abandonment = SessionModel.TrainLightGbm(cartTrain.Concat(cartTest).ToList());
            propensity = SessionModel.TrainLightGbm(sessionTrain.Concat(sessionTest).ToList());
        }
        return new SessionModelFit(abandonment, propensity, abandonmentAuc, abandonmentBaselineAuc, propensityAuc, propensityBaselineAuc,
            cartTrain.Count, cartTest.Count, sessionTrain.Count, sessionTest.Count, cutoff,
            $"trained on {examples.Count:N0} sessions ({carts.Count:N0} with a cart); holdout AUC abandonment {F(abandonmentAuc)} (baseline {F(abandonmentBaselineAuc)}), propensity {F(propensityAuc)} (baseline {F(propensityBaselineAuc)})");
    }

    private static bool BothLabels(List<(SessionFeatures, bool)> rows) => rows.Any(r => r.Item2) && rows.Any(r => !r.Item2);

    private static string F(double? v) => v is null ? "n/a" : v.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);

    private static SessionModelFit Empty(string outcome, DateTimeOffset cutoff = default) =>
        new(null, null, null, null, null, null, 0, 0, 0, 0, cutoff, outcome);
}

using RetailCommerce.Catalog;
using RetailCommerce.Modules.Personalization.Sessions;

namespace RetailCommerce.Modules.Personalization.Abandonment;

/// <summary>What to send a shopper who left a cart.</summary>
public enum RecoveryAction
{
    /// <summary>A plain reminder of the cart.</summary>
    Reminder,
    /// <summary>An offer of help (sizes, delivery, questions): for hesitant shoppers who edited or compared.</summary>
    Help,
    /// <summary>A discount, sized by the predicted uplift and capped by the margin guardrail.</summary>
    Incentive,
}

/// <summary>The recommended recovery with its reason.</summary>
public sealed record RecoveryPlan(RecoveryAction Action, double IncentiveShare, double PurchaseProbability, string Reason);

/// <summary>
/// The recovery policy. No incentive goes to shoppers who would buy anyway (completion probability at or above
/// <see cref="PersonalizationOptions.BuyAnywayProbability"/>) nor to lost causes (below
/// <see cref="PersonalizationOptions.LostCauseProbability"/>). In between, the uplift a discount can buy is taken
/// as largest for the least likely buyers and shrinking to zero at the buy-anyway line, so the discount scales with
/// that gap; it never exceeds <see cref="PersonalizationOptions.MaxIncentiveShare"/> of the cart nor
/// <see cref="PersonalizationOptions.MaxMarginShare"/> of the thinnest product margin in the cart. The store has no
/// treatment/control data to fit a true uplift model, so this is a documented heuristic on the propensity model.
/// </summary>
public static class CartRecovery
{
    public static RecoveryPlan Plan(double purchaseProbability, SessionFeatures cart, double? thinnestMargin, PersonalizationOptions options)
    {
        var p = purchaseProbability;
        if (p >= options.BuyAnywayProbability)
            return new RecoveryPlan(RecoveryAction.Reminder, 0, p, $"likely to buy anyway ({p:P0}): a reminder, no incentive");
        if (p < options.LostCauseProbability)
            return new RecoveryPlan(RecoveryAction.Reminder, 0, p, $"unlikely to return ({p:P0}): a discount would be wasted, a reminder only");
        if (cart.CartRemoves > 0 || cart.PriceChecks >= 2)
            return new RecoveryPlan(RecoveryAction.Help, 0, p, $"hesitated (cart edits {cart.CartRemoves}, price checks {cart.PriceChecks}): offer help");
        var gap = (options.BuyAnywayProbability - p) / options.BuyAnywayProbability;
        var share = Math.Round(Math.Max(0.05, options.MaxIncentiveShare * gap), 2);
        var cap = thinnestMargin is { } m ? m * options.MaxMarginShare : options.MaxIncentiveShare;
        share = Math.Min(share, Math.Min(options.MaxIncentiveShare, Math.Floor(cap * 100) / 100));
        if (share < 0.02)
            return new RecoveryPlan(RecoveryAction.Reminder, 0, p, $"margin too thin for a discount (cap {cap:P0}): a reminder");
        return new RecoveryPlan(RecoveryAction.Incentive, share, p, $"persuadable ({p:P0} to buy): {share:P0} off, within the margin guardrail ({cap:P0})");
    }

    /// <summary>A product's margin as a share of its price: the <c>margin</c> attribute, or 1 − cost / price.</summary>
    public static double? MarginOf(Product product)
    {
        if (double.TryParse(product.Attribute("margin")?.TrimEnd('%'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var m))
            return m > 1 ? m / 100 : m;
        if (product.Price > 0 && decimal.TryParse(product.Attribute("cost"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var cost))
            return (double)(1 - cost / product.Price);
        return null;
    }
}

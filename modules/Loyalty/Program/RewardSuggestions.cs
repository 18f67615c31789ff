using RetailCommerce.Customers;
using RetailCommerce.Modules.Loyalty.Segments;
using RetailCommerce.Modules.Loyalty.Value;

namespace RetailCommerce.Modules.Loyalty.Program;

/// <summary>A reward the merchant could offer, sized by what the customer is expected to be worth.</summary>
public sealed record RewardSuggestion(string Kind, int Points, string Reason);

/// <summary>
/// CLV-aware reward suggestions: win-back bonuses capped at a share of the customer's expected value, tier nudges
/// for customers close to the next tier, perks for champions and redemption reminders for slipping customers.
/// Never more than the customer is worth, so rewards stay fair and affordable.
/// </summary>
public static class RewardSuggestions
{
    public static IReadOnlyList<RewardSuggestion> For(PointsLedger ledger, LoyaltyProgram program, CustomerValue? value, LoyaltyOptions options)
    {
        var result = new List<RewardSuggestion>();
        if (value is { Segment: CustomerSegment.AtRisk or CustomerSegment.Hibernating, LifetimeValue: > 0 } && options.PointValue > 0)
        {
            var points = (int)Math.Round(value.LifetimeValue.Value * options.WinBackShareOfClv / options.PointValue);
            if (points > 0)
                result.Add(new RewardSuggestion("WIN_BACK", points,
                    $"Churn risk {value.ChurnRisk:P0}: a bonus worth {points * options.PointValue:0.00} ({options.WinBackShareOfClv:P0} of the expected {options.ClvHorizonMonths}-month value {value.LifetimeValue:0.00})."));
        }
        if (program.NextTier(ledger.QualifyingPoints) is { } next && next.Threshold > 0)
        {
            var gap = next.Threshold - ledger.QualifyingPoints;
            if (gap <= next.Threshold * 0.2)
                result.Add(new RewardSuggestion("TIER_NUDGE", gap, $"{gap} points from {next.Name}: tell the customer what {next.Name} unlocks."));
        }
        if (value is { Segment: CustomerSegment.Champion })
            result.Add(new RewardSuggestion("VIP_PERK", 0, "Top-value customer: offer early access or a personal thank-you rather than discounts."));
        if (value is { ChurnRisk: >= 0.5 } && ledger.Balance > 0)
            result.Add(new RewardSuggestion("REDEEM_REMINDER", ledger.Balance,
                $"{ledger.Balance} unspent points (worth {ledger.Balance * options.PointValue:0.00}): a reminder gives a reason to come back."));
        return result;
    }
}

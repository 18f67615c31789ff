using RetailCommerce.Customers;
using RetailCommerce.Evaluation;
using RetailCommerce.Modules.Loyalty.Lifetime;
using RetailCommerce.Modules.Loyalty.Program;
using RetailCommerce.Modules.Loyalty.Segments;
using RetailCommerce.Modules.Loyalty.Value;

namespace RetailCommerce.Modules.Loyalty.Tests;

/// <summary>The module's pure logic: segments, AUC, churn features, the ledger projection, earn rules and suggestions.</summary>
public sealed class ModuleLogicTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.95, 3, 200, 0.1, CustomerSegment.Champion)]
    [InlineData(0.95, 0, 200, 0.1, CustomerSegment.Loyal)]      // top value but no repeat yet: not a champion
    [InlineData(0.60, 1, 200, 0.1, CustomerSegment.Loyal)]
    [InlineData(0.20, 0, 200, 0.1, CustomerSegment.Promising)]
    [InlineData(0.95, 3, 200, 0.9, CustomerSegment.AtRisk)]
    [InlineData(0.20, 0, 200, 0.9, CustomerSegment.Hibernating)]
    [InlineData(0.99, 2, 10, 0.9, CustomerSegment.New)]
    public void Segments_follow_value_repeat_tenure_and_risk(double percentile, int repeats, int tenure, double risk, CustomerSegment expected) =>
        Assert.Equal(expected, new SegmentRules(0.5, 0.2, 30).Assign(percentile, repeats, tenure, risk));

    [Fact]
    public void Percentiles_share_ties_and_span_zero_to_one()
    {
        var p = SegmentRules.Percentiles([5, 1, 5, 9]);
        Assert.Equal([1 / 3.0, 0, 1 / 3.0, 1], p);
    }

    [Fact]
    public void Auc_matches_pairwise_counting()
    {
        var random = new Random(3);
        var scores = Enumerable.Range(0, 300).Select(_ => Math.Round(random.NextDouble(), 1)).ToList(); // many ties
        var labels = scores.Select(s => random.NextDouble() < s).ToList();
        double wins = 0, pairs = 0;
        for (int i = 0; i < scores.Count; i++)
            for (int j = 0; j < scores.Count; j++)
                if (labels[i] && !labels[j]) { pairs++; wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0; }
        Assert.Equal(wins / pairs, AreaUnderCurve.Compute(scores, labels)!.Value, 12);
        Assert.Equal(1.0, AreaUnderCurve.Compute([0.1, 0.9], [false, true]));
        Assert.Null(AreaUnderCurve.Compute([0.1, 0.9], [true, true]));
    }

    [Fact]
    public void Churn_features_are_taken_as_of_the_cutoff_and_labelled_by_the_next_90_days()
    {
        var ann = new CustomerHistory("ann");
        ann.Purchases.AddRange([(T0, 10m), (T0.AddHours(2), 5m), (T0.AddDays(10), 30m), (T0.AddDays(50), 99m)]);
        ann.Returns.Add(T0.AddDays(11));
        ann.Views.AddRange([T0.AddDays(35), T0.AddDays(38), T0.AddDays(5)]);
        var bob = new CustomerHistory("bob");
        bob.Purchases.Add((T0.AddDays(20), 7m));
        var late = new CustomerHistory("late");
        late.Purchases.Add((T0.AddDays(45), 1m));

        var rows = ChurnFeatures.AsOf([ann, bob, late], T0.AddDays(40), TimeSpan.FromDays(90));
        Assert.Equal(["ann", "bob"], rows.Select(r => r.CustomerId)); // late had not bought by the cutoff
        var a = rows[0];
        Assert.Equal((30f, 2f, 22.5f, 40f, 1f), (a.RecencyDays, a.Frequency, a.Monetary, a.TenureDays, a.Returns));
        Assert.Equal(MathF.Log(3f / 2f), a.EngagementTrend, 5); // 2 views in the last 30 days, 1 in the 30 before
        Assert.False(a.Label);  // bought on day 50
        Assert.True(rows[1].Label);
    }

    [Fact]
    public void Probability_of_no_purchase_matches_the_generative_process_and_bounds()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        // A brand-new customer buys nothing in t with probability (α/(α+t))^r; the simulator draws that process.
        var sims = BgNbdSimulator.SimulateSummaries(model, Enumerable.Repeat(13.0, 200_000).ToList(), seed: 4);
        var silent = sims.Count(s => s.Frequency == 0) / (double)sims.Count;
        Assert.Equal(silent, model.ProbabilityNoPurchase(13, 0, 0, 0), 2);
        Assert.Equal(1.0, model.ProbabilityNoPurchase(0, 4, 10, 30), 12);
        var p90 = model.ProbabilityNoPurchase(90 / 7.0, 4, 10, 30);
        Assert.InRange(p90, 1 - model.ProbabilityAlive(4, 10, 30), 1);
        Assert.True(model.ProbabilityNoPurchase(52, 4, 10, 30) < p90);
    }

    [Fact]
    public void Ledger_balance_is_the_sum_of_entries_and_of_open_lots_whatever_the_order()
    {
        var random = new Random(9);
        var ledger = new PointsLedger { Id = PointsStreams.For("c") };
        var signed = 0;
        var now = T0;
        for (int i = 0; i < 2_000; i++)
        {
            now = now.AddDays(random.Next(0, 5));
            object e = random.Next(5) switch
            {
                0 => new PointsEarned(random.Next(1, 200), "purchase", "o" + (i % 7), "p", 1, "k" + i, now, now.AddDays(random.Next(10, 200))),
                1 => new BonusPointsAwarded(random.Next(1, 50), "camp", "o" + (i % 7), "p", 1, null, now, null),
                2 when ledger.Balance > 0 => new PointsRedeemed(random.Next(1, ledger.Balance + 1), null, now),
                3 when ledger.Lots.Any(l => l.ExpiresAt <= now) => new PointsExpired(ledger.Lots.Where(l => l.ExpiresAt <= now).Sum(l => l.Points), now),
                4 when ledger.Balance > 0 => new PointsReversed(Math.Min(ledger.Balance, 30), 0, "o" + (i % 7), "p", 1, "r" + i, now),
                _ => new PointsEarned(1, "manual", null, null, 0, null, now, null),
            };
            PointsLedgerProjection.Fold(ledger, e);
            signed += e switch { PointsEarned x => x.Points, BonusPointsAwarded x => x.Points, PointsRedeemed x => -x.Points, PointsExpired x => -x.Points, PointsReversed x => -x.Points, _ => 0 };
            Assert.Equal(signed, ledger.Balance);
            Assert.Equal(ledger.Balance, ledger.Lots.Sum(l => l.Points));
            Assert.Equal(ledger.Earned + ledger.Bonus - ledger.Redeemed - ledger.Expired - ledger.Reversed, ledger.Balance);
            Assert.True(ledger.Balance >= 0);
            Assert.DoesNotContain(ledger.Lots, l => l.ExpiresAt <= now && e is PointsExpired);
        }
    }

    [Fact]
    public void Redemption_spends_the_soonest_expiring_points_first_and_a_reversal_its_own_order()
    {
        var ledger = new PointsLedger { Id = PointsStreams.For("c") };
        PointsLedgerProjection.Fold(ledger, new PointsEarned(100, "purchase", "late", "p", 1, "a", T0, T0.AddDays(300)));
        PointsLedgerProjection.Fold(ledger, new PointsEarned(100, "purchase", "soon", "p", 1, "b", T0, T0.AddDays(30)));
        PointsLedgerProjection.Fold(ledger, new PointsRedeemed(60, null, T0));
        Assert.Equal(40, ledger.Lots.Single(l => l.OrderId == "soon").Points);
        PointsLedgerProjection.Fold(ledger, new PointsReversed(50, 0, "late", "p", 1, "r", T0));
        Assert.Equal(50, ledger.Lots.Single(l => l.OrderId == "late").Points);
        Assert.Equal(T0.AddDays(30), ledger.NextExpiryAt);
    }

    [Fact]
    public void Earn_rules_use_the_most_specific_category_and_the_tier_multiplier()
    {
        var program = LoyaltyProgram.Defaults(new LoyaltyOptions());
        program.CategoryRules.AddRange([new CategoryEarnRule { Category = "Outdoor", Multiplier = 2 }, new CategoryEarnRule { Category = "Outdoor > Shoes", Multiplier = 3 }]);
        var member = program.TierFor(0);
        Assert.Equal(300, program.BasePoints(100m, "Outdoor > Shoes > Trail", member));
        Assert.Equal(200, program.BasePoints(100m, "Outdoor > Tents", member));
        Assert.Equal(100, program.BasePoints(100m, "Outdoorsy", member)); // a prefix of a word is not a category
        Assert.Equal(250, program.BasePoints(100m, "Outdoor", program.TierFor(1_000)));
        Assert.Equal("Gold", program.TierFor(5_000).Name);
        Assert.Null(program.NextTier(5_000));
    }

    [Fact]
    public void Reward_suggestions_are_sized_by_lifetime_value()
    {
        var options = new LoyaltyOptions { WinBackShareOfClv = 0.05, PointValue = 0.01 };
        var program = LoyaltyProgram.Defaults(options);
        var ledger = new PointsLedger { Id = PointsStreams.For("c"), Earned = 900, Balance = 300 };
        var value = new CustomerValue { Id = "c", Segment = CustomerSegment.AtRisk, LifetimeValue = 240, ChurnRisk = 0.8 };
        var suggestions = RewardSuggestions.For(ledger, program, value, options);
        Assert.Equal(1_200, suggestions.Single(s => s.Kind == "WIN_BACK").Points); // 5% of 240 = 12.00 = 1,200 points at 0.01
        Assert.Equal(100, suggestions.Single(s => s.Kind == "TIER_NUDGE").Points);
        Assert.Equal(300, suggestions.Single(s => s.Kind == "REDEEM_REMINDER").Points);
        Assert.DoesNotContain(RewardSuggestions.For(ledger, program, new CustomerValue { Segment = CustomerSegment.Loyal, LifetimeValue = 240 }, options), s => s.Kind == "WIN_BACK");
    }
}

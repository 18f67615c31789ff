using RetailCommerce.DemoStore;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Personalization.Abandonment;
using RetailCommerce.Modules.Personalization.Segments;
using RetailCommerce.Modules.Personalization.Sessions;

namespace RetailCommerce.Modules.Personalization.Tests;

public sealed class ModelAndRuleTests
{
    [Fact]
    public void Abandonment_model_beats_the_cart_value_and_recency_baseline_on_a_small_demo_store()
    {
        var generator = new DemoStoreGenerator(new DemoStoreOptions { Customers = 800, Products = 300, Months = 4 });
        var fit = SessionModelTraining.Fit(SessionHistory.Build(generator.Events().Select(SessionEvent.From)), refitOnAll: false);
        Assert.NotNull(fit.Abandonment);
        Assert.True(fit.AbandonmentAuc > 0.75, $"auc {fit.AbandonmentAuc}");
        Assert.True(fit.AbandonmentAuc > fit.AbandonmentBaselineAuc, $"auc {fit.AbandonmentAuc} vs baseline {fit.AbandonmentBaselineAuc}");
    }

    [Fact]
    public void Recovery_gives_no_incentive_to_shoppers_who_would_buy_anyway_and_caps_by_margin()
    {
        var options = new PersonalizationOptions();
        var cart = new SessionFeatures { CartUnits = 1, CartValue = 80 };
        Assert.Equal(RecoveryAction.Reminder, CartRecovery.Plan(0.8, cart, 0.5, options).Action);
        Assert.Equal(0, CartRecovery.Plan(0.8, cart, 0.5, options).IncentiveShare);
        var persuadable = CartRecovery.Plan(0.2, cart, 0.5, options);
        Assert.Equal(RecoveryAction.Incentive, persuadable.Action);
        Assert.InRange(persuadable.IncentiveShare, 0.05, options.MaxIncentiveShare);
        var thin = CartRecovery.Plan(0.2, cart, 0.12, options);
        Assert.True(thin.IncentiveShare <= 0.06, $"{thin.IncentiveShare}");
        Assert.Equal(RecoveryAction.Reminder, CartRecovery.Plan(0.2, cart, 0.02, options).Action);
    }

    [Fact]
    public void Rule_segments_are_structured_conditions_and_refuse_unknown_fields()
    {
        var rule = new RuleSegment
        {
            Id = "outdoor-spenders", Name = "Outdoor spenders",
            Conditions = [new() { Field = "spent90Days", Operator = "gt", Value = "200" }, new() { Field = "viewedCategory", Operator = "contains", Value = "sports" }],
        };
        SegmentRules.Validate(rule);
        var profile = new PersonalizationProfile { Spent90Days = 250, ViewedCategories90Days = ["Sports > Camping"] };
        Assert.True(SegmentRules.Matches(rule, new RuleFacts(profile, null, [], null, null)));
        profile.Spent90Days = 150;
        Assert.False(SegmentRules.Matches(rule, new RuleFacts(profile, null, [], null, null)));
        var bad = new RuleSegment { Id = "x", Conditions = [new() { Field = "System.IO.File.Delete", Operator = "eq", Value = "1" }] };
        Assert.Equal("conditions", Assert.Throws<RetailError>(() => SegmentRules.Validate(bad)).Field);
    }

    [Fact]
    public void Quintiles_score_one_to_five_by_rank()
    {
        var scores = Quintiles.Scores(Enumerable.Range(1, 100).Select(i => (double)i).ToList());
        Assert.Equal(1, scores[0]);
        Assert.Equal(5, scores[99]);
        Assert.All(Enumerable.Range(1, 5), s => Assert.Equal(20, scores.Count(x => x == s)));
    }

    [Fact]
    public void Live_segments_follow_the_session()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-20);
        List<SessionEvent> events =
        [
            new("SEARCH", null, "s1", null, 1, null, "tent under 100", "mobile", "newsletter", t),
            new("VIEW", null, "s1", "p1", 1, 90, null, "mobile", "newsletter", t.AddMinutes(1)),
            new("ADD_TO_CART", null, "s1", "p1", 1, 90, null, "mobile", "newsletter", t.AddMinutes(2)),
        ];
        var live = new LiveSession("s1", null, events, ShopperHistory.None);
        var names = LiveSegments.Of(live, SessionFeatures.From(events, ShopperHistory.None, DateTimeOffset.UtcNow), null).Select(s => s.Segment).ToList();
        Assert.Contains(LiveSegments.New, names);
        Assert.Contains(LiveSegments.HighIntent, names);
        Assert.Contains(LiveSegments.DiscountSeeker, names);
        Assert.Contains(LiveSegments.AboutToLeave, names);
        Assert.DoesNotContain(LiveSegments.Researcher, names);
    }
}

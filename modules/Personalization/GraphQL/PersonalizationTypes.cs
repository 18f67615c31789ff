using GraphQL.Types;
using RetailCommerce.Modules.Personalization.Abandonment;
using RetailCommerce.Modules.Personalization.Content;
using RetailCommerce.Modules.Personalization.Experiments;
using RetailCommerce.Modules.Personalization.Segments;

namespace RetailCommerce.Modules.Personalization.GraphQL;

public sealed class ExperimentModeType : EnumerationGraphType<ExperimentMode>
{
    public ExperimentModeType() { Name = "PersonalizationExperimentMode"; Description = "AB_TEST (sticky hashing), BANDIT (Thompson sampling), CONTEXTUAL_BANDIT (Thompson sampling per segment)."; }
}

public sealed class ExperimentVerdictType : EnumerationGraphType<ExperimentVerdict>
{
    public ExperimentVerdictType() { Name = "PersonalizationExperimentVerdict"; Description = "The stopping rules' verdict; COLLECTING until every variant reached the planned sample size (peeking guard)."; }
}

public sealed class ExperimentVariantResultType : ObjectGraphType<VariantResult>
{
    public ExperimentVariantResultType()
    {
        Name = "PersonalizationExperimentVariant";
        Description = "One variant's results; lift and CIs are relative to the control (the first variant).";
        Field(x => x.Key).Description("Variant key.");
        Field(x => x.Visitors).Description("Visitors exposed.");
        Field(x => x.Conversions).Description("Visitors who bought within the attribution window.");
        Field(x => x.ConversionRate).Description("Conversions / visitors.");
        Field(x => x.RevenuePerVisitor).Description("Attributed revenue per visitor.");
        Field(x => x.Lift, nullable: true).Description("Relative lift over control (0.1 = +10%); null for the control.");
        Field(x => x.LiftLow, nullable: true).Description("Lower bound of the 95% CI of the lift (Bonferroni-adjusted for A/B/n).");
        Field(x => x.LiftHigh, nullable: true).Description("Upper bound of the 95% CI of the lift.");
        Field(x => x.Difference, nullable: true).Description("Absolute difference of conversion rates to control.");
        Field(x => x.DifferenceLow, nullable: true).Description("Lower bound of the difference's 95% CI.");
        Field(x => x.DifferenceHigh, nullable: true).Description("Upper bound of the difference's 95% CI.");
        Field(x => x.ProbabilityToBeBest).Description("Bayesian probability that this variant has the highest conversion rate (Beta posteriors, seeded Monte Carlo).");
    }
}

public sealed class ExperimentContextArmType : ObjectGraphType<ContextArmView>
{
    public ExperimentContextArmType()
    {
        Name = "PersonalizationExperimentContextArm";
        Description = "A contextual bandit's per-segment view of a variant.";
        Field(x => x.Context).Description("The segment used as context.");
        Field(x => x.Variant).Description("Variant key.");
        Field(x => x.Visitors).Description("Visitors of this segment exposed to the variant.");
        Field(x => x.Conversions).Description("Of whom bought within the window.");
        Field(x => x.ProbabilityToBeBest).Description("Probability to be best within the segment.");
    }
}

public sealed class ExperimentType : ObjectGraphType<ExperimentReport>
{
    public ExperimentType()
    {
        Name = "PersonalizationExperiment";
        Description = "An experiment with its results: exposures, attributed conversions and revenue, lift, 95% CI, probability to be best, verdict.";
        Field<NonNullGraphType<StringGraphType>>("id").Description("Experiment id.").Resolve(c => c.Source.Experiment.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Description("Name.").Resolve(c => c.Source.Experiment.Name);
        Field<NonNullGraphType<StringGraphType>>("target").Description("The slot or decision under test.").Resolve(c => c.Source.Experiment.Target);
        Field<NonNullGraphType<ExperimentModeType>>("mode").Description("How traffic is split.").Resolve(c => c.Source.Experiment.Mode);
        Field<NonNullGraphType<StringGraphType>>("status").Description("RUNNING or STOPPED.").Resolve(c => c.Source.Experiment.Status.ToString().ToUpperInvariant());
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("startedAt").Description("Start.").Resolve(c => c.Source.Experiment.StartedAt);
        Field<DateTimeOffsetGraphType>("stoppedAt").Description("Stop, if stopped.").Resolve(c => c.Source.Experiment.StoppedAt);
        Field<StringGraphType>("servedAfterStop").Description("The variant everyone gets since the stop.").Resolve(c => c.Source.Experiment.ServedAfterStop);
        Field<NonNullGraphType<IntGraphType>>("attributionWindowHours").Description("Purchases this many hours after the first exposure count.").Resolve(c => c.Source.Experiment.AttributionWindowHours);
        Field<NonNullGraphType<IntGraphType>>("requiredVisitorsPerVariant").Description("Planned sample size per variant (5% two-sided, 80% power, minimum detectable effect).").Resolve(c => c.Source.Analysis.RequiredVisitorsPerVariant);
        Field<NonNullGraphType<ExperimentVerdictType>>("verdict").Description("Stopping rules' verdict.").Resolve(c => c.Source.Analysis.Verdict);
        Field<StringGraphType>("winner").Description("The winning variant, when found.").Resolve(c => c.Source.Analysis.Winner);
        Field<NonNullGraphType<StringGraphType>>("summary").Description("The verdict in a sentence.").Resolve(c => c.Source.Analysis.Summary);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExperimentVariantResultType>>>>("variants").Description("Per-variant results, control first.").Resolve(c => c.Source.Analysis.Variants);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExperimentContextArmType>>>>("contexts").Description("Contextual bandits: per-segment results.").Resolve(c => c.Source.Contexts);
    }
}

public sealed class ExperimentAssignmentType : ObjectGraphType<ExperimentAssignment>
{
    public ExperimentAssignmentType()
    {
        Name = "PersonalizationAssignment";
        Description = "The variant of an experiment a visitor gets (sticky), and why.";
        Field(x => x.ExperimentId).Description("Experiment id.");
        Field(x => x.Variant).Description("Variant key to apply.");
        Field(x => x.Reason).Description("Why this variant.");
    }
}

public sealed class ContentChoiceType : ObjectGraphType<ContentChoice>
{
    public ContentChoiceType()
    {
        Name = "PersonalizationContent";
        Description = "The content chosen for a slot, with the reason.";
        Field(x => x.Slot).Description("Slot id.");
        Field<NonNullGraphType<StringGraphType>>("variant").Description("Variant key.").Resolve(c => c.Source.Variant.Key);
        Field<NonNullGraphType<StringGraphType>>("content").Description("What to render.").Resolve(c => c.Source.Variant.Content);
        Field(x => x.IsDefault).Description("True when the default variant is served.");
        Field(x => x.Reason).Description("Why this variant (targeting matched, experiment assignment, no consent, ...).");
        Field(x => x.ExperimentId, nullable: true).Description("The experiment that assigned it, if any.");
    }
}

public sealed class LiveSegmentType : ObjectGraphType<(string Segment, string Reason)>
{
    public LiveSegmentType()
    {
        Name = "PersonalizationLiveSegment";
        Description = "A segment of the current session, with its reason.";
        Field<NonNullGraphType<StringGraphType>>("segment").Description("new-visitor, returning, high-intent, researcher, discount-seeker or about-to-leave.").Resolve(c => c.Source.Segment);
        Field<NonNullGraphType<StringGraphType>>("reason").Description("What in the session put it there.").Resolve(c => c.Source.Reason);
    }
}

public sealed class RfmType : ObjectGraphType<PersonalizationProfile>
{
    public RfmType()
    {
        Name = "PersonalizationRfm";
        Description = "RFM quintile scores among the store's buyers (5 = most recent / frequent / valuable).";
        Field(x => x.RecencyScore).Description("Recency quintile 1-5.");
        Field(x => x.FrequencyScore).Description("Frequency quintile 1-5.");
        Field(x => x.MonetaryScore).Description("Monetary quintile 1-5.");
        Field(x => x.Rfm).Description("The three digits, e.g. 545.");
        Field(x => x.AsOf).Description("As of (store clock).");
    }
}

public sealed class ShopperSegmentsType : ObjectGraphType<ShopperSegmentation>
{
    public ShopperSegmentsType()
    {
        Name = "PersonalizationSegments";
        Description = "A shopper's segments: live session, RFM, behavioural cluster, Loyalty value segment, merchant rule segments.";
        Field(x => x.CustomerId, nullable: true).Description("Customer id.");
        Field(x => x.SessionId, nullable: true).Description("Session id.");
        Field(x => x.Personalized).Description("False without Personalization consent: nothing personal was used.");
        Field(x => x.NotPersonalizedReason, nullable: true).Description("Why not personalized.");
        Field<RfmType>("rfm").Description("RFM scores, for customers who bought (null before the first segmentation run).").Resolve(c => c.Source.Profile is { Orders: > 0 } p ? p : null);
        Field<StringGraphType>("cluster").Description("Behavioural cluster name.").Resolve(c => c.Source.Profile?.ClusterName);
        Field(x => x.ValueSegment, nullable: true).Description("Loyalty's value segment when Loyalty is installed (e.g. CHAMPION).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("rules").Description("Ids of the merchant rule segments that match.").Resolve(c => c.Source.Rules.Select(r => r.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LiveSegmentType>>>>("live").Description("Live session segments.").Resolve(c => c.Source.Live);
    }
}

public sealed class SessionInsightType : ObjectGraphType<SessionInsight>
{
    public SessionInsightType()
    {
        Name = "PersonalizationSessionInsight";
        Description = "Real-time scores of a session: conversion propensity, cart-abandonment probability, live segments.";
        Field(x => x.SessionId).Description("Session id.");
        Field(x => x.CustomerId, nullable: true).Description("The customer, when known.");
        Field(x => x.Events).Description("Events of the session so far.");
        Field(x => x.PurchaseProbability, nullable: true).Description("Probability the session buys (LightGBM); null before a model is trained or without events.");
        Field(x => x.AbandonmentProbability, nullable: true).Description("Probability the cart is left without a purchase; null with an empty cart or before training.");
        Field(x => x.CartValue).Description("Value of the cart now.");
        Field(x => x.CartUnits).Description("Units in the cart now.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LiveSegmentType>>>>("segments").Description("Live session segments.").Resolve(c => c.Source.Segments);
        Field(x => x.ModelVersion).Description("Model version (empty before training).");
    }
}

public sealed class ClusterType : ObjectGraphType<ClusterProfile>
{
    public ClusterType()
    {
        Name = "PersonalizationCluster";
        Description = "A behavioural cluster, named by its centroid.";
        Field(x => x.Name).Description("Name from the centroid's most distinctive features.");
        Field(x => x.Size).Description("Customers.");
        Field<NonNullGraphType<FloatGraphType>>("browseDepth").Description("Centroid: product views per session.").Resolve(c => c.Source.Centroid.BrowseDepth);
        Field<NonNullGraphType<FloatGraphType>>("priceSensitivity").Description("Centroid: share of views/searches at deal prices.").Resolve(c => c.Source.Centroid.PriceSensitivity);
        Field<NonNullGraphType<FloatGraphType>>("categorySpread").Description("Centroid: departments viewed.").Resolve(c => c.Source.Centroid.CategorySpread);
        Field<NonNullGraphType<FloatGraphType>>("eveningShare").Description("Centroid: share of evening events.").Resolve(c => c.Source.Centroid.EveningShare);
        Field<NonNullGraphType<FloatGraphType>>("mobileShare").Description("Centroid: share of mobile sessions.").Resolve(c => c.Source.Centroid.MobileShare);
    }
}

public sealed class SegmentationSummaryType : ObjectGraphType<SegmentationSummary>
{
    public SegmentationSummaryType()
    {
        Name = "PersonalizationSegmentSummary";
        Description = "The last segmentation run: sizes and cluster profiles.";
        Field(x => x.AsOf).Description("As of (store clock).");
        Field(x => x.Customers).Description("Customers segmented.");
        Field(x => x.Buyers).Description("Customers with RFM scores.");
        Field(x => x.Outcome).Description("The run's outcome.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ClusterType>>>>("clusters").Description("Behavioural clusters.").Resolve(c => c.Source.Clusters);
    }
}

public sealed class ExperimentVariantInputType : InputObjectGraphType<ExperimentVariantInput>
{
    public ExperimentVariantInputType()
    {
        Name = "PersonalizationExperimentVariantInput";
        Description = "A variant: key and relative weight (A/B mode).";
        Field(x => x.Key, nullable: true).Description("Required. Variant key (for a slot: its variant key).");
        Field(x => x.Weight, nullable: true).Description("Relative weight, default 1.");
    }
}

public sealed class ExperimentInputType : InputObjectGraphType<ExperimentInput>
{
    public ExperimentInputType()
    {
        Name = "PersonalizationExperimentInput";
        Description = "An experiment (upsert by id). The first variant is the control.";
        Field(x => x.Id, nullable: true).Description("Required. Experiment id.");
        Field(x => x.Name, nullable: true).Description("Name (default: the id).");
        Field(x => x.Target, nullable: true).Description("Required. Content slot id or decision name (e.g. recommendations.strategy).");
        Field<ListGraphType<NonNullGraphType<ExperimentVariantInputType>>>("variants").Description("2-10 variants, control first.");
        Field<ExperimentModeType>("mode").Description("Default AB_TEST.");
        Field(x => x.AttributionWindowHours, nullable: true).Description("Attribution window in hours (default from settings, 72).");
        Field(x => x.MinimumDetectableEffect, nullable: true).Description("Relative lift to size the test for (default 0.1).");
    }
}

public sealed class ContextInputType : InputObjectGraphType<ContextInput>
{
    public ContextInputType()
    {
        Name = "PersonalizationContextInput";
        Description = "The request's context for targeting.";
        Field(x => x.Device, nullable: true).Description("mobile, desktop or tablet.");
        Field(x => x.Referrer, nullable: true).Description("Referrer URL or source (newsletter, ...).");
        Field(x => x.Country, nullable: true).Description("ISO country code.");
        Field(x => x.At, nullable: true).Description("The shopper's time (default now), for time-of-day targeting.");
    }
}

public sealed class ContentVariantInputType : InputObjectGraphType<ContentVariantInput>
{
    public ContentVariantInputType()
    {
        Name = "PersonalizationContentVariantInput";
        Description = "A slot variant and who it targets (every given dimension must match; none = untargeted).";
        Field(x => x.Key, nullable: true).Description("Required. Variant key.");
        Field(x => x.Content, nullable: true).Description("What to render.");
        Field(x => x.Segments, nullable: true).Description("Any of these segments (live, rule id, value segment, cluster, rfm:555).");
        Field(x => x.Devices, nullable: true).Description("Any of these devices.");
        Field(x => x.Referrers, nullable: true).Description("Any of these referrer kinds (direct, search, social, newsletter, other) or substrings.");
        Field(x => x.Countries, nullable: true).Description("Any of these countries.");
        Field(x => x.HourFrom, nullable: true).Description("From this UTC hour (0-23).");
        Field(x => x.HourTo, nullable: true).Description("Until this UTC hour (exclusive, 1-24).");
    }
}

public sealed class ContentSlotInputType : InputObjectGraphType<ContentSlotInput>
{
    public ContentSlotInputType()
    {
        Name = "PersonalizationContentSlotInput";
        Description = "A content slot (upsert by id).";
        Field(x => x.Id, nullable: true).Description("Required. Slot id, e.g. hero-banner.");
        Field(x => x.Name, nullable: true).Description("Name for merchants.");
        Field(x => x.DefaultVariant, nullable: true).Description("Required. The variant shown without consent or match.");
        Field(x => x.ExperimentId, nullable: true).Description("An experiment over this slot's variants.");
        Field<ListGraphType<NonNullGraphType<ContentVariantInputType>>>("variants").Description("Variants in priority order.");
    }
}

public sealed class RuleConditionInputType : InputObjectGraphType<RuleConditionInput>
{
    public RuleConditionInputType()
    {
        Name = "PersonalizationRuleConditionInput";
        Description = "A condition: field, operator (gt, gte, lt, lte, eq, neq, contains) and value.";
        Field(x => x.Field, nullable: true).Description("spent90Days, orders90Days, orders, revenue, daysSinceLastPurchase, recencyScore, frequencyScore, monetaryScore, viewedCategory, cluster, valueSegment, liveSegment, country, device.");
        Field(x => x.Operator, nullable: true).Description("gt, gte, lt, lte, eq, neq, contains.");
        Field(x => x.Value, nullable: true).Description("The value compared with.");
    }
}

public sealed class RuleSegmentInputType : InputObjectGraphType<RuleSegmentInput>
{
    public RuleSegmentInputType()
    {
        Name = "PersonalizationRuleSegmentInput";
        Description = "A merchant rule segment (upsert by id): every condition must hold.";
        Field(x => x.Id, nullable: true).Description("Required. Segment id (usable in slot targeting).");
        Field(x => x.Name, nullable: true).Description("Name for merchants.");
        Field<ListGraphType<NonNullGraphType<RuleConditionInputType>>>("conditions").Description("1-20 conditions.");
    }
}

using RetailCommerce.Customers;
using GraphQL;
using GraphQL.Types;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Loyalty.Program;
using RetailCommerce.Modules.Loyalty.Segments;
using RetailCommerce.Modules.Loyalty.Value;

namespace RetailCommerce.Modules.Loyalty.GraphQL;

/// <summary>GraphQL <c>CustomerSegment</c>.</summary>
public sealed class CustomerSegmentType : EnumerationGraphType<CustomerSegment>
{
    public CustomerSegmentType()
    {
        Name = "CustomerSegment";
        Description = "Where a customer stands by value and churn risk: NEW (first purchase in the last weeks), CHAMPION (top value, low risk), LOYAL, PROMISING, AT_RISK (valuable, high risk), HIBERNATING (low value, high risk).";
    }
}

/// <summary>GraphQL <c>CustomerValue</c>.</summary>
public sealed class CustomerValueType : ObjectGraphType<CustomerValue>
{
    public CustomerValueType()
    {
        Name = "CustomerValue";
        Description = "A customer's forecasts, lifetime value, churn risk and segment at the last fit (BG/NBD + Gamma-Gamma, LightGBM churn).";
        Field<NonNullGraphType<IdGraphType>>("customerId").Description("The customer id.").Resolve(c => c.Source.Id);
        Field(v => v.AsOf).Description("Observation end of the fit (store time).");
        Field(v => v.ExpectedPurchases90Days).Description("Expected purchase days in the next 90 days.");
        Field(v => v.ExpectedPurchases365Days).Description("Expected purchase days in the next 365 days.");
        Field(v => v.ProbabilityAlive).Description("Probability the customer is still active (BG/NBD).");
        Field(v => v.LifetimeValue, nullable: true).Description("Discounted expected margin over the CLV horizon (merchant's discount rate and margin); null when spend could not be modelled.");
        Field(v => v.ChurnRisk).Description("Probability of no purchase in the next 90 days.");
        Field(v => v.ChurnRiskSource).Description("'lightgbm' (supervised model) or 'bgnbd' (BG/NBD probability of no purchase in 90 days, when the store is too small to train).");
        Field<NonNullGraphType<CustomerSegmentType>>("segment").Description("Value and risk segment.").Resolve(c => c.Source.Segment);
        Field(v => v.SegmentSince).Description("Observation end of the first fit that put the customer in this segment.");
        Field(v => v.RepeatPurchases).Description("Repeat purchase days so far.");
        Field(v => v.DaysSinceLastPurchase).Description("Days from the last purchase day to the observation end.");
        Field(v => v.TenureDays).Description("Days from the first purchase day to the observation end.");
        Field(v => v.MeanOrderValue).Description("Mean revenue of a purchase day.");
    }
}

/// <summary>GraphQL <c>ClvModel</c>.</summary>
public sealed class ClvModelType : ObjectGraphType<LifetimeModelFit>
{
    public ClvModelType()
    {
        Name = "ClvModel";
        Description = "The store's latest lifetime-model fit: BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, v) parameters, fit quality and both churn models' holdout AUC.";
        Field(f => f.R).Description("BG/NBD r: shape of the purchase-rate distribution.");
        Field(f => f.Alpha).Description("BG/NBD alpha: scale of the purchase-rate distribution (per unit).");
        Field(f => f.A).Description("BG/NBD a: drop-out Beta parameter.");
        Field(f => f.B).Description("BG/NBD b: drop-out Beta parameter.");
        Field(f => f.P, nullable: true).Description("Gamma-Gamma p: shape of spend per transaction.");
        Field(f => f.Q, nullable: true).Description("Gamma-Gamma q: shape of the customers' spend-rate distribution.");
        Field(f => f.V, nullable: true).Description("Gamma-Gamma v: scale of the customers' spend-rate distribution.");
        Field(f => f.Unit).Description("Time unit of alpha and of recency/age ('Weeks').");
        Field(f => f.FittedAt).Description("When the fit ran (wall clock).");
        Field(f => f.ObservationEnd).Description("Observation end (store time): latest event or the requested asOf.");
        Field(f => f.LogLikelihood).Description("BG/NBD log-likelihood at the optimum.");
        Field(f => f.SpendLogLikelihood, nullable: true).Description("Gamma-Gamma log-likelihood at the optimum.");
        Field(f => f.Converged).Description("True when the BG/NBD gradient vanished at the optimum.");
        Field(f => f.Customers).Description("Customers fitted.");
        Field(f => f.RepeatCustomers).Description("Customers with at least one repeat purchase day.");
        Field(f => f.SpendFrequencyCorrelation, nullable: true).Description("Correlation of frequency and spend among repeat customers (Gamma-Gamma assumes ~0).");
        Field(f => f.ProbabilityAliveAuc, nullable: true).Description("Holdout AUC of 1 − P(alive) as a churn score (features at end − 90 days, label: no purchase by the end).");
        Field(f => f.BgNbdChurnAuc, nullable: true).Description("Holdout AUC of the BG/NBD probability of no purchase in the next 90 days (the churn score used when LightGBM is not trained).");
        Field(f => f.ChurnModelAuc, nullable: true).Description("Holdout AUC of the LightGBM churn model on the same customers, trained on the window 90 days earlier; null when the store is too small.");
        Field(f => f.ChurnTrainingExamples).Description("Customers in the churn training window.");
        Field(f => f.ChurnHoldoutExamples).Description("Customers in the churn holdout window.");
        Field(f => f.ChurnModelStatus).Description("Which churn model scores customers, and why.");
        Field(f => f.Outcome).Description("One-line outcome of the fit.");
    }
}

/// <summary>The result of an on-demand fit.</summary>
public sealed record FitResultView(string Outcome, LifetimeModelFit? Model);

/// <summary>GraphQL <c>ClvFitResult</c>.</summary>
public sealed class ClvFitResultType : ObjectGraphType<FitResultView>
{
    public ClvFitResultType()
    {
        Name = "ClvFitResult";
        Description = "What an on-demand fit did.";
        Field(f => f.Outcome).Description("One-line outcome (also says when the store is too small).");
        Field<ClvModelType>("model").Description("The stored fit; null when nothing was fitted.").Resolve(c => c.Source.Model);
    }
}

/// <summary>GraphQL <c>LoyaltyTier</c>.</summary>
public sealed class LoyaltyTierType : ObjectGraphType<LoyaltyTier>
{
    public LoyaltyTierType()
    {
        Name = "LoyaltyTier";
        Description = "A tier of the points program.";
        Field(t => t.Name).Description("Tier name.");
        Field(t => t.Threshold).Description("Qualifying points needed.");
        Field(t => t.EarnMultiplier).Description("Multiplier on points earned for purchases.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("benefits").Description("What the tier gives.").Resolve(c => c.Source.Benefits);
    }
}

/// <summary>GraphQL <c>PointsEntry</c>.</summary>
public sealed class PointsEntryType : ObjectGraphType<LedgerEntry>
{
    public PointsEntryType()
    {
        Name = "PointsEntry";
        Description = "One entry of a points ledger.";
        Field(e => e.Version).Description("Position in the customer's ledger (1 = first).");
        Field(e => e.Kind).Description("EARNED, BONUS, REDEEMED, EXPIRED or REVERSED.");
        Field(e => e.Points).Description("Signed points: positive when added, negative when taken.");
        Field(e => e.Detail, nullable: true).Description("Order, campaign, reason or redemption reference.");
        Field(e => e.At).Description("When it happened.");
    }
}

/// <summary>GraphQL <c>RewardSuggestion</c>.</summary>
public sealed class RewardSuggestionType : ObjectGraphType<RewardSuggestion>
{
    public RewardSuggestionType()
    {
        Name = "RewardSuggestion";
        Description = "A reward the merchant could offer, sized by the customer's expected value.";
        Field(s => s.Kind).Description("WIN_BACK, TIER_NUDGE, VIP_PERK or REDEEM_REMINDER.");
        Field(s => s.Points).Description("Suggested points (0 for non-points perks).");
        Field(s => s.Reason).Description("Why, in the merchant's words.");
    }
}

/// <summary>A customer's points account as answered by <c>loyalty</c>.</summary>
public sealed record LoyaltyAccountView(string CustomerId, PointsLedger Ledger, LoyaltyProgram Program, CustomerValue? Value, bool ForAdmin, LoyaltyOptions Options);

/// <summary>GraphQL <c>LoyaltyAccount</c>.</summary>
public sealed class LoyaltyAccountType : ObjectGraphType<LoyaltyAccountView>
{
    public LoyaltyAccountType()
    {
        Name = "LoyaltyAccount";
        Description = "A customer's points: balance (always the sum of the ledger), tier and history.";
        Field<NonNullGraphType<IdGraphType>>("customerId").Description("The customer id.").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<IntGraphType>>("balance").Description("Spendable points.").Resolve(c => c.Source.Ledger.Balance);
        Field<NonNullGraphType<IntGraphType>>("qualifyingPoints").Description("Points counted towards tiers (earned and bonus less reversed; spending does not lower a tier).").Resolve(c => c.Source.Ledger.QualifyingPoints);
        Field<NonNullGraphType<LoyaltyTierType>>("tier").Description("Current tier.").Resolve(c => c.Source.Program.TierFor(c.Source.Ledger.QualifyingPoints));
        Field<LoyaltyTierType>("nextTier").Description("The next tier up; null at the top.").Resolve(c => c.Source.Program.NextTier(c.Source.Ledger.QualifyingPoints));
        Field<IntGraphType>("pointsToNextTier").Description("Qualifying points still needed for the next tier.")
            .Resolve(c => c.Source.Program.NextTier(c.Source.Ledger.QualifyingPoints) is { } next ? next.Threshold - c.Source.Ledger.QualifyingPoints : null);
        Field<DateTimeOffsetGraphType>("nextExpiryAt").Description("When the next points expire (store time).").Resolve(c => c.Source.Ledger.NextExpiryAt);
        Field<NonNullGraphType<IntGraphType>>("expiringPoints").Description("Points that expire at nextExpiryAt.")
            .Resolve(c => c.Source.Ledger.Lots.Where(l => l.ExpiresAt == c.Source.Ledger.NextExpiryAt && l.ExpiresAt is not null).Sum(l => l.Points));
        Field<NonNullGraphType<IntGraphType>>("earned").Description("Points earned for purchases and awards.").Resolve(c => c.Source.Ledger.Earned);
        Field<NonNullGraphType<IntGraphType>>("bonus").Description("Points from bonus campaigns.").Resolve(c => c.Source.Ledger.Bonus);
        Field<NonNullGraphType<IntGraphType>>("redeemed").Description("Points spent.").Resolve(c => c.Source.Ledger.Redeemed);
        Field<NonNullGraphType<IntGraphType>>("expired").Description("Points expired.").Resolve(c => c.Source.Ledger.Expired);
        Field<NonNullGraphType<IntGraphType>>("reversed").Description("Points taken back for returns.").Resolve(c => c.Source.Ledger.Reversed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PointsEntryType>>>>("history")
            .Description("Ledger entries, newest first (at most 100).")
            .Argument<IntGraphType>("first", "How many entries, 1-100 (default 20).")
            .ResolveAsync(async c => await c.Service<PointsBook>().HistoryAsync(c.StoreId(), c.Source.CustomerId, c.PageSize(), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RewardSuggestionType>>>>("suggestions")
            .Description("CLV-aware reward suggestions for the merchant (empty for non-admin callers).")
            .Resolve(c => c.Source.ForAdmin ? RewardSuggestions.For(c.Source.Ledger, c.Source.Program, c.Source.Value, c.Source.Options) : []);
    }
}

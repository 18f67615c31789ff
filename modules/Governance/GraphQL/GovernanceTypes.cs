using GraphQL.Types;
using RetailCommerce.Modules.Governance.Consent;
using RetailCommerce.Modules.Governance.Decisions;
using RetailCommerce.Modules.Governance.Fairness;
using RetailCommerce.Modules.Governance.Privacy;
using RetailCommerce.Modules.Governance.Settings;

namespace RetailCommerce.Modules.Governance.GraphQL;

/// <summary>Opt-in or opt-out.</summary>
public sealed class GovernanceConsentModeType : EnumerationGraphType<ConsentMode>
{
    public GovernanceConsentModeType()
    {
        Name = "GovernanceConsentMode";
        Description = "OPT_IN: withheld until the shopper grants it. OPT_OUT: granted until the shopper withdraws it.";
    }
}

/// <summary>A customer's consent across purposes.</summary>
public sealed class GovernanceConsentType : ObjectGraphType<CustomerConsentView>
{
    public GovernanceConsentType()
    {
        Name = "GovernanceConsent";
        Description = "A customer's consent for each purpose: the recorded choice, or the store default when they made none.";
        Field(x => x.CustomerId).Description("The customer id.");
        Field(x => x.Erased).Description("True when the customer was erased: every purpose then counts as withheld.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceConsentPurposeType>>>>("purposes").Description("One entry per purpose.").Resolve(c => c.Source.Purposes);
    }
}

/// <summary>One purpose for one customer.</summary>
public sealed class GovernanceConsentPurposeType : ObjectGraphType<ConsentState>
{
    public GovernanceConsentPurposeType()
    {
        Name = "GovernanceConsentPurpose";
        Description = "Where one purpose stands for a customer.";
        Field<NonNullGraphType<StringGraphType>>("purpose").Description("personalization, marketing, analytics or ai_assistant.").Resolve(c => ConsentPurposes.NameOf(c.Source.Purpose));
        Field(x => x.Granted).Description("Whether the purpose is granted now.");
        Field(x => x.Explicit).Description("True when the customer chose; false when the store default applies.");
        Field(x => x.PolicyVersion, nullable: true).Description("The policy version of the recorded choice.");
        Field(x => x.DecidedAt, nullable: true).Description("When the choice was recorded.");
        Field(x => x.Source, nullable: true).Description("storefront (the shopper) or admin.");
        Field<NonNullGraphType<GovernanceConsentModeType>>("defaultMode").Description("The store default for this customer's country.").Resolve(c => c.Source.DefaultMode);
    }
}

/// <summary>What an erasure did.</summary>
public sealed class ErasureReportType : ObjectGraphType<ErasureReport>
{
    public ErasureReportType()
    {
        Name = "ErasureReport";
        Description = "What an erasure removed or anonymized. Carries no personal data: the subject is a keyed hash.";
        Field(x => x.SubjectHash).Description("HMAC-SHA256 of the customer id under the store's erasure key (the erasure record's id).");
        Field(x => x.ErasedAt).Description("When the erasure started.");
        Field(x => x.CustomerRecordDeleted).Description("The customer record (e-mail, name, country) was deleted.");
        Field(x => x.StreamsAnonymized).Description("Shopper streams re-keyed to anonymous sessions.");
        Field(x => x.EventsAnonymized).Description("Events kept for aggregates, stripped of identifiers and typed text.");
        Field(x => x.EventsDeleted).Description("Events deleted (session links, module streams).");
        Field(x => x.ModuleStreamsDeleted).Description("Module streams keyed by the customer (consent, points ledgers) deleted.");
        Field(x => x.DocumentsDeleted).Description("Documents keyed by or about the customer deleted.");
        Field(x => x.DocumentsAnonymized).Description("Documents that mentioned the customer, now with a random pseudonym.");
        Field(x => x.OtherEventsAnonymized).Description("Events of other streams that mentioned the customer, re-written.");
        Field(x => x.FreeTextsErased).Description("Texts the customer typed (and nobody else) blanked out of aggregates.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceErasureHolderType>>>>("holders").Description("What each module's data holder did.").Resolve(c => c.Source.Holders);
        Field(x => x.Verified).Description("True when a closing scan of every table found none of the customer's identifiers, e-mail, name or texts.");
        Field(x => x.Remaining).Description("Tables where the closing scan still matched (empty when verified).");
        Field(x => x.ElapsedMs).Description("Milliseconds the erasure took.");
    }
}

/// <summary>Open or completed.</summary>
public sealed class GovernanceErasureRequestStatusType : EnumerationGraphType<ErasureRequestStatus>
{
    public GovernanceErasureRequestStatusType()
    {
        Name = "GovernanceErasureRequestStatus";
        Description = "OPEN: received, not yet acted on. COMPLETED: the customer was erased.";
    }
}

/// <summary>A shopper's request to be erased.</summary>
public sealed class GovernanceErasureRequestType : ObjectGraphType<ErasureRequestView>
{
    public GovernanceErasureRequestType()
    {
        Name = "GovernanceErasureRequest";
        Description = "A request to erase everything the store holds about a customer, and what became of it. After the erasure the request stays as the store's proof of having acted, but names a random pseudonym instead of the customer and no longer holds the note.";
        Field<NonNullGraphType<StringGraphType>>("id").Description("The request id (er-…).").Resolve(c => c.Source.Request.RequestId);
        Field<NonNullGraphType<StringGraphType>>("customerId").Description("The customer; after the erasure, a random pseudonym.").Resolve(c => c.Source.Request.CustomerId);
        Field<StringGraphType>("note").Description("The customer's message to the merchant, if any (\"[erased]\" after the erasure).").Resolve(c => c.Source.Request.Note);
        Field<NonNullGraphType<StringGraphType>>("source").Description("Who filed it: storefront (the customer) or admin (on their behalf).").Resolve(c => c.Source.Request.Source);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("requestedAt").Description("When it was filed.").Resolve(c => c.Source.Request.RequestedAt);
        Field<NonNullGraphType<GovernanceErasureRequestStatusType>>("status").Description("Open or completed.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("dueAt").Description("When the store's statutory deadline (governanceSettings.erasureDeadlineDays after requestedAt) runs out.").Resolve(c => c.Source.DueAt);
        Field<NonNullGraphType<BooleanGraphType>>("overdue").Description("True when the request is still open after its deadline.").Resolve(c => c.Source.Overdue);
        Field<DateTimeOffsetGraphType>("completedAt").Description("When the erasure completed it.").Resolve(c => c.Source.Request.CompletedAt);
        Field<StringGraphType>("erasureId").Description("The erasure report that answered it (ErasureReport.subjectHash, the erasure record's id).").Resolve(c => c.Source.Request.ErasureId);
        Field<DateTimeOffsetGraphType>("erasedAt").Description("When that erasure started (ErasureReport.erasedAt).").Resolve(c => c.Source.Request.ErasedAt);
        Field<BooleanGraphType>("erasureVerified").Description("Whether that erasure's closing scan found nothing left (ErasureReport.verified).").Resolve(c => c.Source.Request.ErasureVerified);
    }
}

/// <summary>One data holder's part of an erasure.</summary>
public sealed class GovernanceErasureHolderType : ObjectGraphType<ErasureHolderResult>
{
    public GovernanceErasureHolderType()
    {
        Name = "GovernanceErasureHolder";
        Description = "What one module's data holder removed or anonymized.";
        Field(x => x.Name).Description("The holder.");
        Field(x => x.Deleted).Description("Items deleted.");
        Field(x => x.Anonymized).Description("Items anonymized.");
        Field(x => x.Note, nullable: true).Description("Remarks.");
    }
}

/// <summary>A logged AI decision.</summary>
public sealed class GovernanceDecisionType : ObjectGraphType<AiDecisionRecord>
{
    public GovernanceDecisionType()
    {
        Name = "GovernanceDecision";
        Description = "An AI decision recorded by a module, with the inputs that mattered, the model and a plain-language explanation.";
        Field(x => x.Id).Description("The decision id.");
        Field(x => x.ModuleId).Description("The deciding module.");
        Field(x => x.Kind).Description("What kind of decision (price-change, recommendations-served, …).");
        Field(x => x.CustomerId, nullable: true).Description("The customer it concerns.");
        Field(x => x.SessionId, nullable: true).Description("The anonymous session it concerns.");
        Field(x => x.ProductId, nullable: true).Description("The product it concerns.");
        Field(x => x.Model, nullable: true).Description("Model name and version.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceDecisionInputType>>>>("inputs").Description("The inputs that mattered.")
            .Resolve(c => c.Source.Inputs.Select(kv => new DecisionInput(kv.Key, kv.Value)).ToList());
        Field(x => x.Explanation).Description("What was decided, in plain language.");
        Field(x => x.At).Description("When it was decided.");
        Field<NonNullGraphType<StringGraphType>>("narrative").Description("The explanation with model and inputs, as one readable paragraph.")
            .Resolve(c => Narrative(c.Source));
    }

    /// <summary>A paragraph a merchant or shopper can read.</summary>
    public static string Narrative(AiDecisionRecord d) =>
        $"{d.Explanation} (decided by the {d.ModuleId} module{(d.Model is null ? "" : $" with model {d.Model}")} at {d.At:yyyy-MM-dd HH:mm} UTC"
        + (d.Inputs.Count == 0 ? ")." : $"; it considered {string.Join(", ", d.Inputs.Select(kv => $"{kv.Key} = {kv.Value}"))}).");
}

/// <summary>A name/value input.</summary>
public sealed record DecisionInput(string Name, string Value);

public sealed class GovernanceDecisionInputType : ObjectGraphType<DecisionInput>
{
    public GovernanceDecisionInputType()
    {
        Name = "GovernanceDecisionInput";
        Description = "One input of a decision.";
        Field(x => x.Name).Description("Input name.");
        Field(x => x.Value).Description("Input value.");
    }
}

/// <summary>The storefront's AI disclosure.</summary>
public sealed record AiDisclosureView(string Summary, IReadOnlyList<DisclosureSection> Sections, DateTimeOffset? UpdatedAt, IReadOnlyList<AiFeatureView> Features);

/// <summary>An enabled module, as listed in the disclosure.</summary>
public sealed record AiFeatureView(string Module, string Name, string Description);

public sealed class GovernanceAiDisclosureType : ObjectGraphType<AiDisclosureView>
{
    public GovernanceAiDisclosureType()
    {
        Name = "GovernanceAiDisclosure";
        Description = "The store's texts on how AI is used, for the storefront to show.";
        Field(x => x.Summary).Description("Short statement.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceDisclosureSectionType>>>>("sections").Description("Details per topic.").Resolve(c => c.Source.Sections);
        Field(x => x.UpdatedAt, nullable: true).Description("When the merchant last changed the texts.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceAiFeatureType>>>>("features").Description("The modules enabled in this store.").Resolve(c => c.Source.Features);
    }
}

public sealed class GovernanceDisclosureSectionType : ObjectGraphType<DisclosureSection>
{
    public GovernanceDisclosureSectionType()
    {
        Name = "GovernanceDisclosureSection";
        Description = "One topic of the AI disclosure.";
        Field(x => x.Topic).Description("Topic, e.g. Recommendations.");
        Field(x => x.Text).Description("Text.");
    }
}

public sealed class GovernanceAiFeatureType : ObjectGraphType<AiFeatureView>
{
    public GovernanceAiFeatureType()
    {
        Name = "GovernanceAiFeature";
        Description = "A module enabled in the store.";
        Field(x => x.Module).Description("Module id.");
        Field(x => x.Name).Description("Module name.");
        Field(x => x.Description).Description("What it does.");
    }
}

/// <summary>Input for a disclosure section.</summary>
public sealed class GovernanceDisclosureSectionInputType : InputObjectGraphType<DisclosureSection>
{
    public GovernanceDisclosureSectionInputType()
    {
        Name = "GovernanceDisclosureSectionInput";
        Description = "One topic of the AI disclosure.";
        Field(x => x.Topic).Description("Topic (at most 100 characters).");
        Field(x => x.Text).Description("Text (at most 4000 characters).");
    }
}

/// <summary>Settings view.</summary>
public sealed record GovernanceSettingsView(GovernanceSettings Settings);

/// <summary>A purpose and mode.</summary>
public sealed record PurposeModeView(string Purpose, ConsentMode Mode);

/// <summary>A retention period.</summary>
public sealed record RetentionView(string Kind, int? Days, string Effect);

public sealed class GovernanceSettingsType : ObjectGraphType<GovernanceSettingsView>
{
    public GovernanceSettingsType()
    {
        Name = "GovernanceSettings";
        Description = "A store's governance settings.";
        Field<NonNullGraphType<StringGraphType>>("policyVersion").Description("The consent policy version the storefront shows.").Resolve(c => c.Source.Settings.PolicyVersion);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernancePurposeModeType>>>>("consentDefaults").Description("Store default per purpose.")
            .Resolve(c => ConsentPurposes.All.Select(p => new PurposeModeView(ConsentPurposes.NameOf(p), c.Source.Settings.ModeFor(ConsentPurposes.NameOf(p), null))).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceConsentRegionType>>>>("regions").Description("Regional overrides.").Resolve(c => c.Source.Settings.Regions);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceRetentionType>>>>("retention").Description("Retention per data kind.")
            .Resolve(c => Retention.RetentionKinds.All.Select(k => new RetentionView(k.Key, c.Source.Settings.RetentionDays.TryGetValue(k.Key, out var d) && d > 0 ? d : null, k.Value)).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("protectedAttributes").Description("Input names the fairness report flags.").Resolve(c => c.Source.Settings.ProtectedAttributes);
        Field<NonNullGraphType<IntGraphType>>("erasureDeadlineDays").Description("Days the store has to act on an erasure request before it is flagged overdue.").Resolve(c => c.Source.Settings.ErasureDeadlineDays);
    }
}

public sealed class GovernancePurposeModeType : ObjectGraphType<PurposeModeView>
{
    public GovernancePurposeModeType()
    {
        Name = "GovernancePurposeMode";
        Description = "A purpose's default mode.";
        Field(x => x.Purpose).Description("Purpose name.");
        Field<NonNullGraphType<GovernanceConsentModeType>>("mode").Description("Default mode.").Resolve(c => c.Source.Mode);
    }
}

public sealed class GovernanceConsentRegionType : ObjectGraphType<ConsentRegion>
{
    public GovernanceConsentRegionType()
    {
        Name = "GovernanceConsentRegion";
        Description = "Default modes for customers from some countries.";
        Field(x => x.Name).Description("Region name.");
        Field(x => x.Countries).Description("ISO country codes.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernancePurposeModeType>>>>("modes").Description("Modes overriding the store default.")
            .Resolve(c => c.Source.Modes.Select(kv => new PurposeModeView(kv.Key, kv.Value)).ToList());
    }
}

public sealed class GovernanceRetentionType : ObjectGraphType<RetentionView>
{
    public GovernanceRetentionType()
    {
        Name = "GovernanceRetention";
        Description = "A retention period.";
        Field(x => x.Kind).Description("events, search_text or decisions.");
        Field(x => x.Days, nullable: true).Description("Days kept (store clock); null = kept until erased.");
        Field(x => x.Effect).Description("What the retention job does with older data.");
    }
}

public sealed class GovernanceFairnessReportType : ObjectGraphType<FairnessReport>
{
    public GovernanceFairnessReportType()
    {
        Name = "GovernanceFairnessReport";
        Description = "Fairness checks over the decision log for a period.";
        Field(x => x.From).Description("Start.");
        Field(x => x.To).Description("End.");
        Field(x => x.DecisionsRead).Description("Decisions read.");
        Field(x => x.PriceDecisions).Description("Decisions carrying a basePrice input.");
        Field(x => x.PricedProductHours).Description("Product-hours with priced decisions.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernancePriceInconsistencyType>>>>("priceInconsistencies").Description("Product-hours where customers got different base prices (first 100).").Resolve(c => c.Source.PriceInconsistencies);
        Field(x => x.RecommendationLists).Description("Recommendation lists logged.");
        Field(x => x.Exposures).Description("Product impressions in those lists.");
        Field(x => x.CatalogCoverage).Description("Share of catalog products shown at least once.");
        Field(x => x.BrandCoverage).Description("Share of brands shown at least once.");
        Field(x => x.ExposureGini).Description("Gini coefficient of impressions over the catalog (0 even, 1 all on one product).");
        Field(x => x.TopTenShare).Description("Share of impressions going to the ten most shown products.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceProtectedAttributeUseType>>>>("protectedAttributes").Description("Protected attributes found among decision inputs.").Resolve(c => c.Source.ProtectedAttributes);
        Field(x => x.CheckedAttributes).Description("The attributes checked.");
    }
}

public sealed class GovernancePriceInconsistencyType : ObjectGraphType<PriceInconsistency>
{
    public GovernancePriceInconsistencyType()
    {
        Name = "GovernancePriceInconsistency";
        Description = "Different base prices for one product within one hour.";
        Field(x => x.ProductId).Description("Product.");
        Field(x => x.Hour).Description("Hour (UTC).");
        Field(x => x.BasePrices).Description("Distinct base prices.");
        Field(x => x.Customers).Description("Shoppers involved.");
    }
}

public sealed class GovernanceProtectedAttributeUseType : ObjectGraphType<ProtectedAttributeUse>
{
    public GovernanceProtectedAttributeUseType()
    {
        Name = "GovernanceProtectedAttributeUse";
        Description = "A protected attribute among a module's decision inputs.";
        Field(x => x.Attribute).Description("Attribute.");
        Field(x => x.ModuleId).Description("Module.");
        Field(x => x.Decisions).Description("Decisions using it.");
    }
}

public sealed class GovernanceDpiaType : ObjectGraphType<DpiaSummary>
{
    public GovernanceDpiaType()
    {
        Name = "GovernanceDpia";
        Description = "A DPIA-style summary: enabled modules, data used, purposes and retention.";
        Field(x => x.StoreId).Description("Store.");
        Field(x => x.GeneratedAt).Description("When generated.");
        Field<NonNullGraphType<StringGraphType>>("markdown").Description("The summary as Markdown.").Resolve(c => c.Source.ToMarkdown());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GovernanceDpiaModuleType>>>>("modules").Description("Enabled modules.").Resolve(c => c.Source.Modules);
    }
}

public sealed class GovernanceDpiaModuleType : ObjectGraphType<DpiaModule>
{
    public GovernanceDpiaModuleType()
    {
        Name = "GovernanceDpiaModule";
        Description = "One enabled module in the DPIA summary.";
        Field(x => x.Id).Description("Module id.");
        Field(x => x.Name).Description("Name.");
        Field(x => x.Category).Description("Category.");
        Field(x => x.Purposes).Description("Consent purposes it is subject to.");
        Field(x => x.DataKept).Description("Document types it keeps.");
    }
}

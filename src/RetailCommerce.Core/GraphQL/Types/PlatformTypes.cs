using GraphQL.Types;
using RetailCommerce.Customers;
using RetailCommerce.Jobs;
using RetailCommerce.Stores;
using RetailCommerce.Tracking;

namespace RetailCommerce.GraphQL.Types;

/// <summary>A module as seen by one store.</summary>
public sealed record ModuleView(string Id, string Name, string Description, string Category, IReadOnlyList<string> Dependencies, bool Enabled);

/// <summary>GraphQL <c>Module</c>.</summary>
public sealed class ModuleType : ObjectGraphType<ModuleView>
{
    public ModuleType()
    {
        Name = "Module";
        Description = "A feature module and whether the current store has it enabled.";
        Field(m => m.Id).Description("Module id used by enableModule/disableModule.");
        Field(m => m.Name).Description("Display name.");
        Field(m => m.Description).Description("What the module does for the shop.");
        Field(m => m.Category).Description("Admin grouping.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("dependencies").Description("Modules this one needs.").Resolve(c => c.Source.Dependencies);
        Field(m => m.Enabled).Description("Enabled for the current store.");
    }
}

/// <summary>A store with its storefront key, returned once at creation.</summary>
public sealed record StoreView(string Id, string Name, string Currency, DateTimeOffset CreatedAt, string? StorefrontKey);

/// <summary>GraphQL <c>Store</c>.</summary>
public sealed class StoreType : ObjectGraphType<StoreView>
{
    public StoreType()
    {
        Name = "Store";
        Description = "A merchant's store.";
        Field(s => s.Id).Description("Store id (send as X-Store on admin calls).");
        Field(s => s.Name).Description("Display name.");
        Field(s => s.Currency).Description("Default currency.");
        Field(s => s.CreatedAt).Description("When the store was created.");
        Field(s => s.StorefrontKey, nullable: true).Description("The storefront key (X-Store-Key); only returned when the store is created.");
    }
}


/// <summary>GraphQL <c>StoreStats</c>.</summary>
public sealed class StoreStatsType : ObjectGraphType<StoreStats>
{
    public StoreStatsType()
    {
        Name = "StoreStats";
        Description = "What the store holds, counted in PostgreSQL.";
        Field(s => s.Products).Description("Products in the catalog.");
        Field(s => s.Customers).Description("Customers imported.");
        Field(s => s.Events).Description("Shopper events stored (each idempotency key once).");
        Field(s => s.LatestEventAt, nullable: true).Description("Time of the latest event (the store's own clock; projected asynchronously).");
    }
}

/// <summary>GraphQL <c>CustomerInput</c>.</summary>
public sealed class CustomerInputType : InputObjectGraphType<CustomerInput>
{
    public CustomerInputType()
    {
        Name = "CustomerInput";
        Description = "A customer to create or update (upsert by id). Personal data: Governance can export and erase it.";
        Field(c => c.Id, nullable: true, type: typeof(IdGraphType)).Description("Required. The merchant's customer id.");
        Field(c => c.Email, nullable: true).Description("E-mail address.");
        Field(c => c.Name, nullable: true).Description("Full name.");
        Field(c => c.Country, nullable: true).Description("ISO 3166-1 alpha-2 country code.");
        Field(c => c.CreatedAt, nullable: true).Description("When the customer signed up; not in the future.");
    }
}

/// <summary>A job as seen by one store.</summary>
public sealed record JobView(string Id, string? Module, string Schedule, string Description, DateTimeOffset? LastRunAt, string? LastOutcome);

/// <summary>GraphQL <c>Job</c>.</summary>
public sealed class JobType : ObjectGraphType<JobView>
{
    public JobType()
    {
        Name = "Job";
        Description = "A scheduled job (retraining, indexing, repricing, retention) and its last run in this store.";
        Field(j => j.Id).Description("Job id for runJob.");
        Field(j => j.Module, nullable: true).Description("Owning module; null for platform jobs.");
        Field(j => j.Schedule).Description("Quartz cron schedule.");
        Field(j => j.Description).Description("What the job does.");
        Field(j => j.LastRunAt, nullable: true).Description("When it last started in this store.");
        Field(j => j.LastOutcome, nullable: true).Description("'succeeded: …' or 'failed: …'.");
    }
}

/// <summary>GraphQL <c>JobRun</c>.</summary>
public sealed class JobRunType : ObjectGraphType<JobRun>
{
    public JobRunType()
    {
        Name = "JobRun";
        Description = "A finished run of a job.";
        Field(r => r.JobId).Description("The job.");
        Field(r => r.StartedAt).Description("Start time.");
        Field(r => r.FinishedAt).Description("End time.");
        Field(r => r.Succeeded).Description("True when the job finished without error.");
        Field(r => r.Outcome).Description("'succeeded: …' or 'failed: …'.");
    }
}

/// <summary>GraphQL <c>EventInput</c>.</summary>
public sealed class EventInputType : InputObjectGraphType<EventInput>
{
    public EventInputType()
    {
        Name = "EventInput";
        Description = "A shopper interaction. Replaying the same id stores nothing twice.";
        Field(e => e.Id, nullable: true, type: typeof(IdGraphType)).Description("Required idempotency key.");
        Field(e => e.Type, nullable: true).Description("VIEW, SEARCH, CLICK, ADD_TO_CART, REMOVE_FROM_CART, CHECKOUT, PURCHASE or RETURN.");
        Field(e => e.CustomerId, nullable: true, type: typeof(IdGraphType)).Description("The signed-in customer; customerId or sessionId is required.");
        Field(e => e.SessionId, nullable: true, type: typeof(IdGraphType)).Description("The browsing session.");
        Field(e => e.ProductId, nullable: true, type: typeof(IdGraphType)).Description("Required for product events; must be a product of the store.");
        Field(e => e.OrderId, nullable: true, type: typeof(IdGraphType)).Description("Required for PURCHASE and RETURN; lines of one order share it.");
        Field(e => e.Quantity, nullable: true).Description("Units (default 1); greater than 0 for cart, purchase and return events.");
        Field(e => e.Price, nullable: true).Description("Unit price; not negative.");
        Field(e => e.Query, nullable: true).Description("Search text, required for SEARCH.");
        Field(e => e.RecommendationId, nullable: true, type: typeof(IdGraphType)).Description("The recommendationId or searchId the interaction came from.");
        Field(e => e.Context, nullable: true, type: typeof(EventContextInputType)).Description("Device, referrer and country.");
        Field(e => e.OccurredAt, nullable: true).Description("When it happened; now when omitted; not in the future.");
    }
}

/// <summary>GraphQL <c>EventContextInput</c>.</summary>
public sealed class EventContextInputType : InputObjectGraphType<EventContextInput>
{
    public EventContextInputType()
    {
        Name = "EventContextInput";
        Description = "Where and how an interaction happened.";
        Field(c => c.Device, nullable: true).Description("desktop, mobile, tablet, kiosk, …");
        Field(c => c.Referrer, nullable: true).Description("Referring URL or channel.");
        Field(c => c.Country, nullable: true).Description("ISO 3166-1 alpha-2 country code.");
    }
}

/// <summary>GraphQL <c>TrackResult</c>.</summary>
public sealed class TrackResultType : ObjectGraphType<TrackResult>
{
    public TrackResultType()
    {
        Name = "TrackResult";
        Description = "Outcome of trackEvents.";
        Field(r => r.Accepted).Description("Events stored now.");
        Field(r => r.Duplicates).Description("Events whose id was already stored (nothing stored again).");
        Field(r => r.Rejected).Description("Invalid events.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportErrorType>>>>("errors").Description("Why each rejected event was rejected.").Resolve(c => c.Source.Errors);
    }
}

/// <summary>A customer sign-in token and when it expires.</summary>
public sealed record CustomerTokenView(string Token, DateTimeOffset ExpiresAt);

/// <summary>GraphQL <c>CustomerToken</c>.</summary>
public sealed class CustomerTokenType : ObjectGraphType<CustomerTokenView>
{
    public CustomerTokenType()
    {
        Name = "CustomerToken";
        Description = "A customer sign-in token for the storefront's X-Customer-Token header.";
        Field(x => x.Token).Description("The token (opaque; send it as X-Customer-Token).");
        Field(x => x.ExpiresAt, type: typeof(NonNullGraphType<DateTimeOffsetGraphType>)).Description("When it stops working.");
    }
}

/// <summary>GraphQL <c>Customer</c>: a customer record of the store (personal data).</summary>
public sealed class CustomerType : ObjectGraphType<RetailCommerce.Customers.Customer>
{
    public CustomerType()
    {
        Name = "Customer";
        Description = "A customer of the store. Email and name are personal data.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("The merchant's customer id.");
        Field(x => x.Email, nullable: true).Description("E-mail address.");
        Field(x => x.Name, nullable: true).Description("Full name.");
        Field(x => x.Country, nullable: true).Description("ISO 3166-1 alpha-2 country code.");
        Field(x => x.CreatedAt, type: typeof(NonNullGraphType<DateTimeOffsetGraphType>)).Description("When the customer signed up.");
    }
}

using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Admin;
using RetailCommerce.GraphQL;
using RetailCommerce.Jobs;

namespace RetailCommerce.Modules;

/// <summary>
/// A module's start-up hooks. The host finds every non-abstract subclass in a module's assembly and calls
/// each hook once at start, whatever stores have the module enabled: per-store enablement is checked on
/// each request (GraphQL fields answer <c>MODULE_DISABLED</c>, jobs skip the store).
/// </summary>
public abstract class ModuleStartup
{
    /// <summary>The module this startup belongs to; set by the host before any hook runs.</summary>
    public string ModuleId { get; internal set; } = "";

    /// <summary>Register the module's services.</summary>
    public virtual void ConfigureServices(IServiceCollection services, IConfiguration configuration) { }

    /// <summary>Register the module's documents, events and projections with Marten.</summary>
    public virtual void ConfigureMarten(StoreOptions options) { }

    /// <summary>Add the module's root GraphQL fields and types.</summary>
    public virtual void ConfigureGraphQL(ModuleGraph graph) { }

    /// <summary>Declare the module's scheduled jobs (retraining, indexing, repricing, retention).</summary>
    public virtual void ConfigureJobs(ModuleJobs jobs) { }

    /// <summary>Contribute admin pages, a settings page and dashboard cards (Razor Pages and view components in the module's assembly).</summary>
    public virtual void ConfigureAdmin(ModuleAdmin admin) { }

    /// <summary>Map extra HTTP endpoints (webhooks, streaming endpoints, downloads).</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder endpoints) { }
}

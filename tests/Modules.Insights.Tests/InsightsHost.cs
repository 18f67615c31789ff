using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RetailCommerce.Hosting;
using RetailCommerce.Modules;

namespace RetailCommerce.Modules.Insights.Tests;

/// <summary>
/// The real platform host with the Insights module only, in memory (TestServer), on its own private
/// PostgreSQL cluster in a fresh data folder — the same start-up path as <c>dotnet run</c>, minus the other modules.
/// </summary>
public sealed class InsightsHost : IAsyncLifetime
{
    public const string AdminToken = "insights-admin-token";

    private WebApplication? _app;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "retail-insights-tests-" + Guid.NewGuid().ToString("N"));

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retail:DataDir"] = DataDir,
            ["Retail:Bootstrap:AdminToken"] = AdminToken,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddRetailCommerce(new ModuleCatalog([ModuleCatalog.Describe(typeof(Startup).Assembly)!]));
        _app = builder.Build();
        _app.UseRetailCommerce();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try { Directory.Delete(DataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A client calling as the admin, acting on a store.</summary>
    public GraphQLClient Admin(string? store = null)
    {
        var http = _app!.GetTestClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        if (store is not null) http.DefaultRequestHeaders.Add("X-Store", store);
        return new GraphQLClient(http);
    }

    /// <summary>A client calling with a storefront key.</summary>
    public GraphQLClient Storefront(string key)
    {
        var http = _app!.GetTestClient();
        http.DefaultRequestHeaders.Add("X-Store-Key", key);
        return new GraphQLClient(http);
    }

    /// <summary>A client with no credentials.</summary>
    public GraphQLClient Anonymous() => new(_app!.GetTestClient());

    /// <summary>Creates a store with a unique id, Insights enabled, and returns its id and storefront key.</summary>
    public async Task<(string Id, string Key)> NewStore(string prefix = "s", bool enableInsights = true)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var data = await Admin().Data("mutation($id:String!){createStore(id:$id,name:\"Test\"){id storefrontKey}}", new { id });
        if (enableInsights) await Admin(id).Data("""mutation { enableModule(id: "insights") { enabled } }""");
        return (id, data["createStore"]!["storefrontKey"]!.GetValue<string>());
    }
}

/// <summary>Posts GraphQL requests and returns the parsed response.</summary>
public sealed class GraphQLClient(HttpClient http)
{
    public async Task<GraphQLResponse> Send(string query, object? variables = null)
    {
        var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return new GraphQLResponse((int)response.StatusCode, JsonNode.Parse(body)!.AsObject(), body);
    }

    /// <summary>Sends and fails the test on any GraphQL error.</summary>
    public async Task<JsonNode> Data(string query, object? variables = null)
    {
        var r = await Send(query, variables);
        Assert.True(r.Errors.Count == 0, "GraphQL errors: " + r.Body);
        return r.Json["data"]!;
    }
}

/// <summary>A GraphQL response.</summary>
public sealed record GraphQLResponse(int Status, JsonObject Json, string Body)
{
    public JsonArray Errors => Json["errors"]?.AsArray() ?? [];

    /// <summary>The extensions.code of the first error.</summary>
    public string? Code => Errors.Count > 0 ? Errors[0]!["extensions"]?["code"]?.GetValue<string>() : null;

    /// <summary>The extensions.field of the first error.</summary>
    public string? Field => Errors.Count > 0 ? Errors[0]!["extensions"]?["field"]?.GetValue<string>() : null;
}

[CollectionDefinition(Name)]
public sealed class InsightsHostCollection : ICollectionFixture<InsightsHost>
{
    public const string Name = "insights-host";
}

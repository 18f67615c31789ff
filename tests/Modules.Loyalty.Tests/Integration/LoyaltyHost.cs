using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Hosting;
using RetailCommerce.Modules;
using RetailCommerce.Modules.Loyalty.Value;

namespace RetailCommerce.Modules.Loyalty.Tests.Integration;

/// <summary>
/// The real host (AddRetailCommerce/UseRetailCommerce, the same two calls as Program) with only the Loyalty module
/// installed, on its own private PostgreSQL cluster, served in memory by TestServer. Other modules in the tree are
/// left out so these tests depend on nothing but the core and this module.
/// </summary>
public sealed class LoyaltyHost : IAsyncLifetime
{
    public const string AdminToken = "loyalty-test-admin";
    public const string WebhookUrl = "http://hooks.test/at-risk";

    private WebApplication? _app;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "retail-loyalty-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Every request the at-risk webhook sent.</summary>
    public RecordingHandler Webhook { get; } = new();

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retail:DataDir"] = DataDir,
            ["Retail:Bootstrap:AdminToken"] = AdminToken,
            ["Retail:Loyalty:WebhookUrl"] = WebhookUrl,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddRetailCommerce(new ModuleCatalog([ModuleCatalog.Describe(typeof(Startup).Assembly)!]));
        builder.Services.AddHttpClient(AtRiskWebhook.ClientName).ConfigurePrimaryHttpMessageHandler(() => Webhook);
        _app = builder.Build();
        _app.UseRetailCommerce();
        await _app.StartAsync();
        using var client = _app.GetTestClient();
        for (var i = 0; i < 120; i++)
        {
            if ((await client.GetAsync("/health")).IsSuccessStatusCode) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("host did not become healthy");
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

    public GraphQLClient Admin(string store)
    {
        var http = _app!.GetTestClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        http.DefaultRequestHeaders.Add("X-Store", store);
        return new GraphQLClient(http);
    }

    /// <summary>A storefront client; with <paramref name="customerToken"/> it calls as that signed-in customer.</summary>
    public GraphQLClient Storefront(string key, string? customerToken = null)
    {
        var http = _app!.GetTestClient();
        http.DefaultRequestHeaders.Add("X-Store-Key", key);
        if (customerToken is not null) http.DefaultRequestHeaders.Add("X-Customer-Token", customerToken);
        return new GraphQLClient(http);
    }

    /// <summary>A new store; with <paramref name="enableLoyalty"/> the module is enabled for it.</summary>
    public async Task<(string Id, string Key)> NewStore(bool enableLoyalty = true)
    {
        var id = $"l-{Guid.NewGuid():N}"[..20];
        var http = _app!.GetTestClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        var data = await new GraphQLClient(http).Data("mutation($id:String!){createStore(id:$id,name:\"Test\"){id storefrontKey}}", new { id });
        if (enableLoyalty) await Admin(id).Data("mutation{enableModule(id:\"loyalty\"){id enabled}}");
        return (id, data["createStore"]!["storefrontKey"]!.GetValue<string>());
    }
}

/// <summary>Answers 200 to every request and keeps its body.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    public ConcurrentQueue<(Uri? Url, JsonNode Body)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(ct);
        Requests.Enqueue((request.RequestUri, JsonNode.Parse(body)!));
        return new HttpResponseMessage(HttpStatusCode.OK);
    }

    protected override void Dispose(bool disposing) { } // shared across handler rotations
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

public sealed record GraphQLResponse(int Status, JsonObject Json, string Body)
{
    public JsonArray Errors => Json["errors"]?.AsArray() ?? [];
    public string? Code => Errors.Count > 0 ? Errors[0]!["extensions"]?["code"]?.GetValue<string>() : null;
    public string? Field => Errors.Count > 0 ? Errors[0]!["extensions"]?["field"]?.GetValue<string>() : null;
    public string? Message => Errors.Count > 0 ? Errors[0]!["message"]?.GetValue<string>() : null;
}

[CollectionDefinition(Name)]
public sealed class LoyaltyHostCollection : ICollectionFixture<LoyaltyHost>
{
    public const string Name = "loyalty-host";
}

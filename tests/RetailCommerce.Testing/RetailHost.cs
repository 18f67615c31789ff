using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace RetailCommerce.Testing;

/// <summary>
/// The real host (Program) on its own private PostgreSQL cluster in a fresh data folder, the same way
/// `dotnet run` starts it. Disposing it stops the host and the cluster; the folder is kept for restarts.
/// </summary>
public sealed class RetailHost : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token";
    public const string DemoKey = "demo-storefront-key";

    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="dataDir">The data folder (a new temporary one by default; pass an old one to restart on it).</param>
    /// <param name="settings">Extra settings, e.g. <c>["Retail:Admin:MaxFailedSignIns"] = "3"</c>.</param>
    /// <param name="kestrel">Serve on a real loopback port (for browsers) instead of the in-memory test server.</param>
    public RetailHost(string? dataDir = null, IReadOnlyDictionary<string, string>? settings = null, bool kestrel = false)
    {
        DataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "retail-tests-" + Guid.NewGuid().ToString("N"));
        _settings = settings ?? new Dictionary<string, string>();
        if (kestrel) UseKestrel(0);
    }

    public string DataDir { get; }

    /// <summary>The real address when started with Kestrel (e.g. http://127.0.0.1:41234).</summary>
    public string Address
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Retail:DataDir", DataDir);
        builder.UseSetting("Retail:Bootstrap:AdminToken", AdminToken);
        builder.UseSetting("Retail:Bootstrap:DemoStore", "true");
        builder.UseSetting("Retail:Api:MaxRequestBytes", "262144");
        builder.UseSetting("Retail:Bootstrap:DemoData", "false"); // the full demo store is 300k events; tests load what they need
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>A client calling as the admin, acting on a store.</summary>
    public GraphQLClient Admin(string store = "demo")
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        http.DefaultRequestHeaders.Add("X-Store", store);
        return new GraphQLClient(http);
    }

    /// <summary>A client calling with a storefront key.</summary>
    public GraphQLClient Storefront(string key = DemoKey)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Add("X-Store-Key", key);
        return new GraphQLClient(http);
    }

    /// <summary>A client with no credentials.</summary>
    public GraphQLClient Anonymous() => new(CreateClient());
}

/// <summary>Posts GraphQL requests and returns the parsed response.</summary>
public sealed class GraphQLClient(HttpClient http)
{
    public HttpClient Http => http;

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

    /// <summary>The extensions.code of the first error.</summary>
    public string? Code => Errors.Count > 0 ? Errors[0]!["extensions"]?["code"]?.GetValue<string>() : null;

    public string? Message => Errors.Count > 0 ? Errors[0]!["message"]?.GetValue<string>() : null;
}

/// <summary>One host shared by the tests of a collection (a private cluster takes seconds to create).</summary>
public sealed class SharedHost : IAsyncLifetime
{
    public RetailHost Host { get; } = new();

    public async Task InitializeAsync()
    {
        using var client = Host.CreateClient();
        for (var i = 0; i < 120; i++)
        {
            if ((await client.GetAsync("/health")).IsSuccessStatusCode) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("host did not become healthy");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        try { Directory.Delete(Host.DataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Creates a store with a unique id and returns its id and storefront key.</summary>
    public async Task<(string Id, string Key)> NewStore(string prefix = "s")
    {
        var id = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var data = await Host.Admin().Data("mutation($id:String!){createStore(id:$id,name:\"Test\"){id storefrontKey}}", new { id });
        return (id, data["createStore"]!["storefrontKey"]!.GetValue<string>());
    }
}

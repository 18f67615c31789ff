using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using RetailCommerce.DemoStore;
using RetailCommerce.Admin;
using RetailCommerce.Hosting;
using RetailCommerce.Modules;
using RetailCommerce.Storefront;
using Xunit;

namespace RetailCommerce.Testing;

/// <summary>
/// The real host — platform, admin UI, storefront theme and modules, composed as the Web project's Program does — on its own
/// private PostgreSQL cluster in a fresh data folder. A test names the modules it wants (their assemblies), or
/// gets every module its test project references. In memory by default; on a real loopback port for browsers.
/// </summary>
public class RetailHost : IAsyncLifetime, IAsyncDisposable
{
    public const string AdminToken = "test-admin-token";
    public const string DemoKey = "demo-storefront-key";

    private readonly Assembly[]? _modules;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly bool _kestrel;
    private readonly Action<IServiceCollection>? _services;
    private WebApplication? _app;

    /// <summary>A host with every module the test project references (what xunit fixtures get).</summary>
    public RetailHost() : this(null) { }

    /// <summary>A host to start later (as a fixture, or with <see cref="InitializeAsync"/>).</summary>
    /// <param name="modules">Assemblies of the modules to install; null installs every module the test project references.</param>
    /// <param name="settings">Extra settings, e.g. <c>["Retail:Admin:MaxFailedSignIns"] = "3"</c>.</param>
    /// <param name="dataDir">The data folder (a new temporary one by default; pass an old one to restart on it).</param>
    /// <param name="kestrel">Serve on a real loopback port (for browsers) instead of the in-memory test server.</param>
    /// <param name="services">Replaces services after the platform registered them (e.g. a recording HTTP handler for webhooks).</param>
    public static RetailHost With(IEnumerable<Assembly>? modules = null, IReadOnlyDictionary<string, string>? settings = null, string? dataDir = null,
        bool kestrel = false, Action<IServiceCollection>? services = null) =>
        new(modules, settings, dataDir, kestrel, services);

    /// <summary>For a module's own fixture: <c>public sealed class PricingHost() : RetailHost([typeof(Startup).Assembly]);</c></summary>
    protected RetailHost(IEnumerable<Assembly>? modules, IReadOnlyDictionary<string, string>? settings = null, string? dataDir = null,
        bool kestrel = false, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _modules = modules?.ToArray();
        _settings = settings ?? new Dictionary<string, string>();
        _kestrel = kestrel;
        DataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "retail-tests-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>Starts a host (for tests that manage its lifetime themselves, such as restarts).</summary>
    public static async Task<RetailHost> StartAsync(IEnumerable<Assembly>? modules = null, IReadOnlyDictionary<string, string>? settings = null, string? dataDir = null)
    {
        var host = With(modules, settings, dataDir);
        await host.InitializeAsync();
        return host;
    }

    public string DataDir { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The base address (a real one with Kestrel).</summary>
    public string Address { get; private set; } = "http://localhost";

    private WebApplication App => _app ?? throw new InvalidOperationException("The host is not started.");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        if (_kestrel) builder.WebHost.UseUrls("http://127.0.0.1:0");
        else builder.WebHost.UseTestServer();
        var settings = new Dictionary<string, string?>
        {
            ["Retail:DataDir"] = DataDir,
            ["Retail:Bootstrap:AdminToken"] = AdminToken,
            ["Retail:Bootstrap:DemoStore"] = "true",
            ["Retail:Bootstrap:DemoData"] = "false", // the full demo store is ~300k events; tests load what they need
            ["Retail:Api:MaxRequestBytes"] = "262144",
            // Jobs run when a test asks (runJob), never because the wall clock crossed a cron boundary mid-test.
            ["Retail:Jobs:Scheduled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in _settings) settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var catalog = _modules is null ? null : new ModuleCatalog(_modules.Select(a => ModuleCatalog.Describe(a)!).ToList());
        builder.AddRetailCommerce(catalog);
        builder.AddRetailAdmin();
        builder.AddRetailStorefront();
        _services?.Invoke(builder.Services);
        _app = builder.Build();
        _app.UseRetailCommerce();
        _app.UseRetailAdmin();
        _app.UseRetailStorefront();
        await _app.StartAsync();
        if (_kestrel) Address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = CreateClient();
        for (var i = 0; i < 120; i++)
        {
            if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("host did not become healthy");
    }

    /// <summary>Stops the host and its cluster; the data folder is kept (see <see cref="DeleteData"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        DeleteData();
    }

    /// <summary>Removes the data folder.</summary>
    public void DeleteData()
    {
        try { Directory.Delete(DataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>An HTTP client to the host, no credentials.</summary>
    public HttpClient CreateClient() => _kestrel ? new HttpClient { BaseAddress = new Uri(Address) } : App.GetTestClient();

    /// <summary>A client calling as the admin, acting on a store (none: for createStore).</summary>
    public GraphQLClient Admin(string? store = "demo")
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        if (store is not null) http.DefaultRequestHeaders.Add("X-Store", store);
        return new GraphQLClient(http);
    }

    /// <summary>A client calling with a storefront key; with <paramref name="customerToken"/> as that signed-in customer.</summary>
    public GraphQLClient Storefront(string key = DemoKey, string? customerToken = null)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Add("X-Store-Key", key);
        if (customerToken is not null) http.DefaultRequestHeaders.Add("X-Customer-Token", customerToken);
        return new GraphQLClient(http);
    }

    /// <summary>A client with no credentials.</summary>
    public GraphQLClient Anonymous() => new(CreateClient());

    /// <summary>
    /// Waits until the demo store's background load (<c>Retail:Bootstrap:DemoStore</c>) has finished and the async
    /// projections have caught up with it, for tests that read its dashboards or shop in it.
    /// </summary>
    public async Task DemoStoreLoadedAsync()
    {
        var loader = Services.GetRequiredService<DemoStoreLoader>();
        for (var i = 0; i < 600; i++)
        {
            if ((await loader.FindAsync(Bootstrap.DemoStoreId, default))?.Status == DemoStoreLoadStatus.Completed) break;
            await Task.Delay(200);
        }
        await Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Creates a store with a unique id, enables the given modules there, and returns its id and storefront key.</summary>
    public async Task<(string Id, string Key)> NewStore(string prefix = "s", params string[] enable)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var data = await Admin(null).Data("mutation($id:String!){createStore(id:$id,name:\"Test\"){id storefrontKey}}", new { id });
        foreach (var module in enable) await Admin(id).Data("mutation($m:String!){ enableModule(id: $m) { id } }", new { m = module });
        return (id, data["createStore"]!["storefrontKey"]!.GetValue<string>());
    }

    /// <summary>A customer sign-in token (for <c>X-Customer-Token</c>) issued by the admin API.</summary>
    public async Task<string> CustomerToken(string store, string customerId) =>
        (await Admin(store).Data("mutation($c:ID!){ issueCustomerToken(customerId: $c) { token } }", new { c = customerId }))["issueCustomerToken"]!["token"]!.GetValue<string>();
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

/// <summary>A GraphQL response.</summary>
public sealed record GraphQLResponse(int Status, JsonObject Json, string Body)
{
    public JsonArray Errors => Json["errors"]?.AsArray() ?? [];

    /// <summary>The extensions.code of the first error.</summary>
    public string? Code => Errors.Count > 0 ? Errors[0]!["extensions"]?["code"]?.GetValue<string>() : null;

    /// <summary>The extensions.field of the first error.</summary>
    public string? Field => Errors.Count > 0 ? Errors[0]!["extensions"]?["field"]?.GetValue<string>() : null;

    public string? Message => Errors.Count > 0 ? Errors[0]!["message"]?.GetValue<string>() : null;
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using Marten.Events;
using RetailCommerce.Admin.Accounts;
using RetailCommerce.DemoStore;
using RetailCommerce.Hosting;

namespace RetailCommerce.Admin.Tests;

/// <summary>The real host served on a loopback port (browsers need one), with a short lockout for the tests.</summary>
public sealed partial class AdminHost : IAsyncLifetime
{
    public const string OwnerPassword = RetailHost.AdminToken; // the first owner's password defaults to the admin token
    public const int MaxFailedSignIns = 3;

    public RetailHost Host { get; } = RetailHost.With(settings: new Dictionary<string, string>
    {
        ["Retail:Admin:MaxFailedSignIns"] = MaxFailedSignIns.ToString(),
        ["Retail:Admin:LockoutMinutes"] = "10",
        // A small but whole demo store (a year of seasonal shopping), so the dashboards show believable data.
        ["Retail:Bootstrap:DemoData"] = "true",
        ["Retail:Bootstrap:Demo:Products"] = "150",
        ["Retail:Bootstrap:Demo:Customers"] = "120",
        ["Retail:Bootstrap:Demo:AnonymousSessionsPerDay"] = "4",
    }, kestrel: true);

    public string Address => Host.Address;

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        await Host.DemoStoreLoadedAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)Host).DisposeAsync();

    /// <summary>Adds a merchant user straight through the accounts service.</summary>
    public Task<MerchantUser> AddUser(string name, string password, MerchantRole role = MerchantRole.Merchant, params string[] stores) =>
        Host.Services.GetRequiredService<MerchantAccounts>().CreateAsync(name, name, password, role, stores);

    /// <summary>A plain HTTP client keeping cookies and not following redirects, like a browser without JavaScript.</summary>
    public FormClient Forms() => new(new Uri(Address));

    /// <summary>A GraphQL client on the real port.</summary>
    public GraphQLClient GraphQL(Action<HttpClient> headers)
    {
        var http = new HttpClient { BaseAddress = new Uri(Address) };
        headers(http);
        return new GraphQLClient(http);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    public static partial Regex AntiforgeryField();
}

/// <summary>Fetches pages and posts forms with the page's anti-forgery token, keeping cookies.</summary>
public sealed class FormClient(Uri address)
{
    private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };

    public HttpClient Http => _http;

    public async Task<(HttpStatusCode Status, string Body, string? Location)> Get(string path)
    {
        var r = await _http.GetAsync(path);
        return (r.StatusCode, await r.Content.ReadAsStringAsync(), r.Headers.Location?.ToString());
    }

    /// <summary>Posts a form to <paramref name="path"/>, taking the anti-forgery token from <paramref name="formPage"/> unless told not to.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? Location)> Post(string formPage, string path, Dictionary<string, string> fields, bool withToken = true)
    {
        if (withToken)
        {
            var page = await Get(formPage);
            var match = AdminHost.AntiforgeryField().Match(page.Body);
            Assert.True(match.Success, $"no anti-forgery token on {formPage}");
            fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(match.Groups[1].Value);
        }
        var r = await _http.PostAsync(path, new FormUrlEncodedContent(fields));
        return (r.StatusCode, await r.Content.ReadAsStringAsync(), r.Headers.Location?.ToString());
    }

    public Task<(HttpStatusCode Status, string Body, string? Location)> SignIn(string user, string password, bool withToken = true) =>
        Post("/admin/signin", "/admin/signin", new() { ["userName"] = user, ["password"] = password }, withToken);
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminHost>
{
    public const string Name = "admin";
}

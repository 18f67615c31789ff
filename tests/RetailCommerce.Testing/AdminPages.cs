using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Admin.Accounts;
using Xunit;

namespace RetailCommerce.Testing;

/// <summary>
/// The admin UI as a merchant's browser sees it, without a browser: an HTTP client on the in-memory server that
/// keeps cookies, signed in as the first owner, for tests of a module's admin page (forms post with the page's
/// anti-forgery token).
/// </summary>
public static partial class AdminPages
{
    /// <summary>A client signed in to <c>/admin</c> as the first owner, managing <paramref name="store"/>.</summary>
    public static async Task<HttpClient> AdminBrowserAsync(this RetailHost host, string store)
    {
        var server = (TestServer)host.Services.GetRequiredService<IServer>();
        var cookies = new CookieContainer();
        var browser = new HttpClient(new CookieKeeper(cookies) { InnerHandler = server.CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        var signIn = await browser.GetStringAsync("/admin/signin");
        var posted = await browser.PostAsync("/admin/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = FirstOwner.UserName, ["password"] = RetailHost.AdminToken, ["__RequestVerificationToken"] = AntiforgeryToken(signIn),
        }));
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK, posted.StatusCode.ToString());
        cookies.Add(new Uri("http://localhost/admin"), new Cookie("retail_admin_store", store, "/admin"));
        return browser;
    }

    /// <summary>The anti-forgery token of a page's first form.</summary>
    public static string AntiforgeryToken(string page) => WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    // TestServer's handler has no cookie container of its own.
    private sealed class CookieKeeper(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var header = cookies.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var c in set) cookies.SetCookies(request.RequestUri!, c);
            return response;
        }
    }
}

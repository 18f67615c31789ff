using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Admin.Accounts;

namespace RetailCommerce.Admin.Tests;

/// <summary>Sign-in, lockout, anti-forgery and who may reach what — over plain HTTP, as an attacker would.</summary>
[Collection(AdminCollection.Name)]
public sealed class AdminSecurityTests(AdminHost admin)
{
    [Fact]
    public async Task The_owner_signs_in_with_the_bootstrap_password_and_reaches_every_page()
    {
        var forms = admin.Forms();
        var signIn = await forms.SignIn(FirstOwner.UserName, AdminHost.OwnerPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        Assert.Equal("/admin", signIn.Location);
        foreach (var page in new[] { "/admin", "/admin/modules", "/admin/settings", "/admin/stores", "/admin/users" })
        {
            var (status, body, _) = await forms.Get(page);
            Assert.True(status == HttpStatusCode.OK, $"{page}: {status}");
            Assert.Contains("RetailCommerce", body);
        }
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_and_then_even_the_right_one_is_refused()
    {
        await admin.AddUser("lockme", "correct horse battery");
        var forms = admin.Forms();
        for (var i = 0; i < AdminHost.MaxFailedSignIns - 1; i++)
        {
            var wrong = await forms.SignIn("lockme", "wrong password " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
            Assert.Contains("Wrong user name or password", wrong.Body);
        }
        var last = await forms.SignIn("lockme", "still wrong");
        Assert.Contains("locked until", last.Body);

        var right = await forms.SignIn("lockme", "correct horse battery");
        Assert.Equal(HttpStatusCode.Unauthorized, right.Status);
        Assert.Contains("locked until", right.Body);
        Assert.Equal(HttpStatusCode.Redirect, (await forms.Get("/admin")).Status); // still signed out

        // An owner unlocks; then the right password works.
        await admin.Host.Services.GetRequiredService<MerchantAccounts>().UnlockAsync("lockme");
        Assert.Equal("/admin", (await forms.SignIn("lockme", "correct horse battery")).Location);
    }

    [Fact]
    public async Task Unknown_users_get_the_same_answer_as_wrong_passwords()
    {
        var r = await admin.Forms().SignIn("nobody-here", "whatever password");
        Assert.Equal(HttpStatusCode.Unauthorized, r.Status);
        Assert.Contains("Wrong user name or password", r.Body);
    }

    [Fact]
    public async Task Forms_without_an_anti_forgery_token_are_refused()
    {
        var forms = admin.Forms();
        var noToken = await forms.SignIn(FirstOwner.UserName, AdminHost.OwnerPassword, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.Status);

        await forms.SignIn(FirstOwner.UserName, AdminHost.OwnerPassword);
        var disable = await forms.Post("/admin/modules", "/admin/modules?handler=Disable", new() { ["id"] = "giftmessages" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, disable.Status);
        var enabled = await admin.GraphQL(h => h.DefaultRequestHeaders.Add("X-Store-Key", RetailHost.DemoKey))
            .Send("mutation { previewGiftMessage(text: \"hi\") }");
        Assert.Null(enabled.Code); // the module is still enabled
    }

    [Fact]
    public async Task A_storefront_key_or_the_admin_token_does_not_open_the_admin_pages()
    {
        using var storefront = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(admin.Address) };
        storefront.DefaultRequestHeaders.Add("X-Store-Key", RetailHost.DemoKey);
        storefront.DefaultRequestHeaders.Authorization = new("Bearer", RetailHost.AdminToken);
        foreach (var page in new[] { "/admin", "/admin/modules", "/admin/users" })
        {
            var r = await storefront.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/admin/signin", r.Headers.Location!.PathAndQuery);
        }
        // And the storefront key still cannot call admin GraphQL fields.
        var api = admin.GraphQL(h => h.DefaultRequestHeaders.Add("X-Store-Key", RetailHost.DemoKey));
        Assert.Equal("FORBIDDEN", (await api.Send("{ modules { id } }")).Code);
    }

    [Fact]
    public async Task A_merchant_cannot_manage_users_or_switch_to_a_store_they_do_not_manage()
    {
        await admin.Host.Admin().Data("mutation { createStore(id: \"other-shop\", name: \"Other\") { id } }");
        await admin.AddUser("demo-merchant", "merchant password 1", MerchantRole.Merchant, "demo");
        var forms = admin.Forms();
        await forms.SignIn("demo-merchant", "merchant password 1");
        var users = await forms.Get("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, users.Status);
        Assert.StartsWith("/admin/denied", new Uri(new Uri(admin.Address), users.Location).PathAndQuery);

        await forms.Post("/admin", "/admin/stores?handler=Switch", new() { ["storeId"] = "other-shop" });
        var settings = await forms.Get("/admin/settings");
        Assert.Contains("value=\"demo\"", settings.Body.Replace(" selected=\"selected\"", ""));
        Assert.DoesNotContain("Other (other-shop)", settings.Body);
    }

    [Fact]
    public void Every_admin_page_except_sign_in_requires_a_merchant_sign_in()
    {
        var endpoints = admin.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("admin", StringComparison.OrdinalIgnoreCase) == true
                        && e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            .ToList();
        Assert.True(endpoints.Count >= 7, "admin pages found: " + endpoints.Count);
        foreach (var e in endpoints)
        {
            var open = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var guarded = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
            if (e.RoutePattern.RawText!.Equals("admin/signin", StringComparison.OrdinalIgnoreCase)) Assert.True(open);
            else Assert.True(guarded && !open, $"{e.RoutePattern.RawText} is not guarded");
        }
    }
}

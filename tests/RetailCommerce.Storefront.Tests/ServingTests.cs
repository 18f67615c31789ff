using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RetailCommerce.Storefront.Tests;

/// <summary>How the host serves the theme: files, config, the demo-only sign-in.</summary>
[Collection(StorefrontCollection.Name)]
public sealed class ServingTests(StorefrontHost shop)
{
    [Fact]
    public async Task The_theme_config_and_demo_sign_in_are_served_and_nothing_else_leaks()
    {
        using var http = shop.Host.CreateClient();
        var redirect = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(shop.Address) }.GetAsync("/store");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var index = await http.GetAsync("/store/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("default-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("text/javascript; charset=utf-8", (await http.GetAsync("/store/js/app.js")).Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/store/js/missing.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/store/..%2F..%2Fappsettings.json")).StatusCode);

        var config = JsonNode.Parse(await http.GetStringAsync("/store/config.json"))!;
        Assert.Equal("demo", config["store"]!.GetValue<string>());
        Assert.Equal(RetailHost.DemoKey, config["storefrontKey"]!.GetValue<string>());

        // The demo sign-in issues a working token for a demo customer with orders, or for a named one.
        var signIn = JsonNode.Parse(await (await http.PostAsync("/store/demo-sign-in", null)).Content.ReadAsStringAsync())!;
        var me = await shop.Host.Storefront(customerToken: signIn["token"]!.GetValue<string>()).Data("{ me { id } }");
        Assert.Equal(signIn["customerId"]!.GetValue<string>(), me["me"]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/store/demo-sign-in", new { customerId = "nobody" })).StatusCode);
    }

    [Fact]
    public async Task A_shop_for_another_store_has_no_demo_sign_in_unless_configured()
    {
        await using var other = RetailHost.With(modules: [], settings: new Dictionary<string, string>
        {
            ["Retail:Storefront:Store"] = "shop-b",
            ["Retail:Storefront:Key"] = "sk_public_key_of_shop_b",
        });
        await other.InitializeAsync();
        using var http = other.CreateClient();
        var config = JsonNode.Parse(await http.GetStringAsync("/store/config.json"))!;
        Assert.Equal("sk_public_key_of_shop_b", config["storefrontKey"]!.GetValue<string>());
        Assert.Null(config["demoSignIn"]);
        Assert.False((await http.PostAsync("/store/demo-sign-in", null)).IsSuccessStatusCode);
        other.DeleteData();
    }
}

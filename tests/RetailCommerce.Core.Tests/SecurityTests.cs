namespace RetailCommerce.Core.Tests;

[Collection(HostCollection.Name)]
public sealed class SecurityTests(RetailHost host)
{
    [Fact]
    public async Task Calls_without_credentials_are_UNAUTHENTICATED()
    {
        Assert.Equal("UNAUTHENTICATED", (await host.Anonymous().Send("{ product(id: \"x\") { id } }")).Code);
        Assert.Equal("UNAUTHENTICATED", (await host.Anonymous().Send("{ modules { id } }")).Code);
        Assert.Equal("UNAUTHENTICATED", (await host.Storefront("sk_wrong").Send("{ product(id: \"x\") { id } }")).Code);

        var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");
        http.DefaultRequestHeaders.Add("X-Store", "demo");
        Assert.Equal("UNAUTHENTICATED", (await new GraphQLClient(http).Send("{ modules { id } }")).Code);
    }

    [Fact]
    public async Task A_storefront_key_cannot_call_admin_fields()
    {
        var storefront = host.Storefront();
        Assert.Equal("FORBIDDEN", (await storefront.Send("{ modules { id } }")).Code);
        Assert.Equal("FORBIDDEN", (await storefront.Send("mutation { enableModule(id: \"GiftWrap\") { id } }")).Code);
        Assert.Equal("FORBIDDEN", (await storefront.Send("mutation { createStore(id: \"evil\", name: \"x\") { id } }")).Code);
        Assert.Equal("FORBIDDEN", (await storefront.Send("mutation { importProducts(products: []) { imported } }")).Code);
    }

    [Fact]
    public async Task A_customer_token_identifies_the_shopper_in_its_own_store_only()
    {
        var (storeA, keyA) = await host.NewStore("ct");
        var (_, keyB) = await host.NewStore("ct");
        var admin = host.Admin(storeA);
        await admin.Data("""mutation { importCustomers(customers: [{id: "ann", email: "ann@example.com", name: "Ann"}]) { imported } }""");
        var issued = (await admin.Data("""mutation { issueCustomerToken(customerId: "ann", ttlMinutes: 5) { token expiresAt } }"""))["issueCustomerToken"]!;
        var token = issued["token"]!.GetValue<string>();
        Assert.StartsWith("ct_", token);

        GraphQLClient Storefront(string key, string? customerToken)
        {
            var http = host.CreateClient();
            http.DefaultRequestHeaders.Add("X-Store-Key", key);
            if (customerToken is not null) http.DefaultRequestHeaders.Add("X-Customer-Token", customerToken);
            return new GraphQLClient(http);
        }

        var me = await Storefront(keyA, token).Data("{ me { id email } }");
        Assert.Equal("ann", me["me"]!["id"]!.GetValue<string>());
        Assert.Null((await Storefront(keyA, null).Data("{ me { id } }"))["me"]);

        // Another store's key with this token, a tampered token, or garbage: rejected, never someone else.
        Assert.Equal("UNAUTHENTICATED", (await Storefront(keyB, token).Send("{ me { id } }")).Code);
        var tampered = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];
        Assert.Equal("UNAUTHENTICATED", (await Storefront(keyA, tampered).Send("{ me { id } }")).Code);
        Assert.Equal("UNAUTHENTICATED", (await Storefront(keyA, "ct_nonsense").Send("{ me { id } }")).Code);

        // Only admins issue tokens, and lifetimes are bounded.
        Assert.Equal("FORBIDDEN", (await Storefront(keyA, token).Send("""mutation { issueCustomerToken(customerId: "ann") { token } }""")).Code);
        var tooLong = await admin.Send("""mutation { issueCustomerToken(customerId: "ann", ttlMinutes: 100000) { token } }""");
        Assert.Equal("BAD_USER_INPUT", tooLong.Code);
        Assert.Contains("ttlMinutes", tooLong.Message);
    }

    [Fact]
    public async Task Admin_calls_naming_an_unknown_store_are_NOT_FOUND()
    {
        var r = await host.Admin("no-such-store").Send("{ modules { id } }");
        Assert.Equal("NOT_FOUND", r.Code);
    }

    [Fact]
    public async Task Store_B_never_sees_store_A_products_customers_or_events()
    {
        var (a, keyA) = await host.NewStore("a");
        var (b, keyB) = await host.NewStore("b");
        await host.Admin(a).Data("""mutation { importProducts(products: [{id: "secret", title: "A only", price: 1}]) { imported } }""");
        await host.Admin(a).Data("""mutation { importCustomers(customers: [{id: "ann", email: "ann@a.example"}]) { imported } }""");
        await host.Storefront(keyA).Data("""mutation { trackEvents(events: [{id: "e1", type: "VIEW", sessionId: "s", productId: "secret"}]) { accepted } }""");

        var storefrontB = host.Storefront(keyB);
        Assert.Null((await storefrontB.Data("{ product(id: \"secret\") { id } }"))["product"]);
        Assert.Equal(0, (await storefrontB.Data("{ products { totalCount } }"))["products"]!["totalCount"]!.GetValue<int>());
        var track = (await storefrontB.Data("""mutation { trackEvents(events: [{id: "e1", type: "VIEW", sessionId: "s", productId: "secret"}]) { accepted rejected } }"""))["trackEvents"]!;
        Assert.Equal(1, track["rejected"]!.GetValue<int>()); // A's product is unknown in B, and A's event id does not collide
        var statsB = (await host.Admin(b).Data("{ storeStats { products customers events } }"))["storeStats"]!;
        Assert.Equal((0, 0, 0), (statsB["products"]!.GetValue<int>(), statsB["customers"]!.GetValue<int>(), statsB["events"]!.GetValue<int>()));

        // The same event id in store B is B's own: accepted, not a duplicate of A's.
        await host.Admin(b).Data("""mutation { importProducts(products: [{id: "secret", title: "B's own", price: 2}]) { imported } }""");
        var own = (await storefrontB.Data("""mutation { trackEvents(events: [{id: "e1", type: "VIEW", sessionId: "s", productId: "secret"}]) { accepted duplicates } }"""))["trackEvents"]!;
        Assert.Equal(1, own["accepted"]!.GetValue<int>());
        Assert.Equal("B's own", (await storefrontB.Data("{ product(id: \"secret\") { title } }"))["product"]!["title"]!.GetValue<string>());
        Assert.Equal("A only", (await host.Storefront(keyA).Data("{ product(id: \"secret\") { title } }"))["product"]!["title"]!.GetValue<string>());
    }
}

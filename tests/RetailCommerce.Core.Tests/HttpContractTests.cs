using System.Net;
using System.Text;

namespace RetailCommerce.Core.Tests;

[Collection(HostCollection.Name)]
public sealed class HttpContractTests(RetailHost host)
{
    [Fact]
    public async Task Health_answers_200_when_ready()
    {
        var response = await host.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_runs_queries_with_variables_and_operation_names_and_refuses_mutations()
    {
        var http = host.Storefront().Http;
        var query = Uri.EscapeDataString("query First { a: products(first: 1) { totalCount } } query Second($id: ID!) { product(id: $id) { id } }");
        var ok = await http.GetAsync($"/graphql?query={query}&operationName=Second&variables={Uri.EscapeDataString("{\"id\":\"none\"}")}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("\"product\":null", await ok.Content.ReadAsStringAsync());

        var mutation = await http.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { trackEvents(events: []) { accepted } }"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_refused_with_413()
    {
        var big = new string('x', 300_000);
        var response = await host.Storefront().Http.PostAsync("/graphql",
            new StringContent($"{{\"query\":\"{{ product(id: \\\"{big}\\\") {{ id }} }}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("BAD_USER_INPUT", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_with_a_graphql_error()
    {
        var response = await host.Storefront().Http.PostAsync("/graphql", new StringContent("{nope", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"code\":\"BAD_USER_INPUT\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Too_deep_queries_are_refused()
    {
        var deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }";
        var r = await host.Storefront().Send(deep);
        Assert.Equal("BAD_USER_INPUT", r.Code);
        Assert.Contains("depth", r.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_fields_and_bad_variables_name_the_field_and_leak_no_stack_trace()
    {
        var r = await host.Storefront().Send("{ product(id: \"x\") { colour } }");
        Assert.Equal("BAD_USER_INPUT", r.Code);
        Assert.Contains("colour", r.Message);
        var v = await host.Storefront().Send("query($n: Int) { products(first: $n) { totalCount } }", new { n = "ten" });
        Assert.Equal("BAD_USER_INPUT", v.Code);
        Assert.DoesNotContain("   at ", r.Body + v.Body);
        Assert.DoesNotContain("Exception", r.Body + v.Body);
    }

    [Fact]
    public async Task Introspection_works()
    {
        var data = await host.Storefront().Data("{ __type(name: \"Product\") { description fields { name description } } }");
        var fields = data["__type"]!["fields"]!.AsArray();
        Assert.Contains(fields, f => f!["name"]!.GetValue<string>() == "price");
        Assert.All(fields, f => Assert.False(string.IsNullOrWhiteSpace(f!["description"]?.GetValue<string>())));
    }
}

using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Core.Tests;

/// <summary>A query text parsed and validated once is reused, and reusing it skips no check that depends on the request.</summary>
[Collection(HostCollection.Name)]
public sealed class ParsedDocumentCacheTests(RetailHost host)
{
    [Fact]
    public async Task A_cached_query_still_checks_its_variables_the_callers_rights_and_the_depth_limit()
    {
        var cache = host.Services.GetServices<global::GraphQL.DI.IConfigureExecution>().OfType<ParsedDocumentCache>().Single();
        var query = $"query($n: Int) {{ products(first: $n) {{ totalCount }} }} # {Guid.NewGuid():N}";
        var before = cache.Count;

        await host.Storefront().Data(query, new { n = 1 });
        Assert.Equal(before + 1, cache.Count);
        await host.Storefront().Data(query, new { n = 2 });
        Assert.Equal(before + 1, cache.Count); // reused, not parsed again

        // Variables are still coerced per request.
        var bad = await host.Storefront().Send(query, new { n = "ten" });
        Assert.Equal("BAD_USER_INPUT", bad.Code);

        // An admin field cached from an admin's request is still refused to a storefront caller.
        var admin = $"{{ storeStats {{ events }} }} # {Guid.NewGuid():N}";
        await host.Admin().Data(admin);
        var refused = await host.Storefront().Send(admin);
        Assert.NotEmpty(refused.Errors);
        Assert.True(refused.Json["data"] is null || refused.Json["data"]!["storeStats"] is null, refused.Body);

        // A document that failed validation is never kept: the second try is refused the same way.
        var deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }";
        var count = cache.Count;
        for (var n = 0; n < 2; n++)
        {
            var r = await host.Storefront().Send(deep);
            Assert.Equal("BAD_USER_INPUT", r.Code);
            Assert.Contains("depth", r.Message, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(count, cache.Count);
    }
}

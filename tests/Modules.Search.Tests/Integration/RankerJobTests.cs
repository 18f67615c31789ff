using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Search.Indexing;

namespace RetailCommerce.Modules.Search.Tests.Integration;

[Collection(SearchHostCollection.Name)]
public sealed class RankerJobTests(SearchHost host)
{
    private static string Word(int i) => $"{(char)('b' + i % 20)}{(char)('b' + i / 20)}zorv";

    [Fact]
    public async Task Train_ranker_job_learns_from_clicks_after_searches_and_says_when_the_store_is_too_small()
    {
        // Two products per word: the word in the title, or only in the description. Shoppers click the second kind.
        var products = Enumerable.Range(0, 40).SelectMany(i => new object[]
        {
            new { id = $"t{i}", title = $"{Word(i)} gadget", description = "plain finish", price = 10.0, stock = 5 },
            new { id = $"d{i}", title = "gadget deluxe", description = $"{Word(i)} finish", price = 10.0, stock = 5 },
        }).ToArray();
        var (store, key) = await host.NewStore("rank", "search");
        await host.Admin(store).Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }", new { p = products });

        var before = await host.Storefront(key).Data("query($q:String!){ search(query:$q){ items { product { id } } } }", new { q = Word(38) });
        Assert.Equal("t38", before["search"]!["items"]![0]!["product"]!["id"]!.GetValue<string>());

        var tooSmall = await host.Admin(store).Data("mutation{ runJob(id:\"search.train-ranker\"){ succeeded outcome } }");
        Assert.Contains("store too small", tooSmall["runJob"]!["outcome"]!.GetValue<string>());

        var at = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 35).SelectMany(i => new object[]
        {
            new { id = $"s{i}", type = "SEARCH", sessionId = $"sess{i}", query = Word(i), occurredAt = at.AddMinutes(i) },
            new { id = $"c{i}", type = "CLICK", sessionId = $"sess{i}", productId = $"d{i}", occurredAt = at.AddMinutes(i).AddSeconds(20) },
        }).ToArray();
        var tracked = await host.Storefront(key).Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new { e = events });
        Assert.Equal(70, tracked["trackEvents"]!["accepted"]!.GetValue<int>());
        await host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var run = await host.Admin(store).Data("mutation{ runJob(id:\"search.train-ranker\"){ succeeded outcome } }");
        var outcome = run["runJob"]!["outcome"]!.GetValue<string>();
        Assert.Contains("trained lambdarank@", outcome);
        // The click memory is trained from the same clicks and stored with the model.
        Assert.Contains("35 remembered searches", outcome);
        await using (var session = host.Services.GetRequiredService<RetailCommerce.Persistence.StoreSessions>().Read(store))
        {
            var stored = await session.LoadAsync<RetailCommerce.Modules.Search.Ranking.Learned.SearchRankerModel>(RetailCommerce.Modules.Search.Ranking.Learned.SearchRankerModel.DocumentId);
            Assert.NotNull(stored);
            Assert.Equal(35, RetailCommerce.Modules.Search.Ranking.Learned.SearchClickMemory.Load(stored.ClickMemory).SearchCount);
        }

        // Words 35..39 were never searched: the learned ranking generalises to them, and survives a rebuild.
        var after = await host.Storefront(key).Data("query($q:String!){ search(query:$q){ items { product { id } } } }", new { q = Word(38) });
        Assert.Equal("d38", after["search"]!["items"]![0]!["product"]!["id"]!.GetValue<string>());
        await host.Services.GetRequiredService<SearchIndexes>().RebuildAsync(store, retrain: false, CancellationToken.None);
        var rebuilt = await host.Storefront(key).Data("query($q:String!){ search(query:$q){ items { product { id } } } }", new { q = Word(39) });
        Assert.Equal("d39", rebuilt["search"]!["items"]![0]!["product"]!["id"]!.GetValue<string>());
    }
}

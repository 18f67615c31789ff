using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Assistant.Plugins;
using RetailCommerce.Modules.Search.Shopping;
using RetailCommerce.Shopping;

namespace RetailCommerce.Modules.Assistant.Tests.Integration;

/// <summary>The assistant with the Search module installed: it finds products through Search's ranker where Search is enabled.</summary>
public sealed class AssistantWithSearchHost() : RetailHost([typeof(Startup).Assembly, typeof(Search.Startup).Assembly]);

[CollectionDefinition(Name)]
public sealed class AssistantWithSearchCollection : ICollectionFixture<AssistantWithSearchHost>
{
    public const string Name = "assistant-with-search";
}

[Collection(AssistantWithSearchCollection.Name)]
public sealed class ModuleSourcesTests(AssistantWithSearchHost host)
{
    private const string Catalog = """
        mutation { importProducts(products: [
          {id: "p-tent", title: "Trail tent", brand: "Northwind", category: "Outdoor > Tents", price: 120, stock: 5, attributes: [{name: "colour", value: "Green"}]},
          {id: "p-mug", title: "Camp mug", brand: "Northwind", category: "Outdoor > Kitchen", price: 8, stock: 40, attributes: [{name: "colour", value: "Blue"}]},
          {id: "p-lamp", title: "Desk lamp", brand: "Lumo", category: "Home > Lighting", price: 35, stock: 12, attributes: [{name: "colour", value: "Blue"}]}
        ]) { imported } }
        """;

    [Fact]
    public async Task Search_finds_through_typos_where_enabled_and_steps_aside_where_not()
    {
        var (withSearch, _) = await host.NewStore("as", "assistant", "search");
        var (without, _) = await host.NewStore("an", "assistant");
        await host.Admin(withSearch).Data(Catalog);
        await host.Admin(without).Data(Catalog);
        var finder = host.Services.GetRequiredService<PluginsFactory>();
        var sources = (await finder.ContextAsync(withSearch, null, default)).Sources;

        // A typo the catalog's own word match cannot read, found by Search's typo tolerance.
        var found = await sources.Finder.FindAsync(withSearch, new ProductQuery { Text = "trail tnet" }, default);
        Assert.Equal("p-tent", found![0].Id);

        // Hard constraints still hold: no blue tent exists, so nothing is offered as one.
        var blue = await sources.Finder.FindAsync(withSearch, new ProductQuery { Text = "trail tnet", Colour = "Blue" }, default);
        Assert.DoesNotContain(blue!, p => p.Id == "p-tent");

        // Where Search is disabled its finder steps aside and the assistant's own finder answers.
        var search = host.Services.GetServices<IProductFinder>().OfType<SearchProductFinder>().Single();
        Assert.Null(await search.FindAsync(without, new ProductQuery { Text = "trail tent" }, default));
        var fallback = await sources.Finder.FindAsync(without, new ProductQuery { Text = "trail tent" }, default);
        Assert.Equal("p-tent", fallback![0].Id);
    }
}

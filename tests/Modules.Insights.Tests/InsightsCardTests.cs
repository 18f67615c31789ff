using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Insights.Admin;
using RetailCommerce.Modules.Insights.Reporting;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Insights.Tests;

[Collection(InsightsHostCollection.Name)]
public sealed class InsightsCardTests(InsightsHost host)
{
    [Fact]
    public async Task The_dashboard_card_shows_the_30_days_ending_at_the_store_latest_event()
    {
        var firstDay = new DateOnly(2025, 6, 10);
        var history = new ShopHistory(seed: 5, sessions: 60, firstDay, days: 3, prefix: "k");
        var (store, key) = await host.NewStore("card", "insights");
        await host.Admin(store).Data("mutation($p:[ProductInput!]!){ importProducts(products:$p){ imported } }",
            new { p = history.Products.Select(p => new { id = p.Id, title = p.Id, price = p.Price }).ToArray() });
        foreach (var batch in history.Events.Chunk(500))
            await host.Storefront(key).Data("mutation($e:[EventInput!]!){ trackEvents(events:$e){ accepted } }", new { e = batch.Select(e => e.ToInput()).ToArray() });
        await host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var card = new InsightsCard(host.Services.GetRequiredService<InsightsReader>(), host.Services.GetRequiredService<StoreSessions>(), TimeProvider.System);
        var result = Assert.IsType<ViewViewComponentResult>(await card.InvokeAsync(store));
        var model = Assert.IsType<InsightsCardModel>(result.ViewData!.Model);

        var lastDay = history.Events.Max(e => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime));
        Assert.Equal((lastDay.AddDays(-29), lastDay), (model.Report.Period.From, model.Report.Period.To));
        var expected = new DirectCount(history.Events).Totals(model.Report.Period.From, lastDay);
        var t = model.Report.Totals;
        Assert.Equal((expected.Sessions, expected.Orders, expected.Revenue), (t.Sessions, t.Orders, t.Revenue));
        Assert.Contains("Sessions per day", model.SessionsChart);
        Assert.Equal(30, System.Xml.Linq.XDocument.Parse(model.SessionsChart).Descendants("{http://www.w3.org/2000/svg}rect").Count());
    }
}

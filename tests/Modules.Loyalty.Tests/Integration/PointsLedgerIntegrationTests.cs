using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Loyalty.Program;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Loyalty.Tests.Integration;

[Collection(LoyaltyHostCollection.Name)]
public sealed class PointsLedgerIntegrationTests(LoyaltyHost host)
{
    private static readonly DateTimeOffset Day0 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_redemptions_never_spend_the_same_points_twice()
    {
        var (store, _) = await host.NewStore("l", "loyalty");
        var admin = host.Admin(store);
        await admin.Data("mutation{awardPoints(customerId:\"c-1\",points:1000,reason:\"welcome\"){balance}}");

        // 40 parallel requests of 100 points each against a balance of 1,000: exactly ten can succeed.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            host.Admin(store).Send("mutation($r:String){redeemPoints(customerId:\"c-1\",points:100,reference:$r){balance}}", new { r = $"voucher-{i}" })));

        var succeeded = attempts.Where(a => a.Errors.Count == 0).ToList();
        var refused = attempts.Where(a => a.Errors.Count > 0).ToList();
        Assert.Equal(10, succeeded.Count);
        Assert.All(refused, r => { Assert.Equal(ErrorCodes.BadUserInput, r.Code); Assert.Equal("points", r.Field); });
        Assert.Equal(0, await StoreData.Balance(host, store, "c-1"));

        var events = await Events(store, "c-1");
        Assert.Equal(11, events.Count); // one award, ten redemptions: nothing lost, nothing doubled
        Assert.Equal(10, events.Select(e => e.Data).OfType<PointsRedeemed>().Select(r => r.Reference).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 11).Select(v => (long)v), events.Select(e => e.Version));
    }

    [Fact]
    public async Task Balance_is_always_the_sum_of_the_ledger()
    {
        var (store, _) = await host.NewStore("l", "loyalty");
        var book = host.Services.GetRequiredService<PointsBook>();
        var random = new Random(5);
        for (var i = 0; i < 60; i++)
        {
            var points = random.Next(1, 300);
            if (random.NextDouble() < 0.5) await book.AwardAsync(store, "c-sum", points, "test", default);
            else
            {
                var before = (await book.LedgerAsync(store, "c-sum", default)).Balance;
                if (points <= before) await book.RedeemAsync(store, "c-sum", points, null, default);
                else await Assert.ThrowsAsync<RetailError>(() => book.RedeemAsync(store, "c-sum", points, null, default));
            }
            var ledger = await book.LedgerAsync(store, "c-sum", default);
            var sum = (await Events(store, "c-sum")).Sum(e => Signed(e.Data));
            Assert.Equal(sum, ledger.Balance);
            Assert.Equal(ledger.Lots.Sum(l => l.Points), ledger.Balance);
            Assert.True(ledger.Balance >= 0);
        }
        var history = await host.Admin(store).Data("{loyalty(customerId:\"c-sum\"){balance history(first:100){points}}}");
        Assert.Equal(history["loyalty"]!["balance"]!.GetValue<int>(), history["loyalty"]!["history"]!.AsArray().Sum(h => h!["points"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Purchases_earn_by_spend_category_and_campaign_returns_reverse_and_reruns_book_nothing_twice()
    {
        var (store, key) = await host.NewStore("l", "loyalty");
        var admin = host.Admin(store);
        await StoreData.Products(host, store, ("shoe", "Outdoor > Shoes", 80m), ("sock", "Apparel", 5m));
        await admin.Data("mutation{setPointsEarnRule(pointsPerCurrencyUnit:2, category:\"Outdoor\")}");
        await admin.Data("mutation($s:DateTimeOffset!,$e:DateTimeOffset!){saveBonusCampaign(id:\"spring\",name:\"Spring\",startsAt:$s,endsAt:$e,multiplier:2,category:\"Apparel\")}",
            new { s = Day0.AddDays(-1), e = Day0.AddDays(1) });
        await StoreData.Track(host, key,
        [
            StoreData.Purchase("p1", "ann", "o1", "shoe", 80m, Day0, quantity: 2), // 160 × 2 (Outdoor rule) = 320
            StoreData.Purchase("p2", "ann", "o1", "sock", 5m, Day0, quantity: 3),  // 15 base + 15 campaign bonus
        ]);

        var outcome = await StoreData.RunJob(host, store, "loyalty.points");
        Assert.Contains("350 points earned", outcome);
        Assert.Equal(350, await StoreData.Balance(host, store, "ann"));
        await StoreData.RunJob(host, store, "loyalty.points");
        Assert.Equal(350, await StoreData.Balance(host, store, "ann")); // idempotent rerun

        await StoreData.Track(host, key, [StoreData.Return("r1", "ann", "o1", "shoe", Day0.AddDays(3))]);
        await StoreData.RunJob(host, store, "loyalty.points");
        Assert.Equal(350 - 160, await StoreData.Balance(host, store, "ann")); // one of two shoes: half the line's points
        await StoreData.Track(host, key, [StoreData.Return("r1", "ann", "o1", "shoe", Day0.AddDays(3))]); // replayed return
        await StoreData.RunJob(host, store, "loyalty.points");
        Assert.Equal(190, await StoreData.Balance(host, store, "ann"));

        // Spend most of it, then return the second shoe: only what is left can be taken back; the rest is recorded.
        await admin.Data("mutation{redeemPoints(customerId:\"ann\",points:150){balance}}");
        await StoreData.Track(host, key, [StoreData.Return("r2", "ann", "o1", "shoe", Day0.AddDays(4))]);
        await StoreData.RunJob(host, store, "loyalty.points");
        var account = (await admin.Data("{loyalty(customerId:\"ann\"){balance reversed history(first:10){kind points detail}}}"))["loyalty"]!;
        Assert.Equal(0, account["balance"]!.GetValue<int>());
        Assert.Equal(160 + 40, account["reversed"]!.GetValue<int>());
        Assert.Contains(account["history"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "REVERSED" && h["detail"]!.GetValue<string>().Contains("120 already spent"));
    }

    [Fact]
    public async Task Points_expire_by_store_time_and_tiers_follow_qualifying_points()
    {
        var (store, key) = await host.NewStore("l", "loyalty");
        await StoreData.Products(host, store, ("tv", "Electronics", 1200m));
        await StoreData.Track(host, key,
        [
            StoreData.Purchase("old", "bob", "o-old", "tv", 1200m, Day0.AddDays(-400)),
            StoreData.Purchase("new", "bob", "o-new", "tv", 600m, Day0),
        ]);
        var outcome = await StoreData.RunJob(host, store, "loyalty.points");
        Assert.Contains("1200 points expired", outcome); // 400 days old by the store's clock (its latest event), not the wall clock
        var account = (await host.Admin(store).Data("{loyalty(customerId:\"bob\"){balance expired qualifyingPoints tier{name} nextTier{name} pointsToNextTier}}"))["loyalty"]!;
        Assert.Equal(1200, account["expired"]!.GetValue<int>());
        // The first purchase (1,200 points) lifted bob to Silver, so the second earned 1.25 × 600 = 750.
        Assert.Equal(750, account["balance"]!.GetValue<int>());
        Assert.Equal("Silver", account["tier"]!["name"]!.GetValue<string>());
        Assert.Equal("Gold", account["nextTier"]!["name"]!.GetValue<string>());
        Assert.Equal(5000 - 1950, account["pointsToNextTier"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stores_are_isolated_even_for_the_same_customer_id()
    {
        var (a, _) = await host.NewStore("l", "loyalty");
        var (b, keyB) = await host.NewStore("l", "loyalty");
        await host.Admin(a).Data("mutation{awardPoints(customerId:\"same\",points:500){balance}}");
        await StoreData.Products(host, b, ("x", "Any", 10m));
        await StoreData.Track(host, keyB, [StoreData.Purchase("b1", "same", "ob", "x", 10m, Day0)]);
        await StoreData.RunJob(host, a, "loyalty.points");
        await StoreData.RunJob(host, b, "loyalty.points");
        Assert.Equal(500, await StoreData.Balance(host, a, "same"));
        Assert.Equal(10, await StoreData.Balance(host, b, "same"));
        var refused = await host.Admin(b).Send("mutation{redeemPoints(customerId:\"same\",points:20){balance}}");
        Assert.Equal(ErrorCodes.BadUserInput, refused.Code);
    }

    [Fact]
    public async Task Inputs_are_checked_and_customer_data_needs_an_admin()
    {
        var (store, key) = await host.NewStore("l", "loyalty");
        var admin = host.Admin(store);
        var zero = await admin.Send("mutation{awardPoints(customerId:\"c\",points:0){balance}}");
        Assert.Equal((ErrorCodes.BadUserInput, "points"), (zero.Code, zero.Field));
        var blank = await admin.Send("mutation{awardPoints(customerId:\" \",points:5){balance}}");
        Assert.Equal((ErrorCodes.BadUserInput, "customerId"), (blank.Code, blank.Field));
        var overdraw = await admin.Send("mutation{redeemPoints(customerId:\"c\",points:5){balance}}");
        Assert.Equal((ErrorCodes.BadUserInput, "points"), (overdraw.Code, overdraw.Field));
        Assert.Contains("exceeds the balance of 0", overdraw.Message);

        var shop = host.Storefront(key);
        Assert.Equal(ErrorCodes.Forbidden, (await shop.Send("{loyalty(customerId:\"c\"){balance}}")).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await shop.Send("{customerValue(customerId:\"c\"){churnRisk}}")).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await shop.Send("mutation{redeemPoints(customerId:\"c\",points:1){balance}}")).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await shop.Send("{clvModel{r}}")).Code);

        // With the customer's sign-in token, the storefront reads that customer's account and no one else's.
        await admin.Data("mutation{awardPoints(customerId:\"c\",points:40,reason:\"welcome\"){balance}}");
        var token = (await admin.Data("mutation{issueCustomerToken(customerId:\"c\"){token}}"))["issueCustomerToken"]!["token"]!.GetValue<string>();
        var signedIn = host.Storefront(key, token);
        Assert.Equal(40, (await signedIn.Data("{loyalty(customerId:\"c\"){balance}}"))["loyalty"]!["balance"]!.GetValue<int>());
        Assert.Equal(ErrorCodes.Forbidden, (await signedIn.Send("{loyalty(customerId:\"someone-else\"){balance}}")).Code);
    }

    [Fact]
    public async Task Other_modules_read_the_balance_only_where_loyalty_is_enabled()
    {
        var (store, _) = await host.NewStore("l", "loyalty");
        await host.Admin(store).Data("mutation{awardPoints(customerId:\"ann\",points:120){balance}}");
        var balances = host.Services.GetRequiredService<RetailCommerce.Shopping.ILoyaltyBalance>();
        var balance = await balances.BalanceAsync(store, "ann", default);
        Assert.Equal(120, balance!.Points);
        Assert.False(string.IsNullOrEmpty(balance.Tier));

        await host.Admin(store).Data("mutation{disableModule(id:\"loyalty\"){id}}");
        Assert.Null(await balances.BalanceAsync(store, "ann", default));
    }

    [Fact]
    public async Task Fields_and_jobs_answer_MODULE_DISABLED_while_the_module_is_off()
    {
        var (store, key) = await host.NewStore("l");
        Assert.Equal(ErrorCodes.ModuleDisabled, (await host.Admin(store).Send("{clvModel{r}}")).Code);
        Assert.Equal(ErrorCodes.ModuleDisabled, (await host.Admin(store).Send("mutation{awardPoints(customerId:\"c\",points:5){balance}}")).Code);
        Assert.Equal(ErrorCodes.ModuleDisabled, (await host.Storefront(key).Send("{customerValue(customerId:\"c\"){churnRisk}}")).Code);
        Assert.Equal(ErrorCodes.ModuleDisabled, (await host.Admin(store).Send("mutation{runJob(id:\"loyalty.fit-clv\"){outcome}}")).Code);
    }

    private async Task<IReadOnlyList<IEvent>> Events(string store, string customer)
    {
        await using var session = host.Services.GetRequiredService<StoreSessions>().Read(store);
        return await session.Events.FetchStreamAsync(PointsStreams.For(customer));
    }

    private static int Signed(object e) => e switch
    {
        PointsEarned x => x.Points,
        BonusPointsAwarded x => x.Points,
        PointsRedeemed x => -x.Points,
        PointsExpired x => -x.Points,
        PointsReversed x => -x.Points,
        _ => 0,
    };
}

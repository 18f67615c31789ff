using System.Net.Mail;
using System.Security.Cryptography;
using System.Text.Json;
using RetailCommerce.Catalog;
using RetailCommerce.Tracking;

namespace RetailCommerce.DemoStore.Tests;

/// <summary>Determinism, option checks, and that every generated input passes the platform's own rules.</summary>
public sealed class GeneratorTests
{
    private static DemoStoreOptions Small(int seed = 7) => new() { Seed = seed, Products = 300, Customers = 200, Months = 3 };

    [Fact]
    public void Same_options_give_the_same_store_event_for_event()
    {
        Assert.Equal(Fingerprint(new DemoStoreGenerator(new DemoStoreOptions())), Fingerprint(new DemoStoreGenerator(new DemoStoreOptions())));
        Assert.Equal(Fingerprint(new DemoStoreGenerator(Small())), Fingerprint(new DemoStoreGenerator(Small())));
    }

    [Fact]
    public void Events_enumerate_the_same_every_time()
    {
        var generator = new DemoStoreGenerator(Small());
        Assert.Equal(Json(generator.Events()), Json(generator.Events()));
    }

    [Fact]
    public void Another_seed_or_end_date_gives_another_store()
    {
        var baseline = Fingerprint(new DemoStoreGenerator(Small()));
        Assert.NotEqual(baseline, Fingerprint(new DemoStoreGenerator(Small(seed: 8))));
        var later = Small();
        later.EndDate = later.EndDate.AddDays(7);
        Assert.NotEqual(baseline, Fingerprint(new DemoStoreGenerator(later)));
    }

    [Fact]
    public void Ground_truth_is_reproducible()
    {
        Assert.Equal(Json(new DemoStoreGenerator(new DemoStoreOptions()).GroundTruth), Json(new DemoStoreGenerator(new DemoStoreOptions()).GroundTruth));
    }

    [Theory]
    [InlineData(nameof(DemoStoreOptions.Products), 10)]
    [InlineData(nameof(DemoStoreOptions.Customers), 0)]
    [InlineData(nameof(DemoStoreOptions.Months), 0)]
    [InlineData(nameof(DemoStoreOptions.PairAttachChance), 2)]
    public void Out_of_range_knobs_are_refused(string knob, double value)
    {
        var options = new DemoStoreOptions();
        var property = typeof(DemoStoreOptions).GetProperty(knob)!;
        property.SetValue(options, Convert.ChangeType(value, property.PropertyType));
        var error = Assert.ThrowsAny<ArgumentException>(() => new DemoStoreGenerator(options));
        Assert.Equal(knob, error.ParamName);
    }

    [Fact]
    public void Products_pass_the_catalogs_validation()
    {
        var problems = new InputProblems();
        var products = new DemoStoreGenerator(new DemoStoreOptions()).Products().ToList();
        for (var i = 0; i < products.Count; i++) Assert.NotNull(ProductValidation.Validate(products[i], i, "EUR", problems));
        Assert.Empty(problems.Errors);
        Assert.Equal(products.Count, products.Select(p => p.Id).Distinct().Count());
        Assert.All(products, p =>
        {
            Assert.Equal(3, ProductValidation.ParseCategory(p.Category).Count);
            Assert.Contains(p.Attributes!, a => a.Name == "cost" && decimal.Parse(a.Value!, System.Globalization.CultureInfo.InvariantCulture) < p.Price);
            Assert.Contains(p.Attributes!, a => a.Name == "margin");
            Assert.Contains(p.Attributes!, a => a.Name == "launched");
        });
    }

    [Fact]
    public void Customers_pass_the_directorys_rules()
    {
        var generator = new DemoStoreGenerator(new DemoStoreOptions());
        var customers = generator.Customers().ToList();
        Assert.Equal(customers.Count, customers.Select(c => c.Id).Distinct().Count());
        Assert.All(customers, c =>
        {
            Assert.True(ProductValidation.IsValidId(c.Id));
            Assert.False(c.Id!.StartsWith(ShopperStreams.SessionPrefix, StringComparison.Ordinal));
            Assert.True(MailAddress.TryCreate(c.Email, out _), c.Email);
            Assert.InRange(c.Name!.Length, 1, 200);
            Assert.Matches("^[A-Z]{2}$", c.Country!);
            Assert.True(c.CreatedAt < generator.Options.EndDate);
        });
    }

    [Fact]
    public void Events_pass_the_ingest_rules()
    {
        // The same rules EventIngest applies (its validator is private; the integration test runs the real one).
        var generator = new DemoStoreGenerator(new DemoStoreOptions());
        var products = generator.CatalogProducts.Select(p => p.Id).ToHashSet();
        string[] productTypes = ["VIEW", "CLICK", "ADD_TO_CART", "REMOVE_FROM_CART", "PURCHASE", "RETURN"];
        foreach (var e in generator.Events())
        {
            Assert.True(ShopperEventFactory.IsKnownType(e.Type!), e.Type);
            Assert.InRange(e.Id!.Length, 1, 200);
            Assert.True(e.CustomerId is not null || e.SessionId is not null, e.Id);
            if (e.CustomerId is not null) Assert.True(ProductValidation.IsValidId(e.CustomerId), e.Id);
            if (productTypes.Contains(e.Type)) Assert.Contains(e.ProductId!, products);
            if (e.Type is "ADD_TO_CART" or "REMOVE_FROM_CART" or "PURCHASE" or "RETURN") Assert.True(e.Quantity > 0, e.Id);
            if (e.Type is "PURCHASE" or "RETURN") Assert.False(string.IsNullOrWhiteSpace(e.OrderId), e.Id);
            if (e.Type == "SEARCH") Assert.False(string.IsNullOrWhiteSpace(e.Query), e.Id);
            Assert.True(e.Price is null or >= 0, e.Id);
            Assert.True(e.SessionId is null or { Length: <= 128 } && e.OrderId is null or { Length: <= 128 });
            Assert.True(e.Context is null || e.Context is { Device: null or { Length: <= 64 }, Referrer: null or { Length: <= 2_048 }, Country.Length: 2 }, e.Id);
            Assert.True(e.OccurredAt < generator.Options.EndDate, e.Id);
        }
    }

    private static string Fingerprint(DemoStoreGenerator generator)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in generator.Products()) hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(p));
        foreach (var c in generator.Customers()) hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(c));
        foreach (var e in generator.Events()) hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(e));
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}

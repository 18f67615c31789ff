using RetailCommerce.Modules;

namespace RetailCommerce.Core.Tests;

public sealed class ModuleCatalogTests
{
    private static ModuleDescriptor Module(string id, params string[] dependencies) =>
        new(id, id, "", "Test", dependencies, typeof(ModuleCatalogTests).Assembly, []);

    [Fact]
    public void Dependencies_come_first_and_each_once()
    {
        var catalog = new ModuleCatalog([Module("A"), Module("B", "A"), Module("C", "A", "B")]);
        Assert.Equal(["A", "B", "C"], catalog.WithDependencies(catalog.Find("C")!).Select(m => m.Id));
        Assert.Equal(["B", "C"], catalog.Dependents("A").Select(m => m.Id).Order());
    }

    [Fact]
    public void A_missing_dependency_fails_at_start_with_its_name()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ModuleCatalog([Module("B", "Nowhere")]));
        Assert.Contains("Nowhere", e.Message);
    }

    [Fact]
    public void Discovery_finds_the_test_modules_by_their_manifests()
    {
        var catalog = ModuleCatalog.Discover();
        Assert.NotNull(catalog.Find("GiftWrap"));
        Assert.Equal(["GiftWrap"], catalog.Find("GiftMessages")!.Dependencies);
        Assert.Single(catalog.Find("GiftWrap")!.Startups);
    }
}

using RetailCommerce.Catalog;
using static RetailCommerce.Modules.Recommendations.Tests.TestData;

namespace RetailCommerce.Modules.Recommendations.Tests;

/// <summary>The ranker's catalog features: days since launch (never read from the future) and category share.</summary>
public class CatalogFeatureTests
{
    private static readonly int LaunchColumn = Array.IndexOf(CandidateSet.FeatureNames, "product.launch_age_days");
    private static readonly int RecentShareColumn = Array.IndexOf(CandidateSet.FeatureNames, "customer.category_share_recent");
    private static readonly int AllShareColumn = Array.IndexOf(CandidateSet.FeatureNames, "customer.category_share_all");

    private static readonly BlendedRankerOptions Small = new()
    {
        CatalogFeatures = true,
        CandidatesPerModel = 20,
        Als = new ImplicitAlsOptions { Factors = 4, Iterations = 5 },
        Ease = null,
    };

    [Fact]
    public void Launch_age_is_measured_at_the_cutoff_and_a_later_launch_is_never_read()
    {
        var facts = new ProductFacts(new Dictionary<string, DateTimeOffset>
        {
            ["old"] = Start.AddDays(-100),
            ["announced"] = Start.AddDays(50),
        }, null);
        var cutoff = Start.AddDays(10);
        Assert.Equal(110, facts.LaunchAgeDays("old", cutoff, Start), 6);
        // Launched (per the catalog) after the cutoff but already bought before it: as old as its first sale, which is
        // what the store knew at the cutoff; never negative, never the future date.
        Assert.Equal(7, facts.LaunchAgeDays("announced", cutoff, Start.AddDays(3)), 6);
        // Launched after the cutoff and never seen: unknown, like a product with no launch date at all.
        Assert.Equal(-1, facts.LaunchAgeDays("announced", cutoff, null));
        Assert.Equal(-1, facts.LaunchAgeDays("no-date", cutoff, Start));
    }

    [Fact]
    public void The_launch_attribute_wins_over_the_import_time()
    {
        var imported = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var facts = ProductFacts.From([
            new Product { Id = "p1", CreatedAt = imported, Attributes = [new ProductAttribute("launch_date", "1998-02-06")], CategoryPath = ["Outdoor", "Shoes"] },
            new Product { Id = "p2", CreatedAt = imported },
            new Product { Id = "p3" },
        ]);
        Assert.Equal(new DateTimeOffset(1998, 2, 6, 0, 0, 0, TimeSpan.Zero), ProductFacts.LaunchOf(new Product { Id = "p1", CreatedAt = imported, Attributes = [new ProductAttribute("launch_date", "1998-02-06")] }));
        Assert.Equal(2, facts.LaunchDates);
        Assert.Equal("Outdoor > Shoes", facts.CategoryOf("p1"));
        Assert.Null(facts.CategoryOf("p2"));
        Assert.Equal(-1, facts.LaunchAgeDays("p3", imported, null));
    }

    /// <summary>
    /// Twenty customers over 20 days. "late" is launched on day 15 and only bought from then on; "imported" has a
    /// launch date (its import time) after all the data but is bought from day 1 on.
    /// </summary>
    private static List<Interaction> Store()
    {
        var list = new List<Interaction>();
        for (var c = 0; c < 20; c++)
        {
            for (var p = 0; p < 6; p++) list.Add(Buy($"c{c}", $"p{(c + p) % 8}", (c + 3 * p) % 15 + 0.1 * c));
            list.Add(Buy($"c{c}", "imported", 1 + c % 10));
            if (c % 2 == 0) list.Add(Buy($"c{c}", "late", 15 + c / 4.0));
        }
        return list;
    }

    private static ProductFacts Facts() => new(
        new Dictionary<string, DateTimeOffset>
        {
            ["late"] = Start.AddDays(15),
            ["imported"] = Start.AddDays(400),
            ["p0"] = Start.AddDays(-30),
        },
        Enumerable.Range(0, 8).ToDictionary(p => $"p{p}", p => p < 4 ? "Shoes" : "Bags"));

    [Fact]
    public void A_validation_slice_never_sees_a_product_launched_after_its_cutoff()
    {
        var all = Store();
        var cutoff = Start.AddDays(12);
        var past = all.Where(x => x.OccurredAt < cutoff).ToList();
        var models = CandidateModels.Train(past, Small, Facts());
        var now = models.Popular.TrainedUntil;
        Assert.True(now < Start.AddDays(15));

        foreach (var customer in new[] { "c0", "c3", "c7", "stranger" })
        {
            var set = CandidateSet.Build(models, RecommendationQuery.ForCustomer(customer, 20), 20);
            Assert.DoesNotContain("late", set.Products); // not launched at the cutoff: not a candidate at all
            for (var n = 0; n < set.Products.Count; n++)
            {
                var age = set.Features[n][LaunchColumn];
                Assert.True(age == -1 || (age >= 0 && age <= (now - Start.AddDays(-30)).TotalDays + 1e-3), $"{set.Products[n]}: {age}");
                if (set.Products[n] == "imported")
                    Assert.Equal((now - models.Popular.FirstSeenOf("imported")!.Value).TotalDays, age, 3);
                if (set.Products[n] == "p0")
                    Assert.Equal((now - Start.AddDays(-30)).TotalDays, age, 3);
            }
        }

        // On all the data "late" is a candidate, as old as it is at the end of the data.
        var full = CandidateModels.Train(all, Small, Facts());
        var odd = CandidateSet.Build(full, RecommendationQuery.ForCustomer("c1", 20), 20);
        var at = odd.Products.ToList().IndexOf("late");
        Assert.True(at >= 0);
        Assert.Equal((full.Popular.TrainedUntil - Start.AddDays(15)).TotalDays, odd.Features[at][LaunchColumn], 3);
    }

    [Fact]
    public void Category_share_is_the_share_of_the_customer_history_in_the_candidate_category()
    {
        var list = new List<Interaction>
        {
            Buy("me", "p0", 1), Buy("me", "p1", 2), Buy("me", "p2", 3), Buy("me", "p4", 4),
        };
        for (var c = 0; c < 6; c++) { list.Add(Buy($"o{c}", "p3", 1 + c)); list.Add(Buy($"o{c}", "p5", 1 + c)); list.Add(Buy($"o{c}", "p0", 1)); }
        var models = CandidateModels.Train(list, Small, Facts());
        var set = CandidateSet.Build(models, RecommendationQuery.ForCustomer("me", 20), 20);
        var shoes = set.Products.ToList().IndexOf("p3");
        var bags = set.Products.ToList().IndexOf("p5");
        Assert.True(shoes >= 0 && bags >= 0);
        Assert.Equal(0.75f, set.Features[shoes][AllShareColumn], 4);
        Assert.Equal(0.25f, set.Features[bags][AllShareColumn], 4);
        Assert.Equal(0.75f, set.Features[shoes][RecentShareColumn], 4);
    }

    [Fact]
    public void Switched_off_the_ranker_reads_nothing_from_the_catalog()
    {
        var ranker = BlendedRanker.Train(Store(), Small with { CatalogFeatures = false, ValidationCuts = [0.6, 0.8], LabelWindow = 0.2, LightGbmMinExamplesPerLeaf = 5 }, Facts());
        Assert.Equal(0, ranker.Models.Facts.LaunchDates);
        var set = CandidateSet.Build(ranker.Models, RecommendationQuery.ForCustomer("c1", 20), 20);
        Assert.All(set.Features, row => Assert.Equal(-1f, row[LaunchColumn]));
    }
}

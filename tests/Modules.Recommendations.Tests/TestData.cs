namespace RetailCommerce.Modules.Recommendations.Tests;

/// <summary>Small hand-made interaction sets.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Start = new(2001, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static Interaction Buy(string customer, string product, double day = 0) =>
        new(customer, product, InteractionKind.Purchase, 1, Start.AddDays(day));

    public static Interaction View(string customer, string product, double day = 0) =>
        new(customer, product, InteractionKind.View, 1, Start.AddDays(day));

    public static Interaction Cart(string customer, string product, double day = 0) =>
        new(customer, product, InteractionKind.AddToCart, 1, Start.AddDays(day));

    /// <summary>
    /// Two taste groups that never overlap: customers a1..a4 buy only A-products, b1..b4 only B-products.
    /// Each customer misses one product of their group, which is what a model should recommend.
    /// </summary>
    public static List<Interaction> TwoGroups()
    {
        var list = new List<Interaction>();
        string[] a = ["A1", "A2", "A3", "A4"], b = ["B1", "B2", "B3", "B4"];
        for (var c = 0; c < 4; c++)
        {
            for (var p = 0; p < 4; p++)
            {
                if (p == c) continue; // customer c lacks product c of its group
                list.Add(Buy($"a{c + 1}", a[p], c + p));
                list.Add(Buy($"b{c + 1}", b[p], c + p));
            }
        }
        // Make B the more popular group overall, so a popularity answer would be wrong for a-customers.
        for (var n = 0; n < 6; n++) list.Add(Buy($"x{n}", "B1", 1));
        return list;
    }

    /// <summary>
    /// 60 customers over 30 days in two taste groups (A-products and B-products); each buys a few products
    /// of their group every few days, so every validation window has customers discovering new products.
    /// </summary>
    public static List<Interaction> DiscoveringTwoGroups(int seed)
    {
        var random = new Random(seed);
        var list = new List<Interaction>();
        for (var c = 0; c < 60; c++)
        {
            var group = c % 2 == 0 ? "A" : "B";
            var owned = new HashSet<int>();
            for (var day = random.Next(3); day < 30; day += 2 + random.Next(3))
            {
                var p = random.Next(12);
                if (owned.Add(p)) list.Add(Buy($"{group}{c}", $"{group}-{p}", day + random.NextDouble()));
            }
        }
        return list;
    }

    /// <summary>A ranker small enough for <see cref="DiscoveringTwoGroups"/>: few candidates, four late validation cuts, tiny ALS.</summary>
    public static readonly BlendedRankerOptions SmallRanker = new()
    {
        CandidatesPerModel = 20,
        ValidationCuts = [0.5, 0.6, 0.7, 0.8],
        LabelWindow = 0.2,
        LightGbmMinExamplesPerLeaf = 5,
        Als = new ImplicitAlsOptions { Factors = 4, Iterations = 5 },
    };
}

using System.Globalization;
using System.Text;

namespace RetailCommerce.DemoStore;

/// <summary>
/// Draws the static part of the demo store from one random source, in a fixed order: the catalog, the
/// planted pairs, the promotions, then the customers.
/// </summary>
internal sealed class DemoStorePlanner(DemoStoreOptions options, DemoCalendar calendar, Random random)
{
    private static readonly string[] FirstNames =
    [
        "Anna", "Lukas", "Sophie", "Jonas", "Marie", "Felix", "Emma", "Paul", "Léa", "Hugo", "Chloé", "Louis", "Sanne", "Daan", "Lotte",
        "Bram", "Giulia", "Marco", "Chiara", "Luca", "Lucía", "Pablo", "Carmen", "Javier", "Zofia", "Jakub", "Maja", "Piotr", "Elsa",
        "Oskar", "Freja", "Magnus", "Ines", "Tobias", "Jürgen", "Zoë", "Noah", "Mia", "Elias", "Clara",
    ];
    private static readonly string[] LastNames =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Martin", "Bernard", "Dubois", "Lefèvre", "de Vries", "Jansen", "Bakker",
        "Visser", "Rossi", "Russo", "Bianchi", "García", "Fernández", "López", "Martínez", "Nowak", "Kowalski", "Wiśniewski", "Andersson",
        "Johansson", "Nielsen", "Hansen", "Peeters", "Maes", "Gruber", "Huber", "Wagner", "Becker", "Hoffmann", "Moreau", "Laurent",
    ];
    private static readonly (string Code, double Weight)[] Countries =
        [("DE", 0.30), ("FR", 0.14), ("NL", 0.10), ("IT", 0.09), ("AT", 0.08), ("ES", 0.08), ("BE", 0.07), ("PL", 0.06), ("SE", 0.04), ("DK", 0.04)];
    private static readonly double[] CountryCumulative = DemoCalendar.Cumulative(Countries.Select(c => c.Weight).ToArray());
    private static readonly string[] EmailDomains = ["example.com", "example.org", "example.net"];
    private static readonly decimal[] Discounts = [0.10m, 0.15m, 0.20m, 0.25m, 0.30m, 0.40m];
    private static readonly Dictionary<string, double> CatalogShare = new()
    {
        ["Home"] = 1.1, ["Fashion"] = 1.3, ["Electronics"] = 1.0, ["Sports"] = 0.9, ["Toys"] = 0.9, ["Beauty"] = 1.0, ["Garden"] = 0.7,
    };

    /// <summary>Share of Black Friday's catalog on sale, and its discount.</summary>
    public const double BlackFridayShare = 0.08;
    public const decimal BlackFridayDiscount = 0.25m;

    /// <summary>The catalog. Every leaf gets at least one product; the rest are spread by department share.</summary>
    public List<DemoProduct> PlanProducts()
    {
        var leaves = DemoCatalogBlueprint.Leaves;
        var leafCumulative = DemoCalendar.Cumulative(leaves.Select(l => CatalogShare[l.Department.Name]).ToArray());
        var products = new List<DemoProduct>(options.Products);
        var historyDays = Math.Max(1, (int)(calendar.End - calendar.Start).TotalDays);
        for (var i = 0; i < options.Products; i++)
        {
            var leaf = i < leaves.Count ? leaves[i] : leaves[DemoCalendar.Pick(leafCumulative, random.NextDouble())];
            var brand = random.PickOne(leaf.Department.Brands);
            var qualifier = random.PickOne(leaf.Qualifiers);
            var noun = random.PickOne(leaf.Nouns);
            var material = leaf.Materials.Length > 0 && random.Chance(0.8) ? random.PickOne(leaf.Materials) : null;
            var variant = leaf.Variants.Length > 0 ? random.PickOne(leaf.Variants) : null;
            var colour = leaf.HasColour ? random.PickOne(DemoCatalogBlueprint.Colours) : null;
            var price = ListPrice(leaf.PriceRange.Min, leaf.PriceRange.Max);
            var (minMargin, maxMargin) = leaf.Department.MarginRange;
            var margin = minMargin + random.NextDouble() * (maxMargin - minMargin);
            var cost = Math.Round(price * (decimal)(1 - margin), 2, MidpointRounding.AwayFromZero);
            var stock = random.Chance(0.04) ? 0 : (int)Math.Clamp(Math.Round(Math.Exp(3.5 + 0.9 * random.Gaussian())), 1, 999);
            // New products launch well inside the history so their arrival is visible; the others were on sale before it.
            var launched = random.Chance(options.NewProductShare) && historyDays > 28
                ? calendar.Start.AddDays(random.Next(14, historyDays - 14))
                : calendar.Start.AddDays(-random.Next(1, 731));
            var title = new StringBuilder().Append(brand).Append(' ').Append(qualifier).Append(' ');
            if (material is not null) title.Append(material).Append(' ');
            title.Append(noun);
            if (variant is not null) title.Append(' ').Append(variant);
            if (colour is not null) title.Append(", ").Append(colour);
            products.Add(new DemoProduct
            {
                Index = i, Id = $"p-{i + 1:D5}", Leaf = leaf, Brand = brand, Qualifier = qualifier, Noun = noun, Material = material,
                Variant = variant, Colour = colour, Title = title.ToString(), Price = price, Cost = cost, Stock = stock,
                LaunchedAt = new DateTimeOffset(launched.Date, TimeSpan.Zero), Popularity = Math.Exp(0.9 * random.Gaussian()),
            });
        }
        return products;
    }

    /// <summary>
    /// Pairs of complementary products, each product in at most one pair; both were on sale before the history
    /// started, and the first is one of the more popular of its leaf so the pair shows up in enough orders.
    /// </summary>
    public List<BoughtTogetherPair> PlanPairs(IReadOnlyList<DemoProduct> products)
    {
        var paired = new HashSet<int>();
        var pairs = new List<BoughtTogetherPair>();
        var complements = DemoCatalogBlueprint.ComplementaryLeaves;
        var byLeaf = products.Where(p => p.LaunchedAt < calendar.Start).GroupBy(p => p.Leaf.Path).ToDictionary(g => g.Key, g => g.ToList());
        for (var i = 0; i < options.BoughtTogetherPairs; i++)
        {
            var (firstLeaf, secondLeaf) = complements[i % complements.Count];
            var first = Candidate(byLeaf.GetValueOrDefault(firstLeaf), paired, popular: true);
            var second = Candidate(byLeaf.GetValueOrDefault(secondLeaf), paired, popular: false);
            if (first is null || second is null) continue;
            paired.Add(first.Index);
            paired.Add(second.Index);
            pairs.Add(new BoughtTogetherPair(first.Id, second.Id));
        }
        return pairs;
    }

    private DemoProduct? Candidate(List<DemoProduct>? leaf, HashSet<int> paired, bool popular)
    {
        var free = leaf?.Where(p => !paired.Contains(p.Index)).ToList();
        if (free is null || free.Count == 0) return null;
        if (!popular) return random.PickOne(free);
        // The most popular of a few random picks: popular enough to be bought often, without always taking the top seller.
        var best = random.PickOne(free);
        for (var k = 0; k < 3; k++)
        {
            var other = random.PickOne(free);
            if (other.Popularity > best.Popularity) best = other;
        }
        return best;
    }

    /// <summary>
    /// Regular promotions spread over the history in equal slots (one per slot, 7-14 days, one department or
    /// leaf, a third of its products, 10-40 % off), plus a Black Friday sale in every holiday peak.
    /// </summary>
    public List<DemoPromotion> PlanPromotions(IReadOnlyList<DemoProduct> products)
    {
        var planned = new List<(string Name, DateTimeOffset Start, DateTimeOffset End, decimal Discount, List<DemoProduct> Products)>();
        var count = (int)Math.Round(options.PromotionsPerYear * options.Months / 12.0, MidpointRounding.AwayFromZero);
        var first = calendar.Start.AddDays(3);
        var usable = (calendar.End.AddDays(-3) - first).TotalDays;
        if (count > 0 && usable >= 2)
        {
            var slot = usable / count;
            for (var i = 0; i < count; i++)
            {
                var days = Math.Max(1, Math.Min(random.Next(7, 15), (int)slot));
                var start = first.AddDays(Math.Floor(slot * i) + random.Next(0, Math.Max(1, (int)slot - days + 1)));
                start = new DateTimeOffset(start.Date, TimeSpan.Zero);
                string target;
                Func<DemoProduct, bool> inTarget;
                if (random.Chance(0.6))
                {
                    var department = random.PickOne(DemoCatalogBlueprint.Departments);
                    target = department.Name;
                    inTarget = p => p.Leaf.Department == department;
                }
                else
                {
                    var leaf = random.PickOne(DemoCatalogBlueprint.Leaves);
                    target = leaf.Name;
                    inTarget = p => p.Leaf == leaf;
                }
                var eligible = products.Where(p => inTarget(p) && p.LaunchedAt <= start).ToList();
                var chosen = eligible.Where(_ => random.Chance(0.33)).Take(80).ToList();
                if (chosen.Count == 0) continue;
                var discount = random.PickOne(Discounts);
                var name = $"{start.ToString("MMMM", CultureInfo.InvariantCulture)} {target} sale: {discount * 100:0} % off";
                planned.Add((name, start, start.AddDays(days), discount, chosen));
            }
        }
        foreach (var peak in calendar.Peaks)
        {
            var start = peak.BlackFriday;
            var end = start.AddDays(4); // through Cyber Monday
            if (start < calendar.Start || end > calendar.End) continue;
            var chosen = products.Where(p => p.LaunchedAt <= start && random.Chance(BlackFridayShare)).Take(250).ToList();
            if (chosen.Count == 0) continue;
            planned.Add(($"Black Friday {start.Year}: {BlackFridayDiscount * 100:0} % off", start, end, BlackFridayDiscount, chosen));
        }
        // Numbered in start order (a stable sort keeps the planning order for equal starts).
        return planned.OrderBy(p => p.Start).Select((p, i) => new DemoPromotion
        {
            Id = $"promo-{i + 1:D2}", Name = p.Name, Start = p.Start, End = p.End, Discount = p.Discount,
            ProductIds = p.Products.Select(x => x.Id).ToList(), ProductIndexes = p.Products.Select(x => x.Index).ToHashSet(),
        }).ToList();
    }

    /// <summary>The customers, their personas, sign-up dates, favourites, churn and (for gift buyers) the day of their one order.</summary>
    public List<DemoCustomer> PlanCustomers()
    {
        var personas = Enum.GetValues<Persona>();
        var personaCumulative = DemoCalendar.Cumulative(personas.Select(options.Personas.WeightOf).ToArray());
        var historyDays = Math.Max(1, (int)(calendar.End - calendar.Start).TotalDays);
        var customers = new List<DemoCustomer>(options.Customers);
        for (var i = 0; i < options.Customers; i++)
        {
            var persona = personas[DemoCalendar.Pick(personaCumulative, random.NextDouble())];
            var first = random.PickOne(FirstNames);
            var last = random.PickOne(LastNames);
            var email = $"{AsciiFold(first)}.{AsciiFold(last)}{i + 1}@{random.PickOne(EmailDomains)}";
            var country = Countries[DemoCalendar.Pick(CountryCumulative, random.NextDouble())].Code;
            var timeOfSignUp = DemoCalendar.TimeOfDay(random);

            DateTimeOffset? giftDay = null;
            var browseDays = new List<DateTimeOffset>();
            DateTimeOffset createdAt;
            if (persona == Persona.GiftBuyer)
            {
                giftDay = calendar.Peaks.Count > 0
                    ? DayIn(random.PickOne(calendar.Peaks))
                    : calendar.Start.AddDays(random.Next(0, historyDays));
                // Most gift buyers sign up shortly before their order; some have had an account for years.
                createdAt = random.Chance(0.65)
                    ? giftDay.Value.AddDays(-random.Next(1, 11)) + timeOfSignUp
                    : giftDay.Value.AddDays(-random.Next(30, 1096)) + timeOfSignUp;
                for (var k = random.Next(0, 3); k > 0; k--)
                {
                    var day = giftDay.Value.AddDays(-random.Next(1, 15));
                    if (day > createdAt && day >= calendar.Start && !browseDays.Contains(day)) browseDays.Add(day);
                }
                browseDays.Sort();
            }
            else
            {
                createdAt = random.Chance(0.75)
                    ? calendar.Start.AddDays(-random.Next(1, 1096)) + timeOfSignUp
                    : calendar.Start.AddDays(random.Next(0, Math.Max(1, historyDays - 14))) + timeOfSignUp;
            }
            createdAt = new DateTimeOffset(createdAt.Ticks - createdAt.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

            var favourite = random.Next(DemoCatalogBlueprint.Departments.Count);
            var second = (favourite + 1 + random.Next(DemoCatalogBlueprint.Departments.Count - 1)) % DemoCatalogBlueprint.Departments.Count;
            DateTimeOffset? churnsAt = null;
            if (persona is Persona.LoyalRegular or Persona.BargainHunter or Persona.Occasional && random.Chance(0.15))
            {
                var from = (createdAt > calendar.Start ? createdAt : calendar.Start).AddDays(30);
                if (from < calendar.End)
                    churnsAt = new DateTimeOffset(from.AddDays(random.Next(0, Math.Max(1, (int)(calendar.End - from).TotalDays))).Date, TimeSpan.Zero);
            }
            customers.Add(new DemoCustomer
            {
                Index = i, Id = $"c-{i + 1:D5}", Name = $"{first} {last}", Email = email, Country = country, CreatedAt = createdAt,
                Persona = persona, Activity = Math.Exp(0.6 * random.Gaussian() - 0.18), FavouriteDepartments = [favourite, second],
                ChurnsAt = churnsAt, GiftDay = giftDay, GiftBrowseDays = browseDays,
            });
        }
        return customers;
    }

    private DateTimeOffset DayIn(HolidayPeak peak)
    {
        var from = peak.Start > calendar.Start ? peak.Start : calendar.Start;
        var to = peak.End < calendar.End ? peak.End : calendar.End;
        var days = Math.Max(1, (int)(to - from).TotalDays);
        return new DateTimeOffset(from.AddDays(random.Next(0, days)).Date, TimeSpan.Zero);
    }

    private decimal ListPrice(decimal min, decimal max)
    {
        // Log-uniform: cheap items are common, expensive ones rare, as in most catalogs. Prices end in .99 or .49.
        var value = Math.Exp(Math.Log((double)min) + random.NextDouble() * (Math.Log((double)max) - Math.Log((double)min)));
        var whole = Math.Max(1, Math.Floor(value));
        return (decimal)whole + (random.Chance(0.8) ? 0.99m : 0.49m);
    }

    private static string AsciiFold(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (c == 'ł') sb.Append('l');
            else if (char.IsAsciiLetter(c)) sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}

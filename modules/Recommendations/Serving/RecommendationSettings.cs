namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>A merchant's pin: this product at this position (1-based) of a placement, whatever the model says.</summary>
public sealed record PlacementPin(string ProductId, int Position);

/// <summary>A merchant's boost: multiply the score of a product, or of every product in a category (path prefix).</summary>
public sealed record PlacementBoost(string Target, double Factor);

/// <summary>Per-placement settings.</summary>
public sealed class PlacementSettings
{
    /// <summary>When false the placement answers an empty list (strategy "disabled").</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>At most this many products per brand (0 = no cap).</summary>
    public int MaxPerBrand { get; set; } = 3;
    /// <summary>At most this many products per category (0 = no cap).</summary>
    public int MaxPerCategory { get; set; } = 4;
    /// <summary>MMR λ: 1 keeps the model's order, lower trades relevance for variety (same category/brand counts as similar).</summary>
    public double DiversityLambda { get; set; } = 0.8;
    /// <summary>Keep one slot for exploring new products (Thompson sampling on their click-through).</summary>
    public bool ExplorationSlot { get; set; } = true;
    public List<PlacementPin> Pins { get; set; } = [];
    public List<PlacementBoost> Boosts { get; set; } = [];
}

/// <summary>The store's recommendation settings (one document per store).</summary>
public sealed class RecommendationSettings
{
    public const string DocumentId = "settings";
    public string Id { get; set; } = DocumentId;

    /// <summary>Settings by placement name (PERSONALIZED, ...); missing placements use the defaults.</summary>
    public Dictionary<string, PlacementSettings> Placements { get; set; } = [];

    /// <summary>Category path prefixes of durable goods: once bought, not recommended again to that customer (consumables may be).</summary>
    public List<string> DurableCategories { get; set; } = [];

    /// <summary>When true every bought product counts as durable (no repeats at all).</summary>
    public bool NoRepeatsOfAnyPurchase { get; set; }

    /// <summary>Break near-ties (within 2% of score) by margin (price − cost attribute).</summary>
    public bool MarginTieBreak { get; set; }

    /// <summary>Record one AI decision per this many personal lists (1 = all, 0 = none); see docs.</summary>
    public int DecisionLogSampleEvery { get; set; } = 1;

    /// <summary>Days a product counts as "new" (store clock).</summary>
    public int NewProductDays { get; set; } = 30;

    /// <summary>The settings of one placement (defaults when never saved).</summary>
    public PlacementSettings For(Placement placement) =>
        Placements.TryGetValue(Key(placement), out var s) ? s : Defaults(placement);

    /// <summary>The stored key of a placement (its GraphQL name).</summary>
    public static string Key(Placement placement) => GraphQLName(placement);

    /// <summary>PERSONALIZED, FREQUENTLY_BOUGHT_TOGETHER, ...</summary>
    public static string GraphQLName(Placement placement) =>
        string.Concat(placement.ToString().Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + ch : ch.ToString())).ToUpperInvariant();

    private static PlacementSettings Defaults(Placement placement) => placement switch
    {
        // Recently viewed is the shopper's own list: no caps, no exploration, no reshuffling.
        Placement.RecentlyViewed => new PlacementSettings { MaxPerBrand = 0, MaxPerCategory = 0, DiversityLambda = 1, ExplorationSlot = false },
        // Pair placements are about the anchor product: the same category is expected there.
        Placement.FrequentlyBoughtTogether or Placement.CartComplements => new PlacementSettings { MaxPerCategory = 0, DiversityLambda = 1, ExplorationSlot = false },
        Placement.Similar or Placement.AlsoViewed => new PlacementSettings { MaxPerCategory = 0, MaxPerBrand = 4, DiversityLambda = 1, ExplorationSlot = false },
        _ => new PlacementSettings(),
    };
}

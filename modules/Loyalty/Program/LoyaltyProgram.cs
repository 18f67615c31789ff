namespace RetailCommerce.Modules.Loyalty.Program;

/// <summary>A tier: reached at <see cref="Threshold"/> qualifying points; multiplies the points earned on purchases.</summary>
public sealed class LoyaltyTier
{
    public string Name { get; set; } = "";
    public int Threshold { get; set; }
    public double EarnMultiplier { get; set; } = 1.0;
    public List<string> Benefits { get; set; } = [];
}

/// <summary>Points per currency unit for a category (matched on the product's category path prefix, case-insensitive).</summary>
public sealed class CategoryEarnRule
{
    /// <summary>Category path prefix, e.g. <c>Outdoor</c> or <c>Outdoor &gt; Shoes</c>.</summary>
    public string Category { get; set; } = "";
    public double Multiplier { get; set; } = 1.0;
}

/// <summary>A time-boxed bonus: extra points as a multiple of the base points (2 = double points).</summary>
public sealed class BonusCampaign
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public double Multiplier { get; set; } = 2.0;
    /// <summary>Only purchases in this category (path prefix); null = every purchase.</summary>
    public string? Category { get; set; }

    /// <summary>True when a purchase at <paramref name="at"/> in <paramref name="category"/> qualifies.</summary>
    public bool Covers(DateTimeOffset at, string category) =>
        at >= StartsAt && at < EndsAt && (Category is null || LoyaltyProgram.InCategory(category, Category));
}

/// <summary>
/// A store's points program (one document per store, id <see cref="DocumentId"/>): earn rules, expiry, tiers and
/// campaigns. Stores without one use <see cref="Defaults"/> built from the module options.
/// </summary>
public sealed class LoyaltyProgram
{
    public const string DocumentId = "program";

    public string Id { get; set; } = DocumentId;
    public double PointsPerCurrencyUnit { get; set; } = 1.0;
    /// <summary>Days until earned points expire; 0 = never.</summary>
    public int ExpiryDays { get; set; } = 365;
    public List<CategoryEarnRule> CategoryRules { get; set; } = [];
    public List<LoyaltyTier> Tiers { get; set; } = [];
    public List<BonusCampaign> Campaigns { get; set; } = [];

    /// <summary>The program a store gets before the merchant changes it.</summary>
    public static LoyaltyProgram Defaults(LoyaltyOptions options) => new()
    {
        PointsPerCurrencyUnit = options.PointsPerCurrencyUnit,
        ExpiryDays = options.PointsExpiryDays,
        Tiers =
        [
            new LoyaltyTier { Name = "Member", Threshold = 0, EarnMultiplier = 1.0, Benefits = ["1 point per unit spent"] },
            new LoyaltyTier { Name = "Silver", Threshold = 1_000, EarnMultiplier = 1.25, Benefits = ["25% more points", "free standard shipping"] },
            new LoyaltyTier { Name = "Gold", Threshold = 5_000, EarnMultiplier = 1.5, Benefits = ["50% more points", "free express shipping", "early access to sales"] },
        ],
    };

    /// <summary>The highest tier whose threshold the qualifying points reach.</summary>
    public LoyaltyTier TierFor(int qualifyingPoints) =>
        Tiers.Where(t => t.Threshold <= qualifyingPoints).OrderByDescending(t => t.Threshold).FirstOrDefault()
        ?? new LoyaltyTier { Name = "Member" };

    /// <summary>The next tier up, or null at the top.</summary>
    public LoyaltyTier? NextTier(int qualifyingPoints) =>
        Tiers.Where(t => t.Threshold > qualifyingPoints).OrderBy(t => t.Threshold).FirstOrDefault();

    /// <summary>Base points for a line: spend × points per unit × the category's multiplier (the most specific rule wins) × the tier's.</summary>
    public int BasePoints(decimal revenue, string category, LoyaltyTier tier)
    {
        if (revenue <= 0) return 0;
        var rule = CategoryRules.Where(r => InCategory(category, r.Category)).OrderByDescending(r => r.Category.Length).FirstOrDefault();
        return (int)Math.Floor((double)revenue * PointsPerCurrencyUnit * (rule?.Multiplier ?? 1.0) * tier.EarnMultiplier);
    }

    /// <summary>Expiry of points earned at <paramref name="at"/>.</summary>
    public DateTimeOffset? ExpiryFor(DateTimeOffset at) => ExpiryDays > 0 ? at.AddDays(ExpiryDays) : null;

    internal static bool InCategory(string category, string prefix) =>
        prefix.Length > 0 && category.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (category.Length == prefix.Length || category[prefix.Length..].TrimStart().StartsWith('>'));
}

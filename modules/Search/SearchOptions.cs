namespace RetailCommerce.Modules.Search;

/// <summary>Settings of the Search module (section <c>Retail:Search</c>).</summary>
public sealed class SearchOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Retail:Search";

    /// <summary>Longest query accepted, in characters (longer is BAD_USER_INPUT, not a truncated search).</summary>
    public int MaxQueryLength { get; set; } = 200;

    /// <summary>Results re-ordered by rules, personalization and sorting; pages beyond it keep the engine's order.</summary>
    public int RerankWindow { get; set; } = 300;

    /// <summary>Deepest result offset a cursor may reach.</summary>
    public int MaxOffset { get; set; } = 1_000;

    /// <summary>Strength of category/brand affinity in personalized ranking (0 turns it off).</summary>
    public double PersonalizationWeight { get; set; } = 0.25;

    /// <summary>Days of product activity (measured back from the store clock) that make up popularity.</summary>
    public int PopularityDays { get; set; } = 90;

    /// <summary>How often buffered query statistics are written to the database.</summary>
    public TimeSpan QueryLogFlushInterval { get; set; } = TimeSpan.FromSeconds(10);
}

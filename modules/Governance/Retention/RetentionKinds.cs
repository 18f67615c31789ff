namespace RetailCommerce.Modules.Governance.Retention;

/// <summary>The data kinds a store can set a retention period for, and what the retention job does with older data.</summary>
public static class RetentionKinds
{
    /// <summary>Raw shopper events (customer and session streams): deleted once older than the period.</summary>
    public const string Events = "events";
    /// <summary>Search texts in SEARCH events: replaced by "[expired]" once older (the event itself stays for the counts).</summary>
    public const string SearchText = "search_text";
    /// <summary>AI decision log entries: deleted once older.</summary>
    public const string Decisions = "decisions";

    /// <summary>Kind → what happens.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [Events] = "Raw shopper events are deleted (aggregates already projected from them stay).",
        [SearchText] = "Search texts in events are replaced by \"[expired]\" (the search still counts).",
        [Decisions] = "AI decision log entries are deleted.",
    };
}

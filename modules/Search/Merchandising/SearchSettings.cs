using GraphQL;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Merchandising;

/// <summary>What a merchandising rule does to the products it names.</summary>
public enum SearchRuleAction
{
    /// <summary>Put the products at the top, in the order given, even when the words would not find them.</summary>
    Pin,
    /// <summary>Multiply their score by the rule's factor (above 1).</summary>
    Boost,
    /// <summary>Divide their score by the rule's factor (they sink, but stay findable).</summary>
    Bury,
    /// <summary>Never show them.</summary>
    Hide,
}

/// <summary>
/// A merchant's merchandising rule: when a shopper searches <see cref="Query"/> (or any query when null), do
/// <see cref="Action"/> to the named products and/or every product under <see cref="TargetCategory"/>, between
/// <see cref="StartsAt"/> and <see cref="EndsAt"/> (wall clock: campaigns run in real time).
/// </summary>
public sealed class SearchRule
{
    /// <summary>Rule id (upsert key).</summary>
    public string Id { get; set; } = "";
    /// <summary>What to do.</summary>
    public SearchRuleAction Action { get; set; }
    /// <summary>The query it applies to (compared after lower-casing and collapsing spaces); null = every query.</summary>
    public string? Query { get; set; }
    /// <summary>Products the rule acts on (pin order = list order).</summary>
    public List<string> ProductIds { get; set; } = [];
    /// <summary>Category path prefix ("Outdoor > Shoes") whose products the rule acts on (boost, bury, hide).</summary>
    public string? TargetCategory { get; set; }
    /// <summary>Boost/bury strength, e.g. 1.5.</summary>
    public double Factor { get; set; } = 1.5;
    /// <summary>First moment the rule applies (inclusive); null = already.</summary>
    public DateTimeOffset? StartsAt { get; set; }
    /// <summary>First moment it no longer applies; null = open-ended.</summary>
    public DateTimeOffset? EndsAt { get; set; }
    /// <summary>Merchant's note.</summary>
    public string? Note { get; set; }

    /// <summary>True when the rule is in its time window at <paramref name="now"/> and its query (if any) is <paramref name="normalizedQuery"/>.</summary>
    public bool AppliesTo(string normalizedQuery, DateTimeOffset now) =>
        (StartsAt is null || now >= StartsAt) && (EndsAt is null || now < EndsAt)
        && (Query is null || SearchSettings.NormalizeQuery(Query) == normalizedQuery);

    /// <summary>The category path of <see cref="TargetCategory"/>, split.</summary>
    public IReadOnlyList<string>? TargetPath => string.IsNullOrWhiteSpace(TargetCategory) ? null : SearchSettings.SplitPath(TargetCategory);
}

/// <summary>
/// A store's search settings (one Marten document per store tenant): merchant synonyms, facetable attributes
/// and merchandising rules. Edited in /admin/search or through the admin GraphQL fields.
/// </summary>
public sealed class SearchSettings
{
    /// <summary>The one document id per store.</summary>
    public const string DocumentId = "search-settings";

    /// <summary>Always <see cref="DocumentId"/>.</summary>
    public string Id { get; set; } = DocumentId;

    /// <summary>
    /// Synonym lines: <c>sofa, couch, settee</c> (two-way: any finds all) or <c>tv =&gt; television, flat screen</c>
    /// (one-way: the left finds the right, not back).
    /// </summary>
    public List<string> Synonyms { get; set; } = [];

    /// <summary>Attribute names shoppers can filter and see counts for; empty = every attribute in the catalog.</summary>
    public List<string> FacetableAttributes { get; set; } = [];

    /// <summary>Merchandising rules.</summary>
    public List<SearchRule> Rules { get; set; } = [];

    /// <summary>Most synonym lines a store keeps.</summary>
    public const int MaxSynonymLines = 2_000;

    /// <summary>Most rules a store keeps.</summary>
    public const int MaxRules = 500;

    /// <summary>The synonym set the index uses; throws BAD_USER_INPUT naming the bad line.</summary>
    public static SynonymSet ParseSynonyms(IReadOnlyList<string> lines, string field = "synonyms")
    {
        if (lines.Count > MaxSynonymLines) throw new RetailError(ErrorCodes.BadUserInput, $"{field}: at most {MaxSynonymLines} lines.", field);
        var set = new SynonymSet();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.Length > 500) throw new RetailError(ErrorCodes.BadUserInput, $"{field}[{i}]: at most 500 characters.", field);
            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                var from = line[..arrow].Trim();
                var to = Terms(line[(arrow + 2)..]);
                if (from.Length == 0 || to.Length == 0)
                    throw new RetailError(ErrorCodes.BadUserInput, $"{field}[{i}]: a one-way line is 'word => alternative, alternative'.", field);
                set.AddOneWay(from, to);
            }
            else
            {
                var terms = Terms(line);
                if (terms.Length < 2) throw new RetailError(ErrorCodes.BadUserInput, $"{field}[{i}]: a two-way line names at least two words or phrases, separated by commas.", field);
                set.AddTwoWay(terms);
            }
        }
        return set;

        static string[] Terms(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Checks a rule before it is stored; throws BAD_USER_INPUT naming the field.</summary>
    public static void Validate(SearchRule rule)
    {
        if (string.IsNullOrWhiteSpace(rule.Id) || rule.Id.Length > 100) throw new RetailError(ErrorCodes.BadUserInput, "id: 1-100 characters.", "id");
        if (rule.Query is { Length: > 200 }) throw new RetailError(ErrorCodes.BadUserInput, "query: at most 200 characters.", "query");
        if (rule.ProductIds.Count > 100) throw new RetailError(ErrorCodes.BadUserInput, "productIds: at most 100.", "productIds");
        if (rule.ProductIds.Count == 0 && rule.TargetPath is null)
            throw new RetailError(ErrorCodes.BadUserInput, "productIds: name products or a targetCategory for the rule to act on.", "productIds");
        if (rule.Action == SearchRuleAction.Pin && rule.ProductIds.Count == 0)
            throw new RetailError(ErrorCodes.BadUserInput, "productIds: a pin rule names the products to pin.", "productIds");
        if (rule.Action is SearchRuleAction.Boost or SearchRuleAction.Bury && !(rule.Factor > 1 && rule.Factor <= 100))
            throw new RetailError(ErrorCodes.BadUserInput, "factor: must be above 1 and at most 100.", "factor");
        if (rule.StartsAt is { } s && rule.EndsAt is { } e && e <= s) throw new RetailError(ErrorCodes.BadUserInput, "endsAt: must be after startsAt.", "endsAt");
    }

    /// <summary>Query text as rules and statistics compare it: trimmed, lower-case, single spaces.</summary>
    public static string NormalizeQuery(string query) =>
        string.Join(' ', query.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>"A > B > C" → ["A", "B", "C"].</summary>
    public static IReadOnlyList<string> SplitPath(string path) =>
        path.Split('>', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

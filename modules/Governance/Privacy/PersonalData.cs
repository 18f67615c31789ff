using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RetailCommerce.Modules.Governance.Privacy;

/// <summary>
/// The identifiers and texts that single out one customer, and how to find and replace them in stored JSON:
/// identifiers (the customer id, linked session ids) wherever they appear as a whole token — inside keys such as
/// <c>2024-05-01|customer:c-1</c> too, but never inside a longer token such as <c>c-10</c>; the e-mail address
/// wherever it appears; the name and the texts the customer typed only as whole string values (so a search for
/// "tent" never damages "tents" or someone else's text).
/// </summary>
public sealed class PersonalData
{
    /// <summary>What erased strings read as.</summary>
    public const string ErasedText = "[erased]";

    // A match must not be preceded or followed by a letter or digit ("c-1" is not in "c-10" or "abc-1"), but may sit
    // between separators ("evt-c-1-6", "2025-01-01|customer:c-1"). The price: an id that is a separator-joined part
    // of another customer's id ("c-1" in "c-1-b") is taken as a mention of it (see docs/governance.md).
    private const string IdChars = "A-Za-z0-9";

    private readonly Regex _identifiers;
    private readonly Regex? _email;
    private readonly HashSet<string> _wholeValues;

    /// <param name="identifiers">Identifier → its replacement (a random pseudonym, the same for every occurrence).</param>
    /// <param name="email">The customer's e-mail address, if known.</param>
    /// <param name="wholeValues">Name and free texts, matched as whole string values (ordinal).</param>
    public PersonalData(IReadOnlyDictionary<string, string> identifiers, string? email, IEnumerable<string> wholeValues)
    {
        Identifiers = identifiers;
        Email = string.IsNullOrWhiteSpace(email) ? null : email;
        WholeValues = wholeValues.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal).ToList();
        _wholeValues = new HashSet<string>(WholeValues, StringComparer.Ordinal);
        _identifiers = new Regex(IdentifierPattern(escapeForPostgres: false), RegexOptions.CultureInvariant);
        if (Email is not null) _email = new Regex(Regex.Escape(Email), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public IReadOnlyDictionary<string, string> Identifiers { get; }
    public string? Email { get; }
    public IReadOnlyList<string> WholeValues { get; }

    /// <summary>A regular expression for the identifiers as whole tokens (.NET or PostgreSQL ARE syntax).</summary>
    public string IdentifierPattern(bool escapeForPostgres) =>
        $"(?<![{IdChars}])(?:{string.Join("|", Identifiers.Keys.OrderByDescending(k => k.Length).Select(k => escapeForPostgres ? PgEscape(k) : Regex.Escape(k)))})(?![{IdChars}])";

    /// <summary>
    /// A case-insensitive PostgreSQL pattern for the e-mail, and the name and free texts as JSON string values
    /// (quoted and JSON-escaped, as they appear in <c>jsonb::text</c>); null when there is none. Used to narrow
    /// candidates; <see cref="Scrub"/> decides exactly.
    /// </summary>
    public string? TextPattern()
    {
        var parts = new List<string>();
        if (Email is not null) parts.Add(PgEscape(Email));
        parts.AddRange(WholeValues.Select(v => PgEscape("\"" + JsonEscape(v) + "\"")));
        return parts.Count == 0 ? null : string.Join("|", parts);
    }

    /// <summary>True when a plain string mentions any identifier, the e-mail, or equals a whole value.</summary>
    public bool Mentions(string s) => _identifiers.IsMatch(s) || (_email?.IsMatch(s) ?? false) || _wholeValues.Contains(s);

    /// <summary>The string with identifiers pseudonymized, the e-mail erased, and whole values erased.</summary>
    public string Scrub(string s)
    {
        if (_wholeValues.Contains(s)) return ErasedText;
        var result = _identifiers.Replace(s, m => Identifiers[m.Value]);
        return _email is null ? result : _email.Replace(result, ErasedText);
    }

    /// <summary>Scrubs every string value and property name of a JSON tree in place; returns whether anything changed.</summary>
    public bool Scrub(JsonNode? node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    var newKey = Scrub(key);
                    if (value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        var scrubbed = Scrub(text);
                        if (scrubbed != text) { obj[key] = scrubbed; changed = true; }
                    }
                    else changed |= Scrub(value);
                    if (newKey != key)
                    {
                        var moved = obj[key];
                        obj.Remove(key);
                        obj[newKey] = moved;
                        changed = true;
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        var scrubbed = Scrub(text);
                        if (scrubbed != text) { array[i] = scrubbed; changed = true; }
                    }
                    else changed |= Scrub(array[i]);
                }
                break;
        }
        return changed;
    }

    /// <summary>Search text as Insights normalizes it (trimmed, lower case, single spaces).</summary>
    public static string Normalize(string text) => Regex.Replace(text.Trim().ToLowerInvariant(), @"\s+", " ");

    /// <summary>A string as PostgreSQL writes it inside <c>jsonb::text</c> (without the quotes).</summary>
    public static string JsonEscape(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (ch < 0x20) sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(ch);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A literal for a PostgreSQL advanced regular expression: every non-alphanumeric character escaped.</summary>
    public static string PgEscape(string s)
    {
        var sb = new StringBuilder(s.Length * 2);
        foreach (var ch in s)
        {
            if (char.IsLetterOrDigit(ch)) sb.Append(ch);
            else if (ch < 0x20) sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append('\\').Append(ch);
        }
        return sb.ToString();
    }
}

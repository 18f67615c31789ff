using System.Globalization;
using System.Text.RegularExpressions;
using RetailCommerce.Modules.Assistant.Sources;

namespace RetailCommerce.Modules.Assistant.Understanding;

/// <summary>The facts a shopper stated in one message.</summary>
public sealed record Slots
{
    public decimal? MaxPrice { get; init; }
    public decimal? MinPrice { get; init; }
    public string? Category { get; init; }
    public string? Colour { get; init; }
    public string? Size { get; init; }
    public string? Brand { get; init; }
    public string? Recipient { get; init; }
    public string? Occasion { get; init; }
    public string? OrderNumber { get; init; }
    /// <summary>Product words that are not a category ("sneakers", "wireless").</summary>
    public string? ProductWords { get; init; }
    /// <summary>Products named by id ("p-00012") or by title.</summary>
    public IReadOnlyList<string> ProductIds { get; init; } = [];
    /// <summary>Positions in the last shown list ("the first", "the second one"), 0-based.</summary>
    public IReadOnlyList<int> Ordinals { get; init; } = [];
    /// <summary>Units ("add two").</summary>
    public int? Quantity { get; init; }
    /// <summary>"cheaper", "less expensive".</summary>
    public bool WantsCheaper { get; init; }

    /// <summary>True when the message names something to look for.</summary>
    public bool HasProductNeed => Category is not null || ProductWords is not null || Brand is not null;
    /// <summary>True when the message states any search constraint.</summary>
    public bool HasAnyConstraint => HasProductNeed || MaxPrice is not null || MinPrice is not null || Colour is not null || Size is not null || Recipient is not null || Occasion is not null;
}

/// <summary>
/// Rule-based slot extraction against the store's own vocabulary (its colours, sizes, brands and category names,
/// from the catalog snapshot), plus patterns for amounts, order numbers, ordinals and gift recipients.
/// </summary>
public static class SlotExtractor
{
    private static readonly Regex Between = new(@"between\s*[€$£]?\s*(\d+(?:[.,]\d+)?)\s*(?:[€$£]|eur(?:os?)?)?\s*(?:and|-|to)\s*[€$£]?\s*(\d+(?:[.,]\d+)?)", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex Under = new(@"(?:under|below|less than|max(?:imum)?|at most|up to|no more than|budget(?: is| of)?|cheaper than|within|around|about|for)\s*(?:of\s*)?[€$£]?\s*(\d+(?:[.,]\d+)?)\s*(?:[€$£]|eur(?:os?)?|usd|dollars?|pounds?)?", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex Over = new(@"(?:over|above|more than|at least|min(?:imum)?)\s*[€$£]?\s*(\d+(?:[.,]\d+)?)", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex BareAmount = new(@"^\s*(?:[€$£]\s*(\d+(?:[.,]\d+)?)|(\d+(?:[.,]\d+)?)\s*(?:[€$£]|eur(?:os?)?|usd|dollars?|pounds?)?)\s*$|[€$£]\s*(\d+(?:[.,]\d+)?)|(\d+(?:[.,]\d+)?)\s*(?:€|eur(?:os?)?|usd|dollars?|pounds?)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex Order = new(@"\b(o-\d+-\d+)\b|#\s?(\d{3,})|order\s+(?:number\s+|no\.?\s*)?([a-z0-9][a-z0-9-]{2,40}\d)", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex ProductId = new(@"\bp-\d{3,}\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex SizeWord = new(@"\bsize\s+(\d{1,3}\s?(?:cm|mm|ml|l|kg|w|inch)\b|[a-z0-9]{1,4})\b|\bin\s+(xxl|xl|xs|s|m|l)\b|\b(\d{1,2})\s*-?\s*(person|pieces|inch|l|ml|mm|kg|w|cm)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex Age = new(@"(\d{1,2})\s*(?:-?\s*years?\s*-?\s*old|yo|yrs?)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex Quantity = new(@"\b(\d{1,2}|one|two|three|four|five|a pair of)\s+(?:of\s+)?(?:the|them|it|units?|pieces?|x)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    private static readonly (string Word, int Index)[] OrdinalWords =
    [
        ("first", 0), ("1st", 0), ("second", 1), ("2nd", 1), ("third", 2), ("3rd", 2), ("fourth", 3), ("4th", 3), ("fifth", 4), ("5th", 4), ("last", -1),
    ];

    private static readonly string[] Occasions = ["birthday", "christmas", "xmas", "anniversary", "wedding", "valentine", "mother's day", "mothers day", "father's day", "fathers day",
        "graduation", "housewarming", "secret santa", "retirement", "baby shower", "easter"];

    private static readonly HashSet<string> NonProductWords = ["gift", "present", "idea", "something", "anything", "product", "item", "thing", "one", "looking", "need", "want",
        "show", "find", "buy", "please", "cheap", "cheaper", "nice", "good", "best", "new", "under", "below", "size", "colour", "color", "budget", "euro", "euros", "price",
        "have", "got", "do", "sell", "like", "see", "some", "any", "for", "my", "a", "the", "in", "and", "with", "me", "i", "you", "can", "what", "about", "max", "less",
        "than", "around", "between", "year", "old", "who", "love", "likes", "he", "she", "they", "them", "his", "her", "him", "bigger", "smaller", "instead", "else", "other"];

    /// <summary>The slots of a message.</summary>
    public static Slots Extract(string message, CatalogSnapshot catalog)
    {
        var text = message.ToLowerInvariant();
        decimal? max = null, min = null;
        var m = Between.Match(text);
        if (m.Success) { min = Amount(m.Groups[1].Value); max = Amount(m.Groups[2].Value); }
        else
        {
            var under = Under.Matches(text).FirstOrDefault(x => !IsAge(text, x));
            if (under is not null && !IsSizeNumber(text, under)) max = Amount(under.Groups[1].Value);
            var over = Over.Match(text);
            if (over.Success) min = Amount(over.Groups[1].Value);
            if (max is null && min is null)
            {
                var bare = BareAmount.Match(text);
                if (bare.Success && !Regex.IsMatch(text, @"\bsize\b|\bages?\b|\bold\b|o-\d|#\d|p-\d"))
                    max = Amount(new[] { bare.Groups[1], bare.Groups[2], bare.Groups[3], bare.Groups[4] }.First(g => g.Success).Value);
            }
        }

        var words = Words.Of(text).ToList();
        var joined = " " + string.Join(' ', words) + " ";
        var category = catalog.Categories.Where(c => joined.Contains(" " + string.Join(' ', Words.Of(c)) + " "))
            .OrderByDescending(c => c.Length).FirstOrDefault();
        var colour = catalog.Colours.FirstOrDefault(c => joined.Contains(" " + string.Join(' ', Words.Of(c)) + " "));
        var brand = catalog.Brands.Where(b => joined.Contains(" " + string.Join(' ', Words.Of(b)) + " ")).OrderByDescending(b => b.Length).FirstOrDefault();
        // Multi-character variant names of the store ("40x40 cm", "2-person", "500 pieces") are matched as written.
        string? size = catalog.Sizes.Where(v => v.Length >= 4 && v.Any(char.IsDigit) && text.Contains(v.ToLowerInvariant())).OrderByDescending(v => v.Length).FirstOrDefault();
        var sm = SizeWord.Match(message);
        if (size is null && sm.Success)
        {
            var raw = sm.Groups[1].Success ? sm.Groups[1].Value : sm.Groups[2].Success ? sm.Groups[2].Value : sm.Groups[3].Value + (sm.Groups[4].Value == "person" ? "-person" : " " + sm.Groups[4].Value);
            raw = Regex.Replace(raw.Trim(), @"^(\d+)\s?([a-z]+)$", "$1 $2");
            size = catalog.Sizes.FirstOrDefault(s => s.Equals(raw, StringComparison.OrdinalIgnoreCase)) ?? raw.ToUpperInvariant();
        }

        string? recipient = null;
        foreach (var w in Regex.Split(text, @"[^a-z]+"))
            if (GiftGuide.Recipients.ContainsKey(w) && w is not ("her" or "him" or "men" or "women" or "man" or "woman") ) { recipient = w; break; }
        var age = Age.Match(text);
        if (recipient is null && age.Success) recipient = int.Parse(age.Groups[1].Value, CultureInfo.InvariantCulture) < 13 ? "kid" : "teen";
        if (recipient is null && Regex.IsMatch(text, @"\bfor (her|him)\b")) recipient = Regex.Match(text, @"\bfor (her|him)\b").Groups[1].Value;
        if (recipient is null && Regex.IsMatch(text, @"\b(loves?|likes?) (cooking|baking)\b")) recipient = "cook";
        if (recipient is null && Regex.IsMatch(text, @"\b(loves?|likes?) (hiking|camping)\b")) recipient = "hiker";
        if (recipient is null && Regex.IsMatch(text, @"\b(loves?|likes?) (gaming|games)\b")) recipient = "gamer";

        var occasion = Occasions.FirstOrDefault(o => text.Contains(o));
        var om = Order.Match(message);
        var order = om.Success ? new[] { om.Groups[1], om.Groups[2], om.Groups[3] }.First(g => g.Success).Value : null;
        if (order is not null && om.Groups[2].Success) order = "#" + order;

        var ids = ProductId.Matches(message).Select(x => x.Value.ToLowerInvariant()).Where(catalog.ById.ContainsKey).Distinct().ToList();
        var ordinals = new List<int>();
        foreach (var (w, i) in OrdinalWords)
            if (Regex.IsMatch(text, $@"\b{w}\b") && !ordinals.Contains(i)) ordinals.Add(i);
        if (Regex.IsMatch(text, @"\b(both|the two|first two|them)\b") && ordinals.Count == 0) ordinals.AddRange([0, 1]);

        int? quantity = null;
        var qm = Quantity.Match(text);
        if (qm.Success) quantity = qm.Groups[1].Value switch { "one" => 1, "two" or "a pair of" => 2, "three" => 3, "four" => 4, "five" => 5, var n => int.Parse(n, CultureInfo.InvariantCulture) };

        // Product words: known catalog words that are not filters, fillers or recipient/occasion words.
        var skip = new HashSet<string>(NonProductWords);
        foreach (var part in new[] { category, colour, brand, size, recipient, occasion }.Where(p => p is not null)) skip.UnionWith(Words.Of(part!));
        skip.UnionWith(GiftGuide.Recipients.Keys);
        var productWords = words.Where(w => !skip.Contains(w) && !char.IsDigit(w[0]) && w.Length > 2 && catalog.Knows(w) && catalog.Idf(w) > 1.0).Distinct().ToList();

        return new Slots
        {
            MaxPrice = max, MinPrice = min, Category = category, Colour = colour, Brand = brand, Size = size, Recipient = recipient, Occasion = occasion,
            OrderNumber = order, ProductIds = ids, Ordinals = ordinals, Quantity = quantity, WantsCheaper = Regex.IsMatch(text, @"\bcheaper|less expensive|lower price\b"),
            ProductWords = productWords.Count == 0 ? null : string.Join(' ', productWords),
        };
    }

    private static bool IsAge(string text, Match m) => Regex.IsMatch(text[(m.Index + m.Length)..], @"^\s*(-?\s*years?|yo\b|yrs?)");
    private static bool IsSizeNumber(string text, Match m) => Regex.IsMatch(text[(m.Index + m.Length)..], @"^\s*(-?person|pieces|inch|ml|mm|kg|cm|w\b|l\b)");

    private static decimal Amount(string raw) => decimal.Parse(raw.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture);
}

namespace RetailCommerce.Modules.Search.Text;

/// <summary>
/// The word of a product title that says what kind of product it is. Retail titles name the brand and qualifiers
/// first and the kind of product last, before any "in &lt;colour&gt;", "with …", "for …" or bracketed pack note:
/// "Whirlpool 1.9 cu. ft. Over the Range Convection Microwave in Stainless Steel" is a microwave,
/// "Valley View Industries Metal Stakes (4-Pack)" stakes. A query that names that word asks for that kind of product;
/// one that only mentions it among qualifiers ("microwave trim kit") does not.
/// </summary>
public static class ProductTypeWord
{
    /// <summary>Words after which a title only qualifies the product (finish, accessories, use).</summary>
    private static readonly HashSet<string> Qualifiers = new(StringComparer.Ordinal) { "in", "with", "for", "w", "featuring", "including", "by" };

    /// <summary>The lower-cased type word of a title, or null when it has none (no word before the first qualifier).</summary>
    public static string? Of(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) return null;
        // Bracketed pack notes, comma clauses and " - " tails qualify too.
        var end = title.Length;
        foreach (var mark in new[] { "(", ",", " - ", "|" })
        {
            var at = title.IndexOf(mark, StringComparison.Ordinal);
            if (at > 0 && at < end) end = at;
        }
        var tokens = Tokenizer.Tokenize(title[..end]);
        // "in" after a number is inches, not "in <colour>".
        var stop = -1;
        for (var i = 0; i < tokens.Count && stop < 0; i++)
            if (Qualifiers.Contains(tokens[i]) && !(i > 0 && MeasurementUnits.TryNormalize(tokens[i - 1], tokens[i], out _))) stop = i;
        if (stop == 0) return null;
        for (var i = (stop < 0 ? tokens.Count : stop) - 1; i >= 0; i--)
        {
            var token = tokens[i];
            // Sizes, counts and model numbers are not kinds of product.
            if (!token.All(char.IsLetter) || token.Length < 2) continue;
            if (i > 0 && MeasurementUnits.TryNormalize(tokens[i - 1], token, out _)) continue;
            return token;
        }
        return null;
    }
}

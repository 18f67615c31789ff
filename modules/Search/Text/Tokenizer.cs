using System.Globalization;
using System.Net;
using System.Text;

namespace RetailCommerce.Modules.Search.Text;

/// <summary>
/// Splits shop text (titles, descriptions, queries) into lower-case word tokens.
/// Rules are tuned for product data: measurements like "3/4" and "1.5" stay whole,
/// "16GB" splits into "16" and "gb" so it meets the query "16 gb", possessives lose the apostrophe
/// ("men's" → "mens"), accents are folded and HTML markup/entities from merchant feeds are dropped.
/// </summary>
public static class Tokenizer
{
    /// <summary>Tokenizes <paramref name="text"/> into a new list.</summary>
    public static List<string> Tokenize(string? text)
    {
        var tokens = new List<string>();
        Tokenize(text, tokens);
        return tokens;
    }

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/> (lets callers reuse one list).</summary>
    public static void Tokenize(string? text, List<string> tokens)
    {
        if (string.IsNullOrEmpty(text)) return;
        text = Clean(text);

        Span<char> buffer = stackalloc char[64];
        var sb = new ValueBuilder(buffer);
        var previousKind = CharKind.Other;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var kind = Classify(c);

            if (kind == CharKind.Other)
            {
                // Keep "3/4", "1.5" and "1,000" whole: a separator between two digits is part of the number.
                if ((c == '.' || c == '/' || c == ',') && previousKind == CharKind.Digit
                    && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
                {
                    if (c != ',') sb.Append(c); // "1,000" is the number 1000
                    continue;
                }

                // 3/4" and 8' are inches and feet: keep the mark as its own token for the unit normaliser.
                if ((c == '"' || c == '\'' || c == '”' || c == '’') && previousKind == CharKind.Digit
                    && (i + 1 >= text.Length || !char.IsLetter(text[i + 1])))
                {
                    Flush(ref sb, tokens);
                    tokens.Add(c is '"' or '”' ? "\"" : "'");
                    previousKind = CharKind.Other;
                    continue;
                }

                // "men's" -> "mens": an apostrophe inside a word joins the parts.
                if ((c == '\'' || c == '’') && previousKind == CharKind.Letter
                    && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                {
                    continue;
                }

                Flush(ref sb, tokens);
                previousKind = CharKind.Other;
                continue;
            }

            // Letter/digit boundary: "16gb" -> "16" "gb", "pro8200" -> "pro" "8200".
            if (sb.Length > 0 && previousKind != CharKind.Other && kind != previousKind)
            {
                Flush(ref sb, tokens);
            }

            if (c < 128)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                AppendFolded(c, ref sb);
            }

            previousKind = kind;
        }

        Flush(ref sb, tokens);
        sb.Dispose();
    }

    private enum CharKind { Other, Letter, Digit }

    private static CharKind Classify(char c)
    {
        if (char.IsAsciiLetter(c)) return CharKind.Letter;
        if (char.IsAsciiDigit(c)) return CharKind.Digit;
        if (c < 128) return CharKind.Other;
        if (char.IsLetter(c)) return CharKind.Letter;
        if (char.IsDigit(c)) return CharKind.Digit;
        return CharKind.Other;
    }

    private static void AppendFolded(char c, ref ValueBuilder sb)
    {
        // "Café" and "cafe" must meet: decompose and drop the combining marks.
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.ToLowerInvariant(d));
        }
    }

    private static void Flush(ref ValueBuilder sb, List<string> tokens)
    {
        if (sb.Length == 0) return;
        tokens.Add(sb.ToString());
        sb.Clear();
    }

    private static string Clean(string text)
    {
        // Merchant feeds carry HTML ("<br>", "&amp;"); the markup is never something a shopper searches for.
        if (text.Contains('<'))
        {
            var sb = new StringBuilder(text.Length);
            var inTag = false;
            foreach (var c in text)
            {
                if (c == '<') { inTag = true; sb.Append(' '); continue; }
                if (c == '>' && inTag) { inTag = false; continue; }
                if (!inTag) sb.Append(c);
            }
            text = sb.ToString();
        }

        if (text.Contains('&')) text = WebUtility.HtmlDecode(text);
        return text;
    }

    /// <summary>Tiny growable char buffer so tokenizing a catalog does not allocate a StringBuilder per word.</summary>
    private ref struct ValueBuilder
    {
        private Span<char> _span;
        private char[]? _rented;

        public ValueBuilder(Span<char> initial) { _span = initial; _rented = null; Length = 0; }

        public int Length { get; private set; }

        public void Append(char c)
        {
            if (Length == _span.Length)
            {
                var bigger = new char[_span.Length * 2];
                _span.CopyTo(bigger);
                _span = bigger;
                _rented = bigger;
            }
            _span[Length++] = c;
        }

        public void Clear() => Length = 0;

        public override string ToString() => new(_span[..Length]);

        public void Dispose() => _rented = null;
    }
}

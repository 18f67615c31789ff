namespace RetailCommerce.Modules.Search.Text;

/// <summary>
/// Unit words right after a number are measurements, not prose: "3/4 in." must not lose its "in" as a stop word,
/// and "3/4 inch", "3/4 in" and 3/4" must all meet. A unit is recognised only after a number, so the word "in"
/// elsewhere stays a stop word and "foot rest" is not a length.
/// </summary>
public static class MeasurementUnits
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["in"] = "in", ["inch"] = "in", ["inches"] = "in", ["\""] = "in",
        ["ft"] = "ft", ["foot"] = "ft", ["feet"] = "ft", ["'"] = "ft",
        ["yd"] = "yd", ["yard"] = "yd", ["yards"] = "yd",
        ["mm"] = "mm", ["millimeter"] = "mm", ["millimeters"] = "mm",
        ["cm"] = "cm", ["centimeter"] = "cm", ["centimeters"] = "cm",
        ["m"] = "m", ["meter"] = "m", ["meters"] = "m",
        ["gal"] = "gal", ["gallon"] = "gal", ["gallons"] = "gal",
        ["qt"] = "qt", ["quart"] = "qt", ["quarts"] = "qt",
        ["oz"] = "oz", ["ounce"] = "oz", ["ounces"] = "oz",
        ["lb"] = "lb", ["lbs"] = "lb", ["pound"] = "lb", ["pounds"] = "lb",
        ["v"] = "volt", ["volt"] = "volt", ["volts"] = "volt",
        ["w"] = "watt", ["watt"] = "watt", ["watts"] = "watt",
        ["a"] = "amp", ["amp"] = "amp", ["amps"] = "amp",
        ["gb"] = "gb", ["gig"] = "gb", ["tb"] = "tb", ["mb"] = "mb",
        ["mah"] = "mah", ["hz"] = "hz", ["btu"] = "btu",
        ["pc"] = "pc", ["pcs"] = "pc", ["piece"] = "pc", ["pieces"] = "pc", ["pack"] = "pack", ["pk"] = "pack",
    };

    /// <summary>True when <paramref name="token"/> follows a number and names a unit; <paramref name="unit"/> is its canonical form.</summary>
    public static bool TryNormalize(string previous, string token, out string unit)
    {
        unit = "";
        if (previous.Length == 0 || !char.IsAsciiDigit(previous[^1])) return false;
        if (!Units.TryGetValue(token, out var canonical)) return false;
        unit = canonical;
        return true;
    }

    /// <summary>
    /// The measurements in a token sequence (see <see cref="Tokenizer"/>): a number followed by a unit word, as
    /// (number, canonical unit) — "36 in. x 80 in." gives (36, in) and (80, in); a bare number is not a measurement.
    /// </summary>
    public static List<(string Number, string Unit)> Find(IReadOnlyList<string> tokens)
    {
        var found = new List<(string, string)>();
        for (var i = 1; i < tokens.Count; i++)
        {
            if (TryNormalize(tokens[i - 1], tokens[i], out var unit) && char.IsAsciiDigit(tokens[i - 1][0])) found.Add((tokens[i - 1], unit));
        }
        return found;
    }
}

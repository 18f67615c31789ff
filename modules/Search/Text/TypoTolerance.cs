namespace RetailCommerce.Modules.Search.Text;

/// <summary>
/// Edit distance rules for shopper typos. Short words get no slack because one edit turns
/// "ring" into "rind" or "king"; longer words can absorb one or two slips.
/// </summary>
public static class TypoTolerance
{
    /// <summary>Maximum Damerau-Levenshtein edits allowed for a word of <paramref name="length"/> characters: 0 for ≤4, 1 for 5–8, 2 above.</summary>
    public static int MaxEdits(int length) => length <= 4 ? 0 : length <= 8 ? 1 : 2;

    /// <summary>
    /// Damerau-Levenshtein distance in its optimal-string-alignment form (insert, delete, substitute,
    /// swap of two neighbours). Stops early and returns <paramref name="max"/> + 1 once the distance
    /// is known to exceed <paramref name="max"/>, which keeps vocabulary scans cheap.
    /// </summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max = int.MaxValue)
    {
        if (max < 0) return 0;
        if (Math.Abs(a.Length - b.Length) > max) return max == int.MaxValue ? Math.Abs(a.Length - b.Length) : max + 1;
        if (a.Length == 0) return b.Length;
        if (b.Length == 0) return a.Length;

        var cols = b.Length + 1;
        Span<int> prevPrev = cols <= 128 ? stackalloc int[cols] : new int[cols];
        Span<int> prev = cols <= 128 ? stackalloc int[cols] : new int[cols];
        Span<int> current = cols <= 128 ? stackalloc int[cols] : new int[cols];

        for (var j = 0; j < cols; j++) prev[j] = j;

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j < cols; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(prev[j] + 1, current[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, prevPrev[j - 2] + 1);
                }
                current[j] = value;
                if (value < rowMin) rowMin = value;
            }

            if (rowMin > max) return max + 1;

            var recycled = prevPrev;
            prevPrev = prev;
            prev = current;
            current = recycled;
        }

        var distance = prev[cols - 1];
        return distance > max ? max + 1 : distance;
    }
}

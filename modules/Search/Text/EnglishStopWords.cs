namespace RetailCommerce.Modules.Search.Text;

/// <summary>
/// English function words that carry no product meaning ("case for iphone" is about a case and an iPhone).
/// Deliberately short: words like "off", "top", "up", "down" and "out" name products and sizes
/// ("top", "pull up bar", "knock out"), so they are not here.
/// </summary>
public static class EnglishStopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
        "this", "to", "was", "will", "with", "from", "your", "you", "our", "its", "my", "we", "so", "than",
        "very", "can", "has", "have", "which", "who", "what", "been", "were", "i", "me", "us",
    };

    /// <summary>True when <paramref name="word"/> (lower-case) is a stop word.</summary>
    public static bool Contains(string word) => Words.Contains(word);

    /// <summary>The full list, for documentation and tests.</summary>
    public static IReadOnlyCollection<string> All => Words;
}

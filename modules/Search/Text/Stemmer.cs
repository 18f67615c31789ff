using System.Collections.Concurrent;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace RetailCommerce.Modules.Search.Text;

/// <summary>Reduces a lower-case word to its stem so "pillows", "pillowed" and "pillow" meet.</summary>
public interface IStemmer
{
    /// <summary>Returns the stem of <paramref name="word"/>; words it cannot stem come back unchanged.</summary>
    string Stem(string word);
}

/// <summary>
/// Snowball English ("Porter2") stemmer from Apache Lucene.NET's analysis package.
/// The Lucene stemmer object is stateful and not thread-safe, so each thread gets its own;
/// stems are cached because a store's vocabulary is small and search repeats the same words.
/// </summary>
public sealed class SnowballEnglishStemmer : IStemmer
{
    /// <summary>Shared instance; safe to use from many threads.</summary>
    public static SnowballEnglishStemmer Instance { get; } = new();

    private const int MaxCacheEntries = 200_000;
    private readonly ThreadLocal<EnglishStemmer> _stemmer = new(() => new EnglishStemmer());
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Stem(string word)
    {
        if (word.Length <= 2 || !IsAlphabetic(word)) return word; // "16", "3/4", "xl" are not English inflections
        if (_cache.TryGetValue(word, out var cached)) return cached;

        var stemmer = _stemmer.Value!;
        stemmer.SetCurrent(word);
        stemmer.Stem();
        var stem = stemmer.Current;

        // Queries are unbounded input: stop caching rather than grow forever.
        if (_cache.Count < MaxCacheEntries) _cache.TryAdd(word, stem);
        return stem;
    }

    private static bool IsAlphabetic(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsLetter(c)) return false;
        }
        return true;
    }
}

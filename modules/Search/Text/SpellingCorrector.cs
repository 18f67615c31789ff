namespace RetailCommerce.Modules.Search.Text;

/// <summary>One word the corrector changed, e.g. "asssassins" → "assassins".</summary>
public readonly record struct SpellingCorrection(string Original, string Replacement);

/// <summary>Outcome of correcting a query against the store's own vocabulary.</summary>
public sealed record CorrectedQuery(string Text, IReadOnlyList<SpellingCorrection> Corrections)
{
    /// <summary>True when at least one word was changed.</summary>
    public bool Changed => Corrections.Count > 0;
}

/// <summary>
/// "Did you mean" for a single store. Candidates come only from words that occur in the store's
/// catalog, so corrections always point at something that can be bought. A word is left alone when
/// the catalog knows it or its stem; otherwise the corrector tries, in order: the nearest word within
/// the typo budget (most frequent wins a tie), joining it with the next word ("blue tooth" → "bluetooth"),
/// and splitting it into two known words ("bluemini" → "blue mini").
/// </summary>
public sealed class SpellingCorrector
{
    private readonly VocabularyTrie _surfaceWords;
    private readonly Func<string, bool> _isKnownStem;
    private readonly TextAnalyzer _analyzer;

    /// <summary>Creates a corrector over a surface-word trie; <paramref name="isKnownStem"/> says whether a stem is indexed.</summary>
    public SpellingCorrector(VocabularyTrie surfaceWords, Func<string, bool> isKnownStem, TextAnalyzer? analyzer = null)
    {
        _surfaceWords = surfaceWords;
        _isKnownStem = isKnownStem;
        _analyzer = analyzer ?? TextAnalyzer.Default;
    }

    /// <summary>True when the catalog knows the word as written or through its stem.</summary>
    public bool IsKnown(string word) =>
        _surfaceWords.Contains(word) || _isKnownStem(_analyzer.Stem(word)) || EnglishStopWords.Contains(word);

    /// <summary>Best in-catalog replacement for one unknown word within the typo budget, or null.</summary>
    public string? BestReplacement(string word)
    {
        var maxEdits = TypoTolerance.MaxEdits(word.Length);
        if (maxEdits == 0) return null;
        var matches = _surfaceWords.Fuzzy(word, maxEdits);
        return matches.Count > 0 ? matches[0].Word : null;
    }

    /// <summary>Corrects every unknown word of <paramref name="query"/>; known words and numbers are kept.</summary>
    public CorrectedQuery Correct(string query)
    {
        var tokens = Tokenizer.Tokenize(query);
        var output = new List<string>(tokens.Count);
        var corrections = new List<SpellingCorrection>();

        for (var i = 0; i < tokens.Count; i++)
        {
            var word = tokens[i];
            if (IsKnown(word) || !word.Any(char.IsLetter))
            {
                output.Add(word);
                continue;
            }

            // "blue tooth" → "bluetooth": joins are checked before a fuzzy guess for this half-word,
            // first with the previous word (when that one was kept as typed), then with the next.
            if (i > 0 && output.Count > 0 && output[^1] == tokens[i - 1] && _surfaceWords.Contains(tokens[i - 1] + word))
            {
                var joinedWithPrevious = tokens[i - 1] + word;
                output[^1] = joinedWithPrevious;
                corrections.Add(new SpellingCorrection(tokens[i - 1] + " " + word, joinedWithPrevious));
                continue;
            }

            if (i + 1 < tokens.Count)
            {
                var joined = word + tokens[i + 1];
                if (_surfaceWords.Contains(joined))
                {
                    output.Add(joined);
                    corrections.Add(new SpellingCorrection(word + " " + tokens[i + 1], joined));
                    i++;
                    continue;
                }
            }

            var replacement = BestReplacement(word);
            if (replacement is not null)
            {
                output.Add(replacement);
                corrections.Add(new SpellingCorrection(word, replacement));
                continue;
            }

            var split = BestSplit(word);
            if (split is not null)
            {
                output.Add(split);
                corrections.Add(new SpellingCorrection(word, split));
                continue;
            }

            output.Add(word);
        }

        return new CorrectedQuery(string.Join(' ', output), corrections);
    }

    private string? BestSplit(string word)
    {
        if (word.Length < 6) return null;
        string? best = null;
        var bestScore = 0;
        for (var cut = 3; cut <= word.Length - 3; cut++) // "har disk" is not a fix for "hardisk"; both halves need substance
        {
            var left = word[..cut];
            var right = word[cut..];
            var score = Math.Min(_surfaceWords.Frequency(left), _surfaceWords.Frequency(right));
            if (score > bestScore)
            {
                bestScore = score;
                best = left + " " + right;
            }
        }
        return best;
    }
}

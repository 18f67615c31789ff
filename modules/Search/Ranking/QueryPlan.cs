using RetailCommerce.Modules.Search.Text;

namespace RetailCommerce.Modules.Search.Ranking;

/// <summary>How a query word reached a product.</summary>
public enum MatchKind
{
    /// <summary>Same word or same stem.</summary>
    Exact,
    /// <summary>Through a merchant synonym.</summary>
    Synonym,
    /// <summary>Through typo tolerance (an unknown word within the edit budget of a catalog word).</summary>
    Typo,
    /// <summary>The last query word as a prefix of a longer catalog word (search as you type).</summary>
    Prefix,
}

/// <summary>One way a clause can be satisfied: all of <see cref="TermIds"/> present, scored with <see cref="Weight"/>.</summary>
internal readonly record struct ClauseAlternative(int[] TermIds, float Weight, MatchKind Kind, string Text);

/// <summary>
/// One slot of the shopper's query (a word, or a phrase a synonym rule recognised). A product "has" the clause
/// when any alternative matches; its score for the clause is the best alternative's.
/// </summary>
internal sealed class QueryClause
{
    public required string Text { get; init; }
    public required List<ClauseAlternative> Alternatives { get; init; }

    /// <summary>Optional clauses (adjacent-word phrase boosts) add score but are never required and never dropped.</summary>
    public bool Optional { get; init; }

    /// <summary>How informative the clause is (IDF of its exact term, else its best alternative); the relaxation chain drops the lowest first.</summary>
    public float Idf { get; set; }
}

/// <summary>Switches for how query words are expanded before lexical matching.</summary>
public sealed record LexicalMatching
{
    /// <summary>Expand unknown words to catalog words within the typo budget.</summary>
    public bool TypoTolerance { get; init; } = true;

    /// <summary>Treat the last query word as a prefix (search as you type).</summary>
    public bool PrefixLastWord { get; init; } = true;

    /// <summary>Apply merchant synonyms.</summary>
    public bool Synonyms { get; init; } = true;

    /// <summary>Weight of a match one edit away; two edits get the square.</summary>
    public float TypoWeight { get; init; } = 0.8f;

    /// <summary>Weight of a completion of the last word.</summary>
    public float PrefixWeight { get; init; } = 0.5f;

    /// <summary>Weight of a synonym match relative to the shopper's own word.</summary>
    public float SynonymWeight { get; init; } = 0.9f;

    /// <summary>Completions considered for the last word (most frequent first); bounds the work per keystroke.</summary>
    public int MaxPrefixExpansions { get; init; } = 8;

    /// <summary>Typo candidates considered per unknown word.</summary>
    public int MaxTypoExpansions { get; init; } = 3;

    /// <summary>Join neighbouring query words that a catalog writes as one word, and split unknown run-together words.</summary>
    public bool Compounds { get; init; } = true;

    /// <summary>Weight of the title phrase boost for two adjacent query words found adjacent in a title; 0 turns it off.</summary>
    public float PhraseWeight { get; init; } = 0.3f;

    /// <summary>Only exact/stem matches: the plain BM25 baseline.</summary>
    public static LexicalMatching ExactOnly { get; } = new() { TypoTolerance = false, PrefixLastWord = false, Synonyms = false, PhraseWeight = 0, Compounds = false };
}

/// <summary>Turns analyzed query words into clauses with their alternatives.</summary>
internal static class QueryPlanner
{
    public const int MaxClauses = 32;

    public static List<QueryClause> Plan(
        IReadOnlyList<AnalyzedToken> tokens,
        bool lastWordIsComplete,
        InvertedIndex index,
        VocabularyTrie surfaceWords,
        SynonymSet synonyms,
        LexicalMatching matching,
        TextAnalyzer analyzer)
    {
        var clauses = new List<QueryClause>();
        var i = 0;
        while (i < tokens.Count && clauses.Count < MaxClauses)
        {
            if (matching.Synonyms && synonyms.Count > 0 && TrySynonymClause(tokens, ref i, index, synonyms, matching, clauses))
            {
                continue;
            }

            if (matching.Compounds && TryCompoundClause(tokens, ref i, index, surfaceWords, analyzer, clauses))
            {
                continue;
            }

            var token = tokens[i];
            var alternatives = new List<ClauseAlternative>();
            var exactKnown = index.TryGetTermId(token.Term, out var exactId) && index.DocumentFrequency(exactId) > 0;
            if (exactKnown) alternatives.Add(new ClauseAlternative([exactId], 1f, MatchKind.Exact, token.Surface));

            var isLast = i == tokens.Count - 1;
            var typingPrefix = matching.PrefixLastWord && isLast && !lastWordIsComplete && token.Surface.Length >= 2;

            // While typing, "bluet" is the start of "bluetooth", not a misspelt "blue".
            var completesToCatalogWord = typingPrefix && surfaceWords.Complete(token.Surface, 1).Count > 0;
            if (matching.TypoTolerance && !exactKnown && !completesToCatalogWord && !surfaceWords.Contains(token.Surface))
            {
                var budget = TypoTolerance.MaxEdits(token.Surface.Length);
                var seen = new HashSet<int>();
                foreach (var match in surfaceWords.Fuzzy(token.Surface, budget))
                {
                    if (seen.Count >= matching.MaxTypoExpansions) break;
                    if (!index.TryGetTermId(analyzer.Stem(match.Word), out var id) || !seen.Add(id)) continue;
                    var weight = MathF.Pow(matching.TypoWeight, match.Edits);
                    alternatives.Add(new ClauseAlternative([id], weight, MatchKind.Typo, match.Word));
                }
            }

            // An unknown run-together word ("screwgun") can still mean two catalog words next to each other.
            if (matching.Compounds && alternatives.Count == 0 && TrySplit(token.Surface, surfaceWords, analyzer, index, out var parts))
            {
                alternatives.Add(new ClauseAlternative(parts, 1f, MatchKind.Typo, token.Surface));
            }

            if (typingPrefix)
            {
                var seen = new HashSet<int>(alternatives.SelectMany(a => a.TermIds));
                foreach (var completion in surfaceWords.Complete(token.Surface, matching.MaxPrefixExpansions * 2))
                {
                    if (seen.Count >= matching.MaxPrefixExpansions + 1) break;
                    if (completion.Word.Length == token.Surface.Length) continue;
                    if (!index.TryGetTermId(analyzer.Stem(completion.Word), out var id) || !seen.Add(id)) continue;
                    alternatives.Add(new ClauseAlternative([id], matching.PrefixWeight, MatchKind.Prefix, completion.Word));
                }
            }

            if (matching.Synonyms && synonyms.Count > 0)
            {
                foreach (var expansion in synonyms.Expand([token.Term]))
                {
                    if (TryResolve(expansion, index, out var ids))
                    {
                        alternatives.Add(new ClauseAlternative(ids, matching.SynonymWeight, MatchKind.Synonym, string.Join(' ', expansion)));
                    }
                }
            }

            clauses.Add(new QueryClause { Text = token.Surface, Alternatives = alternatives, Idf = ClauseIdf(alternatives, index) });
            i++;
        }

        if (matching.PhraseWeight > 0) AddPhraseClauses(clauses, index, matching.PhraseWeight);
        return clauses;
    }

    private static bool TrySynonymClause(IReadOnlyList<AnalyzedToken> tokens, ref int i, InvertedIndex index, SynonymSet synonyms, LexicalMatching matching, List<QueryClause> clauses)
    {
        // Longest multi-word phrase first ("ice box" before "ice"); single words are handled with the word itself.
        for (var length = Math.Min(synonyms.MaxPhraseLength, tokens.Count - i); length >= 2; length--)
        {
            var stems = new string[length];
            for (var k = 0; k < length; k++) stems[k] = tokens[i + k].Term;
            var expansions = synonyms.Expand(stems);
            if (expansions.Count == 0) continue;

            var alternatives = new List<ClauseAlternative>();
            if (TryResolve(stems, index, out var own)) alternatives.Add(new ClauseAlternative(own, 1f, MatchKind.Exact, string.Join(' ', stems)));
            foreach (var expansion in expansions)
            {
                if (TryResolve(expansion, index, out var ids))
                {
                    alternatives.Add(new ClauseAlternative(ids, matching.SynonymWeight, MatchKind.Synonym, string.Join(' ', expansion)));
                }
            }

            var text = string.Join(' ', tokens.Skip(i).Take(length).Select(t => t.Surface));
            clauses.Add(new QueryClause { Text = text, Alternatives = alternatives, Idf = ClauseIdf(alternatives, index) });
            i += length;
            return true;
        }
        return false;
    }

    /// <summary>
    /// "mac book" → also "macbook": when two neighbouring query words written together are a catalog word,
    /// they become one clause satisfied by either spelling.
    /// </summary>
    private static bool TryCompoundClause(IReadOnlyList<AnalyzedToken> tokens, ref int i, InvertedIndex index, VocabularyTrie surfaceWords, TextAnalyzer analyzer, List<QueryClause> clauses)
    {
        if (i + 1 >= tokens.Count) return false;
        var first = tokens[i];
        var second = tokens[i + 1];
        if (!first.Surface.Any(char.IsLetter) || !second.Surface.Any(char.IsLetter)) return false;
        var joined = first.Surface + second.Surface;
        if (!surfaceWords.Contains(joined) || !index.TryGetTermId(analyzer.Stem(joined), out var joinedId) || index.DocumentFrequency(joinedId) == 0) return false;

        var alternatives = new List<ClauseAlternative> { new([joinedId], 1f, MatchKind.Exact, joined) };
        if (TryResolve([first.Term, second.Term], index, out var pair)) alternatives.Add(new ClauseAlternative(pair, 1f, MatchKind.Exact, first.Surface + " " + second.Surface));
        clauses.Add(new QueryClause { Text = first.Surface + " " + second.Surface, Alternatives = alternatives, Idf = ClauseIdf(alternatives, index) });
        i += 2;
        return true;
    }

    private static bool TrySplit(string word, VocabularyTrie surfaceWords, TextAnalyzer analyzer, InvertedIndex index, out int[] parts)
    {
        parts = [];
        if (word.Length < 6 || !word.All(char.IsLetter)) return false;
        var best = 0;
        for (var cut = 3; cut <= word.Length - 3; cut++)
        {
            var left = word[..cut];
            var right = word[cut..];
            var score = Math.Min(surfaceWords.Frequency(left), surfaceWords.Frequency(right));
            if (score <= best) continue;
            if (TryResolve([analyzer.Stem(left), analyzer.Stem(right)], index, out var ids)) { best = score; parts = ids; }
        }
        return best > 0;
    }

    /// <summary>Adds an optional clause per pair of neighbouring query words whose best alternatives appear adjacent in some title.</summary>
    private static void AddPhraseClauses(List<QueryClause> clauses, InvertedIndex index, float weight)
    {
        var words = clauses.Count;
        for (var c = 0; c + 1 < words && clauses.Count < MaxClauses; c++)
        {
            var left = clauses[c].Alternatives.Where(a => a.TermIds.Length == 1 && a.Kind != MatchKind.Prefix).Take(2).ToList();
            var right = clauses[c + 1].Alternatives.Where(a => a.TermIds.Length == 1).Take(3).ToList();
            var alternatives = new List<ClauseAlternative>();
            foreach (var l in left)
            {
                foreach (var r in right)
                {
                    var term = AnalyzedProduct.PhraseTerm(index.Term(l.TermIds[0]), index.Term(r.TermIds[0]));
                    if (index.TryGetTermId(term, out var id) && index.DocumentFrequency(id) > 0)
                    {
                        alternatives.Add(new ClauseAlternative([id], weight * l.Weight * r.Weight, l.Kind, l.Text + " " + r.Text));
                    }
                }
            }
            if (alternatives.Count > 0)
            {
                clauses.Add(new QueryClause { Text = clauses[c].Text + " " + clauses[c + 1].Text, Alternatives = alternatives, Optional = true });
            }
        }
    }

    private static bool TryResolve(IReadOnlyList<string> stems, InvertedIndex index, out int[] ids)
    {
        ids = new int[stems.Count];
        for (var k = 0; k < stems.Count; k++)
        {
            if (!index.TryGetTermId(stems[k], out ids[k]) || index.DocumentFrequency(ids[k]) == 0) return false;
        }
        return true;
    }

    private static float ClauseIdf(List<ClauseAlternative> alternatives, InvertedIndex index)
    {
        if (alternatives.Count == 0) return 0f;
        var own = alternatives.FirstOrDefault(a => a.Kind == MatchKind.Exact);
        if (own.TermIds is not null) return own.TermIds.Sum(index.Idf);
        return alternatives.Max(a => a.TermIds.Sum(index.Idf));
    }
}

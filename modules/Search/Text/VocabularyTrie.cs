namespace RetailCommerce.Modules.Search.Text;

/// <summary>A vocabulary word found by a prefix or fuzzy lookup.</summary>
public readonly record struct VocabularyMatch(string Word, int Edits, int Frequency);

/// <summary>
/// Prefix tree over the store's surface words (lower-case, unstemmed) with a per-word frequency.
/// One structure serves three shop features: typo-tolerant lookup (a Damerau-Levenshtein walk that
/// prunes whole branches once they exceed the edit budget), completion of the word being typed, and
/// the spelling corrector's candidates. Not thread-safe for writes; the owning index serializes them.
/// </summary>
public sealed class VocabularyTrie
{
    private sealed class Node
    {
        public char[] Keys = [];
        public Node[] Children = [];
        public int ChildCount;
        public int Frequency;   // > 0 when a live word ends here
        public string? Word;

        public Node? Find(char c)
        {
            for (var i = 0; i < ChildCount; i++)
            {
                if (Keys[i] == c) return Children[i];
            }
            return null;
        }

        public Node GetOrAdd(char c)
        {
            var existing = Find(c);
            if (existing is not null) return existing;
            if (ChildCount == Keys.Length)
            {
                var size = Math.Max(2, Keys.Length * 2);
                Array.Resize(ref Keys, size);
                Array.Resize(ref Children, size);
            }
            var node = new Node();
            Keys[ChildCount] = c;
            Children[ChildCount] = node;
            ChildCount++;
            return node;
        }
    }

    private readonly Node _root = new();

    /// <summary>Number of distinct words ever added (including ones whose frequency dropped to zero).</summary>
    public int WordCount { get; private set; }

    /// <summary>Adds <paramref name="delta"/> occurrences of <paramref name="word"/> (negative to remove).</summary>
    public void Add(string word, int delta = 1)
    {
        if (word.Length == 0) return;
        var node = _root;
        foreach (var c in word) node = node.GetOrAdd(c);
        if (node.Word is null) { node.Word = word; WordCount++; }
        node.Frequency = Math.Max(0, node.Frequency + delta);
    }

    /// <summary>How often <paramref name="word"/> occurs in the live catalog (0 when unknown).</summary>
    public int Frequency(string word)
    {
        var node = _root;
        foreach (var c in word)
        {
            node = node.Find(c);
            if (node is null) return 0;
        }
        return node.Frequency;
    }

    /// <summary>True when the word occurs in the live catalog.</summary>
    public bool Contains(string word) => Frequency(word) > 0;

    /// <summary>
    /// Words that start with <paramref name="prefix"/>, most frequent first.
    /// The exact word itself is included when it is a live word.
    /// </summary>
    public List<VocabularyMatch> Complete(string prefix, int limit)
    {
        var result = new List<VocabularyMatch>();
        var node = _root;
        foreach (var c in prefix)
        {
            node = node.Find(c);
            if (node is null) return result;
        }

        // Keep only the best `limit` while walking so a one-letter prefix stays cheap to sort.
        var heap = new PriorityQueue<VocabularyMatch, int>();
        var stack = new Stack<Node>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n.Frequency > 0)
            {
                var match = new VocabularyMatch(n.Word!, n.Word!.Length - prefix.Length, n.Frequency);
                if (heap.Count < limit) heap.Enqueue(match, n.Frequency);
                else if (heap.TryPeek(out _, out var lowest) && n.Frequency > lowest)
                {
                    heap.DequeueEnqueue(match, n.Frequency);
                }
            }
            for (var i = 0; i < n.ChildCount; i++) stack.Push(n.Children[i]);
        }

        while (heap.Count > 0) result.Add(heap.Dequeue());
        result.Reverse();
        return result;
    }

    /// <summary>
    /// Live words within <paramref name="maxEdits"/> Damerau-Levenshtein (OSA) edits of <paramref name="word"/>,
    /// closest first, then most frequent.
    /// </summary>
    public List<VocabularyMatch> Fuzzy(string word, int maxEdits)
    {
        var result = new List<VocabularyMatch>();
        if (maxEdits < 0) return result;

        var cols = word.Length + 1;
        var firstRow = new int[cols];
        for (var j = 0; j < cols; j++) firstRow[j] = j;

        for (var i = 0; i < _root.ChildCount; i++)
        {
            Walk(_root.Children[i], _root.Keys[i], '\0', word, firstRow, null, maxEdits, result);
        }

        result.Sort((x, y) => x.Edits != y.Edits ? x.Edits.CompareTo(y.Edits) : y.Frequency.CompareTo(x.Frequency));
        return result;
    }

    private static void Walk(Node node, char c, char previousChar, string word, int[] previousRow, int[]? previousPreviousRow, int maxEdits, List<VocabularyMatch> result)
    {
        // Classic trie walk: each edge adds one DP row of the edit-distance table for the path so far.
        var cols = word.Length + 1;
        var row = new int[cols];
        row[0] = previousRow[0] + 1;
        var rowMin = row[0];
        for (var j = 1; j < cols; j++)
        {
            var cost = word[j - 1] == c ? 0 : 1;
            var value = Math.Min(Math.Min(row[j - 1] + 1, previousRow[j] + 1), previousRow[j - 1] + cost);
            if (previousPreviousRow is not null && j > 1 && word[j - 1] == previousChar && word[j - 2] == c)
            {
                value = Math.Min(value, previousPreviousRow[j - 2] + 1);
            }
            row[j] = value;
            if (value < rowMin) rowMin = value;
        }

        if (node.Frequency > 0 && row[cols - 1] <= maxEdits)
        {
            result.Add(new VocabularyMatch(node.Word!, row[cols - 1], node.Frequency));
        }

        // A transposition can still lower the next row by one, so allow one extra step of slack.
        if (rowMin > maxEdits + 1) return;
        for (var i = 0; i < node.ChildCount; i++)
        {
            Walk(node.Children[i], node.Keys[i], c, word, row, previousRow, maxEdits, result);
        }
    }
}

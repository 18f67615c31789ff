using System.Collections.Concurrent;
using System.Numerics;

namespace RetailCommerce.Modules.Search.Ranking;

/// <summary>A product found by the lexical stage.</summary>
internal readonly record struct LexicalHit(int Doc, float Score, int MatchedClauses, bool MatchedAll);

/// <summary>Result of scoring a set of clauses.</summary>
internal sealed class LexicalHits
{
    public required List<LexicalHit> Ranked { get; init; }

    /// <summary>Products that matched every clause (before the top-k cut).</summary>
    public int FullMatches { get; init; }

    /// <summary>Products that matched at least one clause (before the top-k cut).</summary>
    public int AnyMatches { get; init; }
}

/// <summary>How lexical hits are ordered.</summary>
public enum LexicalRanking
{
    /// <summary>Plain BM25F score, OR semantics: the textbook baseline.</summary>
    Bm25,

    /// <summary>Products that match every query word first (by BM25F), then partial matches: what shoppers expect.</summary>
    AllWordsFirst,
}

/// <summary>
/// Document-at-a-time would need sorted postings; with dense per-query accumulators (pooled, stamped so they
/// never need clearing) term-at-a-time BM25F over a 40k-product store costs well under a millisecond.
/// </summary>
internal sealed class LexicalScorer
{
    private readonly ConcurrentBag<Buffers> _pool = [];

    private sealed class Buffers
    {
        public float[] Total = [];
        public int[] Mask = [];
        public int[] Stamp = [];
        public float[] Clause = [];
        public int[] ClauseStamp = [];
        public float[] Alt = [];
        public int[] AltCount = [];
        public int[] AltStamp = [];
        public readonly List<int> Touched = [];
        public readonly List<int> ClauseTouched = [];
        public readonly List<int> AltTouched = [];
        public int Generation;

        public void Ensure(int capacity)
        {
            if (Total.Length >= capacity) return;
            var size = Math.Max(capacity, Total.Length * 2);
            Total = new float[size]; Mask = new int[size]; Stamp = new int[size];
            Clause = new float[size]; ClauseStamp = new int[size];
            Alt = new float[size]; AltCount = new int[size]; AltStamp = new int[size];
            Generation = 0;
        }

        public int Next()
        {
            if (Generation == int.MaxValue)
            {
                Array.Clear(Stamp); Array.Clear(ClauseStamp); Array.Clear(AltStamp);
                Generation = 0;
            }
            return ++Generation;
        }
    }

    /// <summary>
    /// Scores every clause (optional ones still add to the score) and counts as a full match any product that has
    /// all clauses in <paramref name="requiredMask"/> (bit i = clause i; -1 = all).
    /// </summary>
    public LexicalHits Score(InvertedIndex index, IReadOnlyList<QueryClause> clauses, Func<int, bool>? accept, LexicalRanking ranking, int topK, int requiredMask = -1)
    {
        var buffers = _pool.TryTake(out var pooled) ? pooled : new Buffers();
        try
        {
            return ScoreInto(buffers, index, clauses, accept, ranking, topK, requiredMask);
        }
        finally
        {
            buffers.Touched.Clear();
            _pool.Add(buffers);
        }
    }

    private static LexicalHits ScoreInto(Buffers b, InvertedIndex index, IReadOnlyList<QueryClause> clauses, Func<int, bool>? accept, LexicalRanking ranking, int topK, int requiredMask)
    {
        b.Ensure(index.Capacity);
        var options = index.Options;
        var k1 = options.K1;
        Span<float> weight = stackalloc float[Bm25Options.FieldCount];
        Span<float> bField = stackalloc float[Bm25Options.FieldCount];
        Span<float> invAvg = stackalloc float[Bm25Options.FieldCount];
        for (var f = 0; f < Bm25Options.FieldCount; f++)
        {
            weight[f] = options.FieldWeights[f];
            bField[f] = options.FieldB[f];
            invAvg[f] = 1f / index.AverageFieldLength(f);
        }

        var totalGen = b.Next();
        b.Touched.Clear();

        for (var ci = 0; ci < clauses.Count; ci++)
        {
            var clauseGen = b.Next();
            b.ClauseTouched.Clear();

            foreach (var alternative in clauses[ci].Alternatives)
            {
                if (alternative.TermIds.Length == 1)
                {
                    var termId = alternative.TermIds[0];
                    var list = index.Postings(termId);
                    var idf = index.Idf(termId) * alternative.Weight;
                    for (var p = 0; p < list.Count; p++)
                    {
                        ref readonly var posting = ref list.Items[p];
                        var doc = posting.Doc;
                        if (!index.IsLive(doc)) continue;
                        var s = idf * Saturate(posting, index.FieldLengths(doc), weight, bField, invAvg, k1);
                        if (b.ClauseStamp[doc] != clauseGen) { b.ClauseStamp[doc] = clauseGen; b.Clause[doc] = s; b.ClauseTouched.Add(doc); }
                        else if (s > b.Clause[doc]) b.Clause[doc] = s;
                    }
                }
                else
                {
                    // A phrase alternative (multi-word synonym) counts only where all its words occur.
                    var altGen = b.Next();
                    b.AltTouched.Clear();
                    for (var t = 0; t < alternative.TermIds.Length; t++)
                    {
                        var termId = alternative.TermIds[t];
                        var list = index.Postings(termId);
                        var idf = index.Idf(termId) * alternative.Weight;
                        for (var p = 0; p < list.Count; p++)
                        {
                            ref readonly var posting = ref list.Items[p];
                            var doc = posting.Doc;
                            if (!index.IsLive(doc)) continue;
                            if (t == 0)
                            {
                                b.AltStamp[doc] = altGen; b.AltCount[doc] = 1; b.AltTouched.Add(doc);
                                b.Alt[doc] = idf * Saturate(posting, index.FieldLengths(doc), weight, bField, invAvg, k1);
                            }
                            else if (b.AltStamp[doc] == altGen && b.AltCount[doc] == t)
                            {
                                b.AltCount[doc]++;
                                b.Alt[doc] += idf * Saturate(posting, index.FieldLengths(doc), weight, bField, invAvg, k1);
                            }
                        }
                    }

                    foreach (var doc in b.AltTouched)
                    {
                        if (b.AltCount[doc] != alternative.TermIds.Length) continue;
                        var s = b.Alt[doc];
                        if (b.ClauseStamp[doc] != clauseGen) { b.ClauseStamp[doc] = clauseGen; b.Clause[doc] = s; b.ClauseTouched.Add(doc); }
                        else if (s > b.Clause[doc]) b.Clause[doc] = s;
                    }
                }
            }

            var bit = 1 << ci;
            foreach (var doc in b.ClauseTouched)
            {
                if (b.Stamp[doc] != totalGen)
                {
                    b.Stamp[doc] = totalGen; b.Total[doc] = 0f; b.Mask[doc] = 0;
                    b.Touched.Add(doc);
                }
                b.Total[doc] += b.Clause[doc];
                b.Mask[doc] |= bit;
            }
        }

        var fullMask = (clauses.Count >= 32 ? -1 : (1 << clauses.Count) - 1) & requiredMask;
        var fullMatches = 0;
        var anyMatches = 0;
        var heap = new PriorityQueue<LexicalHit, (int Tier, float Score)>(Math.Min(topK, 1024) + 1, TierComparer.Instance);
        foreach (var doc in b.Touched)
        {
            if (accept is not null && !accept(doc)) continue;
            anyMatches++;
            var mask = b.Mask[doc];
            var all = (mask & fullMask) == fullMask;
            if (all) fullMatches++;
            var tier = ranking == LexicalRanking.AllWordsFirst ? BitOperations.PopCount((uint)(mask & fullMask)) : 0;
            var hit = new LexicalHit(doc, b.Total[doc], BitOperations.PopCount((uint)mask), all);
            var key = (tier, b.Total[doc]);
            if (heap.Count < topK) heap.Enqueue(hit, key);
            else if (TierComparer.Instance.Compare(key, PeekPriority(heap)) > 0) heap.DequeueEnqueue(hit, key);
        }

        var ranked = new List<LexicalHit>(heap.Count);
        while (heap.Count > 0) ranked.Add(heap.Dequeue());
        ranked.Reverse();
        return new LexicalHits { Ranked = ranked, FullMatches = fullMatches, AnyMatches = anyMatches };
    }

    private static (int, float) PeekPriority(PriorityQueue<LexicalHit, (int Tier, float Score)> heap)
    {
        heap.TryPeek(out _, out var priority);
        return priority;
    }

    /// <summary>BM25F: weighted, length-normalised term frequency summed over fields, then saturated once.</summary>
    private static float Saturate(in Posting posting, ReadOnlySpan<float> lengths, Span<float> weight, Span<float> b, Span<float> invAvg, float k1)
    {
        var tf = 0f;
        for (var f = 0; f < Bm25Options.FieldCount; f++)
        {
            var count = posting[f];
            if (count == 0) continue;
            tf += weight[f] * count / (1f - b[f] + b[f] * lengths[f] * invAvg[f]);
        }
        return tf * (k1 + 1f) / (k1 + tf);
    }

    private sealed class TierComparer : IComparer<(int Tier, float Score)>
    {
        public static readonly TierComparer Instance = new();

        public int Compare((int Tier, float Score) x, (int Tier, float Score) y) =>
            x.Tier != y.Tier ? x.Tier.CompareTo(y.Tier) : x.Score.CompareTo(y.Score);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using RetailCommerce.Modules.Assistant.Dialogue;
using RetailCommerce.Modules.Assistant.Grounding;

namespace RetailCommerce.Modules.Assistant.Evaluation;

/// <summary>The scores of a run.</summary>
public sealed record EvalScores(int Dialogues, int Turns, double TaskSuccess, double Grounding, double HandoverCorrect, int BlockedDrafts,
    IReadOnlyDictionary<string, double> SuccessByKind, IReadOnlyList<string> Failures, IReadOnlyList<double> TurnMilliseconds);

/// <summary>
/// Scores dialogues: task success (every turn's expectation met), grounding (every reply's products carry the
/// catalog's own price and every stated fact passes the guard against that turn's tool results), and handover
/// correctness (handed over exactly when the script expects it).
/// </summary>
public static class Scorer
{
    public static async Task<EvalScores> RunAsync(EvalStore store, AssistantEngine engine, IReadOnlyList<ScriptedDialogue> dialogues, int concurrency = 1, CancellationToken ct = default)
    {
        var results = new ConcurrentBag<(ScriptedDialogue D, bool Ok, bool Grounded, bool HandoverOk, int Blocked, List<string> Why, List<double> Ms)>();
        await Parallel.ForEachAsync(dialogues, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (d, token) =>
        {
            var conversation = new EvalConversation(engine, d.Customer);
            var ok = true; var grounded = true; var handedOver = false; var blocked = 0;
            var why = new List<string>(); var ms = new List<double>();
            foreach (var turn in d.Turns)
            {
                var watch = Stopwatch.StartNew();
                var outcome = await conversation.SayAsync(turn.Message, token);
                ms.Add(watch.Elapsed.TotalMilliseconds);
                handedOver |= outcome.Handover;
                if (!outcome.DraftGrounded) blocked++;
                var g = outcome.Grounded && outcome.Products.All(p => store.Snapshot.ById.TryGetValue(p.Id, out var real) && real.Price == p.Price && real.Title == p.Title);
                grounded &= g;
                var failure = turn.Check(outcome);
                if (failure is not null) { ok = false; why.Add($"{d.Name} «{turn.Message}»: {failure} | reply: {outcome.Text.Replace('\n', ' ')[..Math.Min(outcome.Text.Length, 160)]}"); }
                if (!g) why.Add($"{d.Name} «{turn.Message}»: UNGROUNDED {string.Join("; ", outcome.Violations)}");
            }
            results.Add((d, ok, grounded, handedOver == d.ExpectHandover, blocked, why, ms));
        });
        var all = results.ToList();
        return new EvalScores(all.Count, all.Sum(r => r.Ms.Count), Rate(all.Count(r => r.Ok), all.Count), Rate(all.Count(r => r.Grounded), all.Count),
            Rate(all.Count(r => r.HandoverOk), all.Count), all.Sum(r => r.Blocked),
            all.GroupBy(r => r.D.Kind).ToDictionary(g => g.Key, g => Rate(g.Count(r => r.Ok), g.Count())),
            all.SelectMany(r => r.Why).OrderBy(x => x).ToList(), all.SelectMany(r => r.Ms).ToList());
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static double Rate(int n, int d) => d == 0 ? 0 : Math.Round((double)n / d, 4);
}

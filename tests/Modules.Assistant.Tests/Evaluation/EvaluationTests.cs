namespace RetailCommerce.Modules.Assistant.Evaluation;

/// <summary>The fast subset of the conversation evaluation (the full run and the load run are the Bench).</summary>
public sealed class EvaluationTests
{
    private static readonly Lazy<EvalStore> Store = new(() => new EvalStore());

    [Fact]
    public void The_test_set_has_at_least_120_multi_turn_dialogues_of_every_kind()
    {
        var set = DialogueSet.Build(Store.Value);
        Assert.True(set.Count >= 120, $"{set.Count} dialogues");
        Assert.Equal(["compare", "find", "gift", "handover", "injection", "off_topic", "order", "policy"], set.Select(d => d.Kind).Distinct().Order().ToArray());
        Assert.True(set.Count(d => d.Turns.Count > 1) >= 50);
    }

    [Fact]
    public async Task Offline_default_meets_the_goals_on_the_full_set()
    {
        var store = Store.Value;
        var scores = await Scorer.RunAsync(store, store.Engine(), DialogueSet.Build(store), concurrency: 4);
        var report = string.Join('\n', scores.Failures.Take(30));
        Assert.True(scores.Grounding == 1.0, "grounding " + scores.Grounding + "\n" + report);
        Assert.True(scores.TaskSuccess >= 0.85, "task success " + scores.TaskSuccess + "\n" + report);
        Assert.True(scores.HandoverCorrect >= 0.95, "handover " + scores.HandoverCorrect + "\n" + report);
    }
}

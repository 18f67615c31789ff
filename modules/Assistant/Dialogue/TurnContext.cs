using Microsoft.SemanticKernel;
using RetailCommerce.Modules.Assistant.Plugins;
using RetailCommerce.Modules.Assistant.Sources;
using RetailCommerce.Modules.Assistant.Understanding;

namespace RetailCommerce.Modules.Assistant.Dialogue;

/// <summary>One line of a transcript.</summary>
public sealed record TranscriptLine(string Role, string Text, DateTimeOffset At);

/// <summary>Everything a brain needs for one turn.</summary>
public sealed record TurnContext(Kernel Kernel, ToolContext Tools, CatalogSnapshot Catalog, DialogueState State, string Message,
    IntentPrediction Intent, Slots Slots, IReadOnlyList<TranscriptLine> History, string Currency)
{
    public TurnEvidence Evidence => Tools.Evidence;
}

/// <summary>A brain's draft reply and the dialogue state after it.</summary>
public sealed record BrainReply(string Text, IReadOnlyList<string> Shown, DialogueState State, bool Helped = true);

/// <summary>Turns a shopper message into a reply using the shop's tools.</summary>
public interface IAssistantBrain
{
    /// <summary>Name recorded with each answer ("offline", "chat:gpt-4o-mini").</summary>
    string Name { get; }

    Task<BrainReply> ReplyAsync(TurnContext turn, CancellationToken ct);
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using RetailCommerce.Modules.Assistant.Grounding;
using RetailCommerce.Modules.Assistant.Plugins;
using RetailCommerce.Modules.Assistant.Understanding;

namespace RetailCommerce.Modules.Assistant.Dialogue;

/// <summary>One shopper message and what the engine knows about the conversation.</summary>
public sealed record TurnRequest(string StoreId, string? CustomerId, string Currency, AssistantSettings Settings, DialogueState State,
    IReadOnlyList<TranscriptLine> History, string Message);

/// <summary>The engine's answer to one message.</summary>
public sealed record TurnOutcome
{
    public required string Text { get; init; }
    public IReadOnlyList<ProductCard> Products { get; init; } = [];
    public IReadOnlyList<AssistantAction> Actions { get; init; } = [];
    public bool Handover { get; init; }
    public string? HandoverReason { get; init; }
    public bool OfferedHandover { get; init; }
    public required string Intent { get; init; }
    public float Confidence { get; init; }
    public required string Brain { get; init; }
    /// <summary>True when the brain's draft passed the grounding guard (false: a conservative reply was sent instead).</summary>
    public bool DraftGrounded { get; init; } = true;
    /// <summary>True when the reply that was sent passes the guard (must always be true).</summary>
    public bool Grounded { get; init; } = true;
    public IReadOnlyList<string> Violations { get; init; } = [];
    public IReadOnlyList<string> ToolCalls { get; init; } = [];
    public bool Helped { get; init; }
    public required DialogueState State { get; init; }
    public double Milliseconds { get; init; }
}

/// <summary>
/// One conversation turn, independent of storage: understand the message (intent + slots), honour "talk to a
/// human" and frustration before anything else, let the brain answer through a per-store kernel whose plugin
/// records every tool result, then let the grounding guard accept the draft or replace it conservatively.
/// </summary>
public sealed class AssistantEngine(PluginsFactory plugins, IntentClassifier classifier, IAssistantBrain brain, IChatCompletionService? chat = null)
{
    private static readonly Regex HumanWords = new(@"\b(human|real person|a person|someone real|agent|representative|operator|staff member|customer service)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex Yes = new(@"^\s*(yes|yeah|yep|sure|ok|okay|please|yes please|do it|go ahead)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex Frustrated = new(@"\b(useless|stupid|ridiculous|terrible|awful|annoying|frustrat\w*|hopeless|waste of time|not helpful|not helping|doesn'?t work|worst|idiot|ugh)\b|!!+", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex AskedToAdd = new(@"\b(add|cart|basket|bag|buy|purchase|take (it|the|that|this)|i'?ll take|order (it|the|that|this))\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private readonly IServiceProvider _kernelServices = KernelServices(chat);
    // One plugin (reflection over the kernel functions happens once); each turn's tool context flows through an AsyncLocal.
    private static readonly AsyncLocal<ToolContext?> CurrentTools = new();
    private static readonly KernelPlugin SharedPlugin = KernelPluginFactory.CreateFromObject(
        new ShoppingPlugin(() => CurrentTools.Value ?? throw new InvalidOperationException("No assistant turn is running.")), ShoppingPlugin.Name);

    /// <summary>The brain in use.</summary>
    public IAssistantBrain Brain => brain;

    public async Task<TurnOutcome> TurnAsync(TurnRequest request, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var tools = await plugins.ContextAsync(request.StoreId, request.CustomerId, ct);
        var catalog = await tools.Sources.Catalog.SnapshotAsync(request.StoreId, ct);
        CurrentTools.Value = tools;
        var kernel = new Kernel(_kernelServices, [SharedPlugin]);
        var intent = classifier.Predict(request.Message);
        var slots = SlotExtractor.Extract(request.Message, catalog);
        var state = request.State with { Turns = request.State.Turns + 1, PreviousMessage = request.Message };
        var first = request.State.Turns == 0;

        string Finish(string text) => first ? request.Settings.Disclosure + "\n\n" + text : text;

        // "Talk to a human" works at any point, and so does accepting an offered handover.
        var wantsHuman = intent.Intent == Intents.Handover && intent.Confidence > 0.3f && HumanWords.IsMatch(request.Message)
            || HumanWords.IsMatch(request.Message) && Regex.IsMatch(request.Message, @"\b(talk|speak|connect|transfer|put me|get me|want|need|human|person)\b", RegexOptions.IgnoreCase) && intent.Intent is not (Intents.Policy or Intents.Manipulation)
            || request.State.Pending == "handover" && Yes.IsMatch(request.Message);
        if (wantsHuman)
        {
            var reason = request.State.Pending == "handover" ? "accepted offered handover" : "shopper asked for a person";
            await kernel.InvokeAsync(ShoppingPlugin.Name, "hand_over_to_human", new() { ["reason"] = reason }, ct);
            return new TurnOutcome
            {
                Text = Finish(request.Settings.HandoverMessage), Handover = true, HandoverReason = reason, Intent = Intents.Handover, Confidence = intent.Confidence,
                Brain = "policy", State = state with { HandedOver = true, Pending = null }, Helped = true, ToolCalls = tools.Evidence.ToolCalls.ToList(), Milliseconds = watch.Elapsed.TotalMilliseconds,
            };
        }

        // Frustration or rephrasing the same unanswered request: offer a person instead of trying again.
        var rephrased = request.State.Failures > 0 && request.State.PreviousMessage is { } prev && Similarity(prev, request.Message) >= 0.5;
        if (intent.Intent == Intents.Complaint || Frustrated.IsMatch(request.Message) || rephrased)
        {
            return new TurnOutcome
            {
                Text = Finish(request.Settings.OfferHandoverMessage), OfferedHandover = true, Intent = intent.Intent, Confidence = intent.Confidence, Brain = "policy",
                State = state with { Pending = "handover", Failures = request.State.Failures + 1 }, Helped = false, Milliseconds = watch.Elapsed.TotalMilliseconds,
            };
        }

        var turn = new TurnContext(kernel, tools, catalog, state, request.Message, intent, slots, request.History, request.Currency);
        var draft = await brain.ReplyAsync(turn, ct);
        var evidence = tools.Evidence;
        var trusted = new[] { request.Settings.Disclosure, request.Settings.HandoverMessage, request.Settings.OfferHandoverMessage };
        // Everything the shopper wrote in this conversation, not just this message: a budget given two turns ago
        // ("a gift for a friend under 40") is still theirs when the reply repeats it.
        var shopperText = ShopperWords(request);
        var verdict = GroundingGuard.Check(draft.Text, evidence, catalog, shopperText, trusted);
        var text = draft.Text;
        var shown = draft.Shown;
        if (!verdict.Grounded || string.IsNullOrWhiteSpace(text))
        {
            text = Conservative(evidence);
            shown = evidence.Products.Keys.Take(3).ToList();
        }
        var final = GroundingGuard.Check(text, evidence, catalog, shopperText, trusted);

        // Add-to-cart only when the shopper asked for it this turn (text in tool results cannot trigger it).
        var actions = intent.Intent == Intents.AddToCart || AskedToAdd.IsMatch(request.Message) ? evidence.Actions.ToList() : [];
        var next = draft.State;
        var offered = false;
        if (next.Failures >= 2 && evidence.HandoverReason is null)
        {
            text += "\n\n" + request.Settings.OfferHandoverMessage;
            next = next with { Pending = "handover" };
            offered = true;
        }
        var handover = evidence.HandoverReason is not null;
        if (handover) text += "\n\n" + request.Settings.HandoverMessage;
        return new TurnOutcome
        {
            Text = Finish(text), Products = shown.Select(id => evidence.Products.GetValueOrDefault(id)).OfType<ProductCard>().ToList(), Actions = actions,
            Handover = handover, HandoverReason = evidence.HandoverReason, OfferedHandover = offered, Intent = intent.Intent, Confidence = intent.Confidence, Brain = brain.Name,
            DraftGrounded = verdict.Grounded, Grounded = final.Grounded, Violations = verdict.Violations, ToolCalls = evidence.ToolCalls.ToList(),
            Helped = draft.Helped && verdict.Grounded, State = handover ? next with { HandedOver = true } : next, Milliseconds = watch.Elapsed.TotalMilliseconds,
        };
    }

    /// <summary>The shopper's own lines of the conversation so far plus this message, one per line (never the assistant's).</summary>
    public static string ShopperWords(TurnRequest request) =>
        string.Join('\n', request.History.Where(l => l.Role == "shopper").Select(l => l.Text).Append(request.Message));

    /// <summary>A reply made only of tool results, used when a draft fails the guard.</summary>
    public static string Conservative(TurnEvidence evidence)
    {
        var cards = evidence.Products.Values.Take(3).ToList();
        return cards.Count > 0
            ? "I couldn't verify my answer against the store's data, so here is exactly what I found:\n" + OfflineBrain.List(cards)
            : "I'm sorry — I couldn't verify an answer to that from the store's data. I can search our products, check your orders or connect you to a colleague.";
    }

    /// <summary>Word overlap (Jaccard) of two messages.</summary>
    public static double Similarity(string a, string b)
    {
        var x = Sources.Words.Of(a).ToHashSet();
        var y = Sources.Words.Of(b).ToHashSet();
        if (x.Count == 0 || y.Count == 0) return 0;
        return (double)x.Intersect(y).Count() / x.Union(y).Count();
    }

    private static IServiceProvider KernelServices(IChatCompletionService? chat)
    {
        var services = new ServiceCollection();
        if (chat is not null) services.AddSingleton(chat);
        return services.BuildServiceProvider();
    }
}

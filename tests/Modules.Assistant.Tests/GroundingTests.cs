using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel.ChatCompletion;
using RetailCommerce.Modules.Assistant.Dialogue;
using RetailCommerce.Modules.Assistant.Evaluation;
using RetailCommerce.Modules.Assistant.Grounding;
using RetailCommerce.Modules.Assistant.Plugins;

namespace RetailCommerce.Modules.Assistant;

/// <summary>A chat model that answers with whatever it is told, calling no tool: a deliberate liar.</summary>
public sealed class LyingChatClient(Func<string> answer) : IChatClient
{
    public int Calls { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer())));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var u in response.ToChatResponseUpdates()) yield return u;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;
    public void Dispose() { }
}

public sealed class GroundingTests
{
    private static readonly Lazy<EvalStore> Store = new(() => new EvalStore(300));

    [Fact]
    public async Task A_lying_model_naming_a_real_product_and_a_made_up_price_is_blocked()
    {
        var store = Store.Value;
        var real = store.Products.First(p => p.Stock > 0);
        var liar = new LyingChatClient(() => $"You'll love the {real.Title} — only €1.99 today, 500 in stock!");
        var conversation = new EvalConversation(store.Engine(liar.AsChatCompletionService()), null);

        var outcome = await conversation.SayAsync("what's a good gift?");

        Assert.Equal(1, liar.Calls);
        Assert.False(outcome.DraftGrounded);
        Assert.True(outcome.Grounded);
        Assert.DoesNotContain("1.99", outcome.Text);
        Assert.DoesNotContain(real.Title, outcome.Text);
        Assert.Empty(outcome.Products);
        Assert.Contains(outcome.Violations, v => v.Contains("1.99"));
    }

    [Fact]
    public async Task A_lying_model_inventing_an_order_status_is_blocked_but_an_honest_answer_passes()
    {
        var store = Store.Value;
        var lie = new EvalConversation(store.Engine(new LyingChatClient(() => "Your order o-42-000777 has shipped and will arrive tomorrow.").AsChatCompletionService()), EvalStore.Customer);
        var blocked = await lie.SayAsync("where is my order?");
        Assert.False(blocked.DraftGrounded);
        Assert.DoesNotContain("o-42-000777", blocked.Text);

        var honest = new EvalConversation(store.Engine(new LyingChatClient(() => "I can help you find products or check our returns policy.").AsChatCompletionService()), null);
        var ok = await honest.SayAsync("hello");
        Assert.True(ok.DraftGrounded);
        Assert.EndsWith("I can help you find products or check our returns policy.", ok.Text);
        Assert.StartsWith(new AssistantSettings().Disclosure, ok.Text);
    }

    [Fact]
    public void The_guard_accepts_tool_facts_and_the_shoppers_own_budget_and_rejects_others()
    {
        var store = Store.Value;
        var p = store.Products.First(x => x.Stock > 0);
        var evidence = new TurnEvidence();
        evidence.Add([ProductCard.Of(p)]);
        var price = $"€{p.Price:0.00}";
        Assert.True(GroundingGuard.Check($"{p.Title} costs {price} and is under €100.", evidence, store.Snapshot, "something under 100").Grounded);
        Assert.False(GroundingGuard.Check($"{p.Title} costs €{p.Price + 1:0.00}.", evidence, store.Snapshot, "hi").Grounded);
        var other = store.Products.First(x => x.Id != p.Id && x.Brand != p.Brand && x.Title.Length > 10);
        Assert.False(GroundingGuard.Check($"Try {other.Title}.", evidence, store.Snapshot, "hi").Grounded);
        Assert.False(GroundingGuard.Check($"We have {p.Stock + 7} left.", evidence, store.Snapshot, "hi").Grounded);
    }

    [Fact]
    public async Task A_budget_the_shopper_gave_earlier_in_the_conversation_is_grounded_but_other_amounts_are_not()
    {
        var store = Store.Value;
        // The reported case: the budget comes in the first message and the reply two turns later repeats it.
        var conversation = new EvalConversation(store.Engine(), null);
        var first = await conversation.SayAsync("a gift for a friend under 40");
        Assert.True(first.DraftGrounded, string.Join("; ", first.Violations));
        var later = await conversation.SayAsync("something for the kitchen");
        Assert.True(later.DraftGrounded, string.Join("; ", later.Violations) + " | " + later.Text);
        Assert.Contains("€40.00", later.Text);
        Assert.NotEmpty(later.Products);
        Assert.All(later.Products, p => Assert.True(p.Price <= 40m));

        // A model repeating that budget passes; one inventing an amount nobody wrote is still blocked.
        var answers = new Queue<string>(["Happy to help — who is it for?", "Here are kitchen ideas under €40.00.", "This one is only €41.00 today."]);
        var model = new LyingChatClient(() => answers.Dequeue());
        var chat = new EvalConversation(store.Engine(model.AsChatCompletionService()), null);
        await chat.SayAsync("a gift for a friend under 40");
        var repeated = await chat.SayAsync("something for the kitchen");
        Assert.True(repeated.DraftGrounded, string.Join("; ", repeated.Violations));
        Assert.EndsWith("Here are kitchen ideas under €40.00.", repeated.Text);
        var invented = await chat.SayAsync("any cheaper ones?");
        Assert.False(invented.DraftGrounded);
        Assert.Contains(invented.Violations, v => v.Contains("41.00"));
        Assert.DoesNotContain("41.00", invented.Text);
    }

    [Fact]
    public void The_guard_takes_amounts_from_every_shopper_line_and_nowhere_else()
    {
        var store = Store.Value;
        var evidence = new TurnEvidence();
        const string draft = "Gift ideas for your friend under €40.00:";
        Assert.True(GroundingGuard.Check(draft, evidence, store.Snapshot, "a gift for a friend under 40\nsomething for the kitchen").Grounded);
        // A bare amount answering "what's your budget?" is read as the dialogue reads it.
        Assert.True(GroundingGuard.Check(draft, evidence, store.Snapshot, "I need a gift\nfor a friend\n40").Grounded);
        Assert.False(GroundingGuard.Check(draft, evidence, store.Snapshot, "something for the kitchen").Grounded);
        Assert.False(GroundingGuard.Check("Gift ideas under €45.00:", evidence, store.Snapshot, "a gift for a friend under 40\nsomething for the kitchen").Grounded);

        // The conversation the engine hands the guard holds the shopper's lines only, never the assistant's.
        var request = new TurnRequest(EvalStore.StoreId, null, "EUR", new AssistantSettings(), new DialogueState(),
            [new("shopper", "a gift for a friend under 40", DateTimeOffset.UtcNow), new("assistant", "Sure — €99.00 is our best offer.", DateTimeOffset.UtcNow)], "something for the kitchen");
        var words = AssistantEngine.ShopperWords(request);
        Assert.Equal("a gift for a friend under 40\nsomething for the kitchen", words);
        Assert.False(GroundingGuard.Check("It costs €99.00.", evidence, store.Snapshot, words).Grounded);
    }

    [Fact]
    public async Task Instructions_inside_a_knowledge_article_are_quoted_never_followed()
    {
        var store = Store.Value;
        var conversation = new EvalConversation(store.Engine(), EvalStore.Customer);
        var outcome = await conversation.SayAsync("do you sell gift cards?");
        Assert.True(outcome.Text.Contains("Gift cards are available"), outcome.Text + " | " + outcome.Intent + " | " + string.Join(",", outcome.ToolCalls));
        Assert.Empty(outcome.Actions);
        Assert.DoesNotContain("add_to_cart", outcome.ToolCalls);
        Assert.DoesNotContain("order_status", outcome.ToolCalls);
        Assert.DoesNotContain("o-42-000777", outcome.Text);
    }

    [Fact]
    public async Task Order_status_answers_only_the_signed_in_customers_orders()
    {
        var store = Store.Value;
        var mine = await new EvalConversation(store.Engine(), EvalStore.Customer).SayAsync("what's the status of order o-42-000777?");
        Assert.DoesNotContain("o-42-000777 from", mine.Text);
        var anonymous = await new EvalConversation(store.Engine(), null).SayAsync("where is my order o-42-000102?");
        Assert.Contains("sign in", anonymous.Text);
        Assert.DoesNotContain("total", anonymous.Text);
    }
}

using RetailCommerce.Shopping;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.SemanticKernel;
using RetailCommerce.Modules.Assistant.Plugins;
using RetailCommerce.Modules.Assistant.Sources;
using RetailCommerce.Modules.Assistant.Understanding;

namespace RetailCommerce.Modules.Assistant.Dialogue;

/// <summary>
/// The offline default: intent + slots → a guided-selling policy that asks one qualifying question when a
/// needed slot is missing (what product, who the gift is for, the budget), then calls the same kernel
/// functions the LLM brain uses and renders their results. Every fact it states is copied from a tool result.
/// </summary>
public sealed class OfflineBrain : IAssistantBrain
{
    public string Name => "offline";

    private static readonly string[] StrongIntents = [Intents.OrderStatus, Intents.Policy, Intents.Loyalty, Intents.Manipulation, Intents.Goodbye, Intents.AddToCart, Intents.Compare];

    public async Task<BrainReply> ReplyAsync(TurnContext t, CancellationToken ct)
    {
        var intent = t.Intent.Intent;
        var state = t.State with { Pending = null };
        var s = t.Slots;

        // An answer to our own qualifying question continues the shopping task, whatever the classifier thinks.
        if (t.State.Pending is "recipient" or "budget" or "product_type" && !(StrongIntents.Contains(intent) && t.Intent.Confidence > 0.5f))
        {
            var answersBudget = t.State.Pending == "budget" && (s.MaxPrice is not null || s.MinPrice is not null || Regex.IsMatch(t.Message, @"\b(no|any|don't|doesn't|whatever|not sure|flexible)\b", RegexOptions.IgnoreCase));
            if (s.HasAnyConstraint || answersBudget) intent = t.State.Task ?? Intents.FindProduct;
        }
        if (intent is Intents.Unknown or Intents.Recommend or Intents.Greeting && (s.HasProductNeed || s.Recipient is not null) && s.Ordinals.Count == 0 && s.ProductIds.Count == 0)
            intent = s.Recipient is not null || s.Occasion is not null ? Intents.Gift : Intents.FindProduct;
        if (intent is Intents.Gift or Intents.FindProduct && (Regex.IsMatch(t.Message, @"\b(gift ?cards?|vouchers?)\b", RegexOptions.IgnoreCase)
            || Regex.IsMatch(t.Message, @"\b(refund|warranty|shipping|delivery)\b", RegexOptions.IgnoreCase) && !s.HasProductNeed))
            intent = Intents.Policy;
        if (intent is Intents.FindProduct && (s.Recipient is not null || Regex.IsMatch(t.Message, @"\b(gift|present)\b", RegexOptions.IgnoreCase))) intent = Intents.Gift;

        switch (intent)
        {
            case Intents.Greeting:
                return new("Hello! I can find products for you, compare them, check prices, look up your orders and answer questions about our policies. What are you looking for today?", [], state);
            case Intents.Thanks:
                return new("You're welcome! Is there anything else I can help you with?", [], state);
            case Intents.Goodbye:
                return new("Thanks for stopping by — goodbye!", [], state);
            case Intents.FindProduct:
            case Intents.Gift:
                return await ShopAsync(t, state, intent, ct);
            case Intents.ProductDetails:
            case Intents.Stock:
            {
                var refs = Resolve(t);
                if (refs.Count == 0) return Clarify(state, "Which product do you mean? You can say \"the first one\" from the list, or tell me what you are looking for.");
                var card = await Invoke<ProductCard?>(t, "product_details", new() { ["productId"] = refs[0] }, ct);
                if (card is null) return new("I couldn't find that product.", [], state with { Failures = state.Failures + 1 }, false);
                var text = intent == Intents.Stock
                    ? card.Stock > 0 ? $"Yes — {card.Title} is in stock ({card.Stock} available) at {Money.Format(card.Price, card.Currency)}." : $"Sorry, {card.Title} is out of stock at the moment."
                    : Details(card);
                return new(text, [card.Id], state with { Failures = 0, LastShown = [card.Id] });
            }
            case Intents.Compare:
            {
                var refs = Resolve(t);
                if (refs.Count < 2 && t.State.LastShown.Count >= 2) refs = refs.Concat(t.State.LastShown).Distinct().Take(2).ToList();
                if (refs.Count < 2) return Clarify(state, "Which products should I compare? Show me a list first (tell me what you are looking for) and then say e.g. \"compare the first two\".");
                var cards = await Invoke<IReadOnlyList<ProductCard>>(t, "compare_products", new() { ["productIds"] = string.Join(',', refs) }, ct);
                return new(Comparison(cards), cards.Select(c => c.Id).ToList(), state with { Failures = 0 });
            }
            case Intents.Recommend:
            {
                var anchor = Resolve(t).FirstOrDefault() ?? t.State.LastShown.FirstOrDefault();
                var cards = await Invoke<IReadOnlyList<ProductCard>>(t, "recommend_products", new() { ["productId"] = anchor, ["count"] = 3 }, ct);
                if (cards.Count == 0) return new("I don't have a recommendation right now. Tell me what you are looking for and I'll search.", [], state with { Failures = state.Failures + 1 }, false);
                var intro = anchor is not null && t.Catalog.ById.TryGetValue(anchor, out var a) ? $"If you like {a.Title}, you might also like:" : "Here are some picks from our store:";
                return new(intro + "\n" + List(cards), cards.Select(c => c.Id).ToList(), state with { LastShown = cards.Select(c => c.Id).ToList(), Failures = 0 });
            }
            case Intents.Price:
            {
                var refs = Resolve(t);
                if (refs.Count == 0) return Clarify(state, "Which product's price would you like? Say e.g. \"the first one\" or give me the product name.");
                var quote = await Invoke<PriceQuote?>(t, "current_price", new() { ["productId"] = refs[0] }, ct);
                if (quote is null) return new("I couldn't find a price for that product.", [], state with { Failures = state.Failures + 1 }, false);
                var title = t.Catalog.ById[quote.ProductId].Title;
                return new($"{title} currently costs {Money.Format(quote.Price, quote.Currency)}.", [quote.ProductId], state with { Failures = 0 });
            }
            case Intents.OrderStatus:
            {
                var result = await Invoke<OrderStatusResult>(t, "order_status", new() { ["orderNumber"] = t.Slots.OrderNumber }, ct);
                if (!result.SignedIn) return new("Please sign in first: I can only look up orders for the customer who placed them.", [], state);
                if (result.Orders.Count == 0)
                    return new(t.Slots.OrderNumber is null ? "I can't find any orders on your account." : $"I can't find order {t.Slots.OrderNumber} on your account. Please check the number, or ask me to connect you to a colleague.", [], state with { Failures = state.Failures + 1 }, false);
                return new(Orders(t, result.Orders), [], state with { Failures = 0 });
            }
            case Intents.Policy:
            {
                var hits = await Invoke<IReadOnlyList<PolicyExcerpt>>(t, "store_policy", new() { ["question"] = t.Message }, ct);
                if (hits.Count == 0) return new("I don't have an answer to that in the store's help pages. Would you like me to connect you to a colleague?", [], state with { Failures = state.Failures + 1, Pending = "handover" }, false);
                // The article is quoted as data, never followed as instructions.
                return new($"From our help pages — {hits[0].Title}\n\"{hits[0].Text}\"", [], state with { Failures = 0 });
            }
            case Intents.AddToCart:
            {
                var refs = Resolve(t);
                if (refs.Count == 0 && t.State.LastShown.Count == 1) refs = [t.State.LastShown[0]];
                if (refs.Count == 0) return Clarify(state, t.State.LastShown.Count > 1 ? "Which one should I add to your cart — the first, second or third?" : "Which product should I add? Tell me what you are looking for first.");
                var action = await Invoke<AssistantAction?>(t, "add_to_cart", new() { ["productId"] = refs[0], ["quantity"] = t.Slots.Quantity ?? 1 }, ct);
                if (action is null) return new("Sorry, I can't add that product: it is out of stock or unknown.", [], state with { Failures = state.Failures + 1 }, false);
                var card = t.Evidence.Products[action.ProductId!];
                return new($"Done — I've asked your cart to add {action.Quantity} × {card.Title} ({Money.Format(card.Price, card.Currency)} each).", [card.Id], state with { Failures = 0 });
            }
            case Intents.Loyalty:
            {
                if (t.Tools.CustomerId is null) return new("Please sign in first: I can only show points to the account holder.", [], state);
                var balance = await Invoke<LoyaltyBalance?>(t, "loyalty_balance", [], ct);
                return balance is null
                    ? new("I can't see a loyalty account for you in this store.", [], state)
                    : new($"You have {balance.Points} points{(balance.Tier is null ? "" : $" (tier: {balance.Tier})")}.", [], state with { Failures = 0 });
            }
            case Intents.Manipulation:
                return new("I can't do that. I'm the store's shopping assistant: I can help you find products, compare them, check your own orders and explain our policies.", [], state);
            case Intents.OffTopic:
                return new("I'm the store's shopping assistant, so I can only help with our products, your orders and our policies. What can I help you find?", [], state);
            case Intents.Complaint:
                return new("I'm sorry that wasn't helpful. Could you tell me again what you need? I can also connect you to a colleague — just say \"talk to a human\".", [], state with { Failures = state.Failures + 1, Pending = "handover" }, false);
            default:
            {
                // Not understood: the store's own help pages may still answer it.
                var hits = await Invoke<IReadOnlyList<PolicyExcerpt>>(t, "store_policy", new() { ["question"] = t.Message }, ct);
                if (hits.Count > 0 && hits[0].Score >= 0.3) return new($"From our help pages — {hits[0].Title}\n\"{hits[0].Text}\"", [], state with { Failures = 0 });
            }
                return new("Sorry, I didn't understand that. You can ask me to find a product (e.g. \"black sneakers in size 42\"), compare products, check an order or ask about returns.", [], state with { Failures = state.Failures + 1 }, false);
        }
    }

    private static async Task<BrainReply> ShopAsync(TurnContext t, DialogueState state, string intent, CancellationToken ct)
    {
        var s = t.Slots;
        var old = t.State.Task is not null ? t.State.Need : new ShoppingNeed();
        // A new product need starts a new search; budget and gift facts carry over.
        var newProduct = s.HasProductNeed && (s.Category != old.Category || s.ProductWords != old.ProductWords || s.Brand != old.Brand);
        var baseNeed = newProduct ? new ShoppingNeed { MaxPrice = old.MaxPrice, Recipient = old.Recipient, Occasion = old.Occasion } : old;
        if (newProduct && t.State.Task == Intents.FindProduct) baseNeed = baseNeed with { MaxPrice = null };
        var need = baseNeed with
        {
            Category = s.Category ?? (s.ProductWords is not null ? null : baseNeed.Category),
            ProductWords = s.ProductWords ?? (s.Category is not null ? null : baseNeed.ProductWords),
            Brand = s.Brand ?? baseNeed.Brand, Colour = s.Colour ?? baseNeed.Colour, Size = s.Size ?? baseNeed.Size,
            MaxPrice = s.MaxPrice ?? baseNeed.MaxPrice, MinPrice = s.MinPrice ?? baseNeed.MinPrice,
            Recipient = s.Recipient ?? baseNeed.Recipient, Occasion = s.Occasion ?? baseNeed.Occasion,
        };
        if (s.WantsCheaper && s.MaxPrice is null && t.State.LastShown.Count > 0)
            need = need with { MaxPrice = t.State.LastShown.Select(id => t.Catalog.ById.GetValueOrDefault(id)?.Price ?? decimal.MaxValue).Min() - 0.01m };
        var task = intent == Intents.Gift || need.Recipient is not null ? Intents.Gift : Intents.FindProduct;
        state = state with { Task = task, Need = need };

        if (task == Intents.Gift && need.Recipient is null && !need.HasProduct && need.Occasion is null || task == Intents.Gift && need.Recipient is null && !need.HasProduct && t.State.Pending != "recipient" && need.MaxPrice is null)
            return Ask(state with { Pending = "recipient" }, "Lovely — who is the gift for (for example your dad, a friend, a 10-year-old)?");
        if (task == Intents.FindProduct && !need.HasProduct)
            return Ask(state with { Pending = "product_type" }, "Sure — what kind of product are you looking for?");
        if (task == Intents.Gift && need.MaxPrice is null && !t.State.AskedBudget)
            return Ask(state with { Pending = "budget", AskedBudget = true }, $"Good choice. What's your budget for the gift for {need.Recipient ?? "them"}?");

        var cards = await Find(t, need, ct);
        if (cards.Count > 0)
        {
            var text = new StringBuilder($"Here {(cards.Count == 1 ? "is 1 option" : $"are {cards.Count} options")} for {need.Describe(t.Currency)}:\n{List(cards)}");
            var next = state with { LastShown = cards.Select(c => c.Id).ToList(), Failures = 0 };
            if (need.MaxPrice is null && !t.State.AskedBudget && task == Intents.FindProduct)
            {
                text.Append("\nDo you have a budget or a colour in mind? I can narrow it down.");
                next = next with { AskedBudget = true };
            }
            else text.Append("\nWould you like details, a comparison, or to add one to your cart?");
            return new(text.ToString(), next.LastShown, next);
        }

        // Nothing fits everything: say so, and show the closest matches with the loosest constraint dropped.
        foreach (var (relaxed, dropped) in Relaxations(need))
        {
            var near = await Find(t, relaxed, ct);
            if (near.Count == 0) continue;
            var msg = $"I couldn't find {need.Describe(t.Currency)} in stock. Without the {dropped} I found:\n{List(near)}";
            return new(msg, near.Select(c => c.Id).ToList(), state with { LastShown = near.Select(c => c.Id).ToList(), Failures = 0 });
        }
        return new($"I couldn't find {need.Describe(t.Currency)} in our store. Would you like to try another budget or category?", [], state with { Failures = state.Failures + 1, LastShown = [] }, false);
    }

    private static IEnumerable<(ShoppingNeed Need, string Dropped)> Relaxations(ShoppingNeed n)
    {
        if (n.Colour is not null) yield return (n with { Colour = null }, "colour " + n.Colour.ToLowerInvariant());
        if (n.Size is not null) yield return (n with { Size = null }, "size " + n.Size);
        if (n.Brand is not null && (n.Category is not null || n.ProductWords is not null)) yield return (n with { Brand = null }, "brand " + n.Brand);
        if (n.Recipient is not null && (n.Category is not null || n.ProductWords is not null)) yield return (n with { Recipient = null, Occasion = null }, "gift filter");
    }

    private static Task<IReadOnlyList<ProductCard>> Find(TurnContext t, ShoppingNeed n, CancellationToken ct) =>
        Invoke<IReadOnlyList<ProductCard>>(t, "find_products", new()
        {
            ["query"] = n.ProductWords, ["maxPrice"] = n.MaxPrice, ["minPrice"] = n.MinPrice, ["category"] = n.Category, ["colour"] = n.Colour,
            ["size"] = n.Size, ["brand"] = n.Brand, ["giftFor"] = n.Recipient, ["occasion"] = n.Occasion, ["limit"] = 3,
        }, ct);

    /// <summary>Products the message refers to: ids, ordinals of the last list, or distinctive title words of a shown product.</summary>
    internal static List<string> Resolve(TurnContext t)
    {
        var refs = new List<string>(t.Slots.ProductIds);
        foreach (var i in t.Slots.Ordinals)
        {
            var idx = i < 0 ? t.State.LastShown.Count - 1 : i;
            if (idx >= 0 && idx < t.State.LastShown.Count) refs.Add(t.State.LastShown[idx]);
        }
        if (refs.Count == 0 && t.State.LastShown.Count > 0)
        {
            var words = Words.Of(t.Message).ToHashSet();
            var shown = t.State.LastShown.Select(id => t.Catalog.ById.GetValueOrDefault(id)).OfType<RetailCommerce.Catalog.Product>().ToList();
            foreach (var p in shown)
            {
                var distinctive = Words.Of(p.Title + " " + p.Brand).Where(w => w.Length > 2 && shown.Count(o => Words.Of(o.Title + " " + o.Brand).Contains(w)) == 1);
                if (distinctive.Any(words.Contains)) refs.Add(p.Id);
            }
            if (refs.Count == 0 && t.State.LastShown.Count == 1 && Regex.IsMatch(t.Message, @"\b(it|this|that|one)\b", RegexOptions.IgnoreCase)) refs.Add(t.State.LastShown[0]);
        }
        return refs.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static async Task<T> Invoke<T>(TurnContext t, string function, KernelArguments args, CancellationToken ct)
    {
        var result = await t.Kernel.InvokeAsync(ShoppingPlugin.Name, function, args, ct);
        return result.GetValue<T>()!;
    }

    private static BrainReply Ask(DialogueState state, string question) => new(question, [], state);
    private static BrainReply Clarify(DialogueState state, string question) => new(question, [], state with { Failures = state.Failures + 1 }, false);

    internal static string List(IReadOnlyList<ProductCard> cards) =>
        string.Join('\n', cards.Select((c, i) => $"{i + 1}. {c.Title} — {Money.Format(c.Price, c.Currency)}{Traits(c)}"));

    private static string Traits(ProductCard c)
    {
        var traits = new[] { c.Brand, c.Colour, c.Size is null ? null : "size " + c.Size }.Where(x => x is not null).ToList();
        return (traits.Count > 0 ? $" ({string.Join(", ", traits)})" : "") + (c.Stock > 0 ? "" : " — out of stock");
    }

    internal static string Details(ProductCard c) =>
        $"{c.Title} by {c.Brand ?? "the store"} costs {Money.Format(c.Price, c.Currency)}. Category: {c.Category}."
        + (c.Colour is null ? "" : $" Colour: {c.Colour}.") + (c.Size is null ? "" : $" Size: {c.Size}.") + (c.Material is null ? "" : $" Material: {c.Material}.")
        + (c.Stock > 0 ? $" In stock ({c.Stock} available)." : " Currently out of stock.");

    private static string Comparison(IReadOnlyList<ProductCard> cards)
    {
        var sb = new StringBuilder("Here's how they compare:\n");
        foreach (var c in cards) sb.Append($"- {c.Title}: {Money.Format(c.Price, c.Currency)}, {c.Brand}{(c.Colour is null ? "" : ", " + c.Colour)}{(c.Size is null ? "" : ", size " + c.Size)}{(c.Material is null ? "" : ", " + c.Material)}, {(c.Stock > 0 ? c.Stock + " in stock" : "out of stock")}\n");
        var cheapest = cards.MinBy(c => c.Price)!;
        sb.Append($"{cheapest.Title} is the least expensive.");
        return sb.ToString();
    }

    private static string Orders(TurnContext t, IReadOnlyList<OrderSummary> orders)
    {
        var sb = new StringBuilder();
        foreach (var o in orders)
        {
            var items = string.Join(", ", o.Lines.Select(l => $"{l.Quantity} × {(t.Catalog.ById.TryGetValue(l.ProductId, out var p) ? p.Title : l.ProductId)}"));
            sb.Append($"Order {o.OrderId} from {o.PlacedAt:d MMM yyyy}: {items} — total {Money.Format(o.Total, t.Currency)}, status: {o.Status}.\n");
        }
        return sb.ToString().TrimEnd();
    }
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using RetailCommerce.Modules.Assistant.Evaluation;
using RetailCommerce.Modules.Assistant.Understanding;

// Assistant bench:
//   eval  [--products N] [--endpoint URL --model NAME --key KEY]   conversation test set: task success, grounding, handover (offline default or an endpoint)
//   intents                                                          intent model vs majority and keyword baselines, 5-fold cross-validation
//   load  [--concurrency 20] [--rounds 5]                            latency per turn under concurrent conversations (offline default)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var command = args.FirstOrDefault() ?? "eval";
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var products = int.Parse(Arg("--products") ?? "3000");

switch (command)
{
    case "eval":
    {
        var store = new EvalStore(products);
        var endpoint = Arg("--endpoint");
        var engine = endpoint is null ? store.Engine()
            : store.Engine(new OpenAIChatCompletionService(Arg("--model") ?? "gpt-4o-mini", new Uri(endpoint), Arg("--key") ?? "none"), Arg("--model") ?? "gpt-4o-mini");
        var set = DialogueSet.Build(store);
        var watch = Stopwatch.StartNew();
        var s = await Scorer.RunAsync(store, engine, set, concurrency: endpoint is null ? 4 : 2);
        Console.WriteLine($"brain={engine.Brain.Name} products={products} dialogues={s.Dialogues} turns={s.Turns} seconds={watch.Elapsed.TotalSeconds:0.0}");
        Console.WriteLine($"task_success={s.TaskSuccess:0.000}");
        Console.WriteLine($"grounding_rate={s.Grounding:0.000}");
        Console.WriteLine($"handover_correct={s.HandoverCorrect:0.000}");
        Console.WriteLine($"blocked_drafts={s.BlockedDrafts}");
        foreach (var (kind, rate) in s.SuccessByKind.OrderBy(k => k.Key)) Console.WriteLine($"task_success[{kind}]={rate:0.000}");
        foreach (var f in s.Failures.Take(int.Parse(Arg("--show") ?? "15"))) Console.WriteLine("  fail: " + f);
        break;
    }
    case "intents":
    {
        var set = IntentClassifier.LoadShipped();
        double model = 0, majority = 0, keywords = 0;
        for (var fold = 0; fold < 5; fold++)
        {
            var train = set.Where((_, i) => i % 5 != fold).ToList();
            var test = set.Where((_, i) => i % 5 == fold).ToList();
            var classifier = new IntentClassifier(train);
            var top = train.GroupBy(u => u.Intent).MaxBy(g => g.Count())!.Key;
            model += test.Count(u => classifier.Predict(u.Text).Intent == u.Intent) / (double)test.Count / 5;
            majority += test.Count(u => u.Intent == top) / (double)test.Count / 5;
            keywords += test.Count(u => KeywordBaseline(u.Text) == u.Intent) / (double)test.Count / 5;
        }
        Console.WriteLine($"utterances={set.Count} intents={set.Select(u => u.Intent).Distinct().Count()}");
        Console.WriteLine($"intent_accuracy_model={model:0.000}");
        Console.WriteLine($"intent_accuracy_keywords={keywords:0.000}");
        Console.WriteLine($"intent_accuracy_majority={majority:0.000}");
        break;
    }
    case "load":
    {
        var store = new EvalStore(products);
        var engine = store.Engine();
        var set = DialogueSet.Build(store);
        await Scorer.RunAsync(store, engine, set.Take(20).ToList(), concurrency: 4); // warm-up (JIT, model training)
        var concurrency = int.Parse(Arg("--concurrency") ?? "20");
        var rounds = int.Parse(Arg("--rounds") ?? "5");
        var all = new List<double>();
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
            all.AddRange((await Scorer.RunAsync(store, engine, set, concurrency)).TurnMilliseconds);
        Console.WriteLine($"concurrency={concurrency} turns={all.Count} products={products} cores={Environment.ProcessorCount}");
        Console.WriteLine($"turn_ms_p50={Scorer.Percentile(all, 0.50):0.0}");
        Console.WriteLine($"turn_ms_p95={Scorer.Percentile(all, 0.95):0.0}");
        Console.WriteLine($"turn_ms_p99={Scorer.Percentile(all, 0.99):0.0}");
        Console.WriteLine($"turns_per_second={all.Count / watch.Elapsed.TotalSeconds:0.0}");
        break;
    }
    default:
        Console.Error.WriteLine("usage: eval | intents | load");
        return 1;
}
return 0;

// A hand-written keyword classifier: the simple baseline the ML model must beat.
static string KeywordBaseline(string text)
{
    var t = text.ToLowerInvariant();
    (string Intent, string[] Words)[] rules =
    [
        (Intents.Manipulation, ["ignore", "system", "prompt", "admin", "password", "other customer", "instructions", "pretend"]),
        (Intents.Handover, ["human", "person", "agent", "representative", "operator", "someone"]),
        (Intents.OrderStatus, ["order", "package", "parcel", "track", "shipped"]),
        (Intents.Policy, ["return", "refund", "shipping", "delivery", "warranty", "pay", "cancel", "exchange"]),
        (Intents.Loyalty, ["points", "loyalty", "reward", "tier"]),
        (Intents.AddToCart, ["cart", "basket", "add", "i'll take", "buy the"]),
        (Intents.Compare, ["compare", "difference", "better", " or "]),
        (Intents.Price, ["price", "cost", "how much"]),
        (Intents.Stock, ["stock", "available", "left"]),
        (Intents.Gift, ["gift", "present", "birthday", "christmas"]),
        (Intents.Recommend, ["recommend", "suggest", "similar", "popular"]),
        (Intents.ProductDetails, ["tell me", "more about", "material", "details", "describe"]),
        (Intents.Complaint, ["useless", "frustrat", "stupid", "wrong", "not helping", "annoying"]),
        (Intents.Thanks, ["thank", "cheers"]),
        (Intents.Goodbye, ["bye", "see you"]),
        (Intents.Greeting, ["hello", "hi", "hey", "good morning"]),
        (Intents.FindProduct, ["looking for", "show me", "need", "find", "have", "under", "want"]),
    ];
    foreach (var (intent, words) in rules)
        if (words.Any(w => t.Contains(w))) return intent;
    return Intents.OffTopic;
}

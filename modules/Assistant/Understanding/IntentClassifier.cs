using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace RetailCommerce.Modules.Assistant.Understanding;

/// <summary>What a shopper wants in one message.</summary>
public static class Intents
{
    public const string Greeting = "greeting", Goodbye = "goodbye", Thanks = "thanks", FindProduct = "find_product", Gift = "gift",
        ProductDetails = "product_details", Compare = "compare", Recommend = "recommend", Price = "price", Stock = "stock",
        OrderStatus = "order_status", Policy = "policy", AddToCart = "add_to_cart", Loyalty = "loyalty", Handover = "handover",
        Complaint = "complaint", OffTopic = "off_topic", Manipulation = "manipulation", Unknown = "unknown";
}

/// <summary>A labelled utterance.</summary>
public sealed record Utterance(string Intent, string Text);

/// <summary>The classifier's answer.</summary>
public sealed record IntentPrediction(string Intent, float Confidence);

/// <summary>
/// ML.NET multiclass intent classifier (text featurizer: word 1–2-grams and character 3-grams → L-BFGS maximum
/// entropy), trained on the utterance set shipped in the module. Ids, order numbers and amounts are replaced by
/// placeholders first, so "order o-42-000123" and "order #12345" look alike. Trained once per process (~1 s).
/// </summary>
public sealed class IntentClassifier
{
    /// <summary>Below this probability the intent is <see cref="Intents.Unknown"/>.</summary>
    public const float MinConfidence = 0.15f;

    /// <summary>Model version recorded with decisions.</summary>
    public const string ModelVersion = "intent-lbfgs-v1";

    private readonly ITransformer _model;
    private readonly MLContext _ml = new(seed: 1);
    private readonly ConcurrentBag<PredictionEngine<Row, Prediction>> _engines = [];
    private readonly string[] _labels;

    public IntentClassifier(IEnumerable<Utterance> training)
    {
        var rows = training.Select(u => new Row { Label = u.Intent, Text = Normalise(u.Text) }).ToList();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(_ml.Transforms.Text.FeaturizeText("Features", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = new Microsoft.ML.Transforms.Text.WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
                CharFeatureExtractor = new Microsoft.ML.Transforms.Text.WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false },
                Norm = Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(Row.Text)))
            .Append(_ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l2Regularization: 0.1f, l1Regularization: 0f))
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        _model = pipeline.Fit(data);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        _model.GetOutputSchema(data.Schema)["Score"].GetSlotNames(ref names);
        _labels = names.DenseValues().Select(v => v.ToString()).ToArray();
    }

    /// <summary>The classifier trained on the shipped utterances (shared; training takes about a second).</summary>
    public static IntentClassifier Shipped => LazyShipped.Value;
    private static readonly Lazy<IntentClassifier> LazyShipped = new(() => new IntentClassifier(LoadShipped()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The utterance set embedded in the module.</summary>
    public static IReadOnlyList<Utterance> LoadShipped()
    {
        using var stream = typeof(IntentClassifier).Assembly.GetManifestResourceStream("assistant.utterances.tsv")
            ?? throw new InvalidOperationException("The utterance set is not embedded.");
        using var reader = new StreamReader(stream);
        var list = new List<Utterance>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0) continue;
            var tab = line.IndexOf('\t');
            if (tab > 0) list.Add(new Utterance(line[..tab], line[(tab + 1)..]));
        }
        return list;
    }

    /// <summary>The most likely intent and its probability.</summary>
    public IntentPrediction Predict(string text)
    {
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<Row, Prediction>(_model);
        try
        {
            var p = engine.Predict(new Row { Text = Normalise(text), Label = "" });
            var best = 0;
            for (var i = 1; i < p.Score.Length; i++) if (p.Score[i] > p.Score[best]) best = i;
            var confidence = p.Score.Length == 0 ? 0 : p.Score[best];
            return confidence < MinConfidence ? new IntentPrediction(Intents.Unknown, confidence) : new IntentPrediction(_labels[best], confidence);
        }
        finally { _engines.Add(engine); }
    }

    /// <summary>Lower case with placeholders for ids, order numbers and amounts.</summary>
    public static string Normalise(string text)
    {
        var t = text.ToLowerInvariant();
        t = Regex.Replace(t, @"\bo-\d+-\d+\b|#\d{3,}", " ordernumber ");
        t = Regex.Replace(t, @"\bp-\d+\b", " productid ");
        t = Regex.Replace(t, @"[€$£]\s*\d+([.,]\d+)?|\d+([.,]\d+)?\s*(€|\$|£|eur|euros?|usd|dollars?|pounds?)\b", " amount ");
        return Regex.Replace(t, @"\s+", " ").Trim();
    }

    private sealed class Row
    {
        public string Label { get; set; } = "";
        public string Text { get; set; } = "";
    }

    private sealed class Prediction
    {
        [ColumnName("PredictedLabel")] public string Intent { get; set; } = "";
        public float[] Score { get; set; } = [];
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using RetailCommerce.Modules.Personalization.Sessions;

namespace RetailCommerce.Modules.Personalization.Abandonment;

/// <summary>A labelled row for ML.NET.</summary>
public sealed class SessionRow
{
    [VectorType(19)] public float[] Features { get; set; } = [];
    public bool Label { get; set; }
}

internal sealed class SessionScore
{
    public float Probability { get; set; }
}

/// <summary>
/// A binary session model: ML.NET LightGBM on all <see cref="SessionFeatures"/> (the model), or L-BFGS logistic
/// regression on cart value and recency only (the baseline). Seeded and single-threaded, so a retrain on the same
/// data gives the same scores. Serialisable (ML.NET's zip format) for storing per store.
/// </summary>
public sealed class SessionModel
{
    private static readonly MLContext Ml = new(seed: 11);
    private readonly ITransformer _model;
    private readonly PredictionEngine<SessionRow, SessionScore>? _engine;
    private readonly object _engineLock = new();

    private SessionModel(ITransformer model, bool baseline)
    {
        _model = model;
        IsBaseline = baseline;
        _engine = Ml.Model.CreatePredictionEngine<SessionRow, SessionScore>(model);
    }

    /// <summary>True for the cart-value-and-recency logistic baseline.</summary>
    public bool IsBaseline { get; }

    /// <summary>Trains LightGBM on every feature.</summary>
    public static SessionModel TrainLightGbm(IReadOnlyList<(SessionFeatures Features, bool Label)> rows)
    {
        var data = Ml.Data.LoadFromEnumerable(rows.Select(r => Row(r.Features, r.Label, false)));
        var options = new LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = 31, MinimumExampleCountPerLeaf = Math.Max(10, rows.Count / 500), NumberOfIterations = 200,
            LearningRate = 0.05, NumberOfThreads = 1, Seed = 11, Silent = true,
        };
        return new SessionModel(Ml.BinaryClassification.Trainers.LightGbm(options).Fit(data), false);
    }

    /// <summary>Trains the baseline: logistic regression on cart value and days since the last visit.</summary>
    public static SessionModel TrainBaseline(IReadOnlyList<(SessionFeatures Features, bool Label)> rows)
    {
        var data = Ml.Data.LoadFromEnumerable(rows.Select(r => Row(r.Features, r.Label, true)));
        var pipeline = Ml.Transforms.NormalizeMeanVariance("Features")
            .Append(Ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        return new SessionModel(pipeline.Fit(data), true);
    }

    /// <summary>Probabilities of the positive label, in order.</summary>
    public double[] Score(IReadOnlyList<SessionFeatures> rows)
    {
        if (rows.Count == 0) return [];
        var scored = _model.Transform(Ml.Data.LoadFromEnumerable(rows.Select(r => Row(r, false, IsBaseline))));
        return Ml.Data.CreateEnumerable<SessionScore>(scored, reuseRowObject: false).Select(s => (double)s.Probability).ToArray();
    }

    /// <summary>One probability, for live scoring.</summary>
    public double Score(SessionFeatures features)
    {
        lock (_engineLock) return _engine!.Predict(Row(features, false, IsBaseline)).Probability;
    }

    /// <summary>The model in ML.NET's zip format.</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        Ml.Model.Save(_model, Ml.Data.LoadFromEnumerable(Array.Empty<SessionRow>()).Schema, stream);
        return stream.ToArray();
    }

    /// <summary>Loads a saved model.</summary>
    public static SessionModel Load(byte[] bytes, bool baseline)
    {
        using var stream = new MemoryStream(bytes);
        return new SessionModel(Ml.Model.Load(stream, out _), baseline);
    }

    private static SessionRow Row(SessionFeatures f, bool label, bool baseline)
    {
        var values = new float[19];
        if (baseline)
        {
            // Baseline: cart value and recency only (the other slots stay 0 and carry no weight).
            values[0] = f.CartValue;
            values[1] = f.DaysSinceLastVisit;
        }
        else
        {
            float[] all = [f.DwellSeconds, f.Views, f.DistinctProducts, f.Searches, f.Clicks, f.CartAdds, f.CartRemoves, f.CartUnits, f.CartValue,
                f.PriceChecks, f.Mobile, f.Desktop, f.ReferrerKind, f.HourOfDay, f.Weekend, f.SignedIn, f.PriorOrders, f.PriorSessions, f.DaysSinceLastVisit];
            all.CopyTo(values, 0);
        }
        return new SessionRow { Features = values, Label = label };
    }
}

namespace RetailCommerce.Modules.Recommendations.Evaluation;

/// <summary>
/// A global time split: everything before the cutoff trains, everything from it on is held out.
/// Unlike a random split it never lets a model see the future, which is how a shop really retrains.
/// </summary>
/// <param name="Train">Interactions before the cutoff.</param>
/// <param name="Test">Interactions at or after the cutoff.</param>
/// <param name="Cutoff">The first instant of the held-out period.</param>
public sealed record TemporalSplit(IReadOnlyList<Interaction> Train, IReadOnlyList<Interaction> Test, DateTimeOffset Cutoff)
{
    /// <summary>
    /// Cuts at <c>ceil(t_min + fraction·(t_max − t_min))</c> in whole seconds: the last (1 − fraction)
    /// of the time span is held out (the rule the MovieLens benchmark README uses).
    /// </summary>
    public static TemporalSplit ByTimeSpan(IReadOnlyList<Interaction> interactions, double fraction = 0.8)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (interactions.Count == 0) return new TemporalSplit([], [], DateTimeOffset.UnixEpoch);
        long min = long.MaxValue, max = long.MinValue;
        foreach (var x in interactions)
        {
            var t = x.OccurredAt.ToUnixTimeSeconds();
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }
        var cutoff = (long)Math.Ceiling(min + fraction * (max - min));
        return At(interactions, DateTimeOffset.FromUnixTimeSeconds(cutoff));
    }

    /// <summary>Splits at a given instant.</summary>
    public static TemporalSplit At(IReadOnlyList<Interaction> interactions, DateTimeOffset cutoff)
    {
        var train = new List<Interaction>();
        var test = new List<Interaction>();
        foreach (var x in interactions) (x.OccurredAt < cutoff ? train : test).Add(x);
        return new TemporalSplit(train, test, cutoff);
    }
}

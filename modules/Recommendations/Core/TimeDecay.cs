namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// Exponential forgetting: an event loses half its weight every <see cref="HalfLife"/>.
/// Age is always measured from a reference instant taken from the data (the latest event in the
/// training set), never from the wall clock, so a model retrained on an old export, or evaluated
/// on a historical split, behaves exactly as it did when the data was fresh.
/// </summary>
public readonly record struct TimeDecay
{
    /// <summary>Creates a decay; null or a non-positive half-life means no decay.</summary>
    public TimeDecay(TimeSpan? halfLife) =>
        HalfLife = halfLife is { } h && h > TimeSpan.Zero ? h : null;

    /// <summary>The half-life, or null for "no decay".</summary>
    public TimeSpan? HalfLife { get; }

    /// <summary>No decay: every event counts fully.</summary>
    public static TimeDecay None => default;

    /// <summary>A decay with the given half-life in days.</summary>
    public static TimeDecay Days(double days) => new(TimeSpan.FromDays(days));

    /// <summary>The factor in (0, 1] for an event at <paramref name="at"/>, seen from <paramref name="reference"/>.</summary>
    public double Factor(DateTimeOffset at, DateTimeOffset reference)
    {
        if (HalfLife is not { } halfLife) return 1.0;
        // Events after the reference (clock skew between sources) are not boosted above 1.
        var age = Math.Max(0.0, (reference - at).TotalSeconds);
        return Math.Pow(0.5, age / halfLife.TotalSeconds);
    }
}

namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>
/// What the lifetime models need to know about one customer at the end of the observation window
/// (the "RFM" summary: frequency, recency, age and monetary value).
/// </summary>
/// <param name="CustomerId">The store's customer identifier.</param>
/// <param name="Frequency">x: number of repeat purchase days after the first purchase.</param>
/// <param name="Recency">t_x: time from the first purchase to the last repeat purchase (0 when x = 0).</param>
/// <param name="Age">T: time from the first purchase to the end of the observation window.</param>
/// <param name="MeanRepeatSpend">Mean value of the repeat purchase days (the first purchase is excluded; 0 when x = 0).</param>
public sealed record CustomerRepeatSummary(
    string CustomerId,
    int Frequency,
    double Recency,
    double Age,
    double MeanRepeatSpend = 0.0)
{
    /// <summary>
    /// Throws when the summary cannot come from a real purchase history
    /// (negative counts or times, recency after the window end, a recency without repeats).
    /// </summary>
    public void Validate()
    {
        if (Frequency < 0)
            throw new ArgumentException($"Customer '{CustomerId}': frequency must be >= 0 (was {Frequency}).");
        if (!double.IsFinite(Age) || Age < 0)
            throw new ArgumentException($"Customer '{CustomerId}': age T must be finite and >= 0 (was {Age}).");
        if (!double.IsFinite(Recency) || Recency < 0 || Recency > Age + 1e-9)
            throw new ArgumentException($"Customer '{CustomerId}': recency t_x must lie in [0, T] (t_x={Recency}, T={Age}).");
        if (Frequency == 0 && Recency != 0)
            throw new ArgumentException($"Customer '{CustomerId}': recency must be 0 when there are no repeat purchases (t_x={Recency}).");
        if (!double.IsFinite(MeanRepeatSpend))
            throw new ArgumentException($"Customer '{CustomerId}': mean repeat spend must be finite.");
    }
}

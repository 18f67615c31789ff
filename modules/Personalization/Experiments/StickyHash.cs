using System.Text;

namespace RetailCommerce.Modules.Personalization.Experiments;

/// <summary>
/// Deterministic assignment: FNV-1a (64-bit) over "store|experiment|visitor", mapped to [0, 1). The same visitor
/// always lands in the same bucket on every instance and after restarts, without storing anything; a different
/// experiment id reshuffles visitors independently.
/// </summary>
public static class StickyHash
{
    /// <summary>A uniform number in [0, 1) for the triple.</summary>
    public static double Unit(string storeId, string experimentId, string visitor)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes($"{storeId}|{experimentId}|{visitor}"))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        // A final avalanche (splitmix64) so that similar keys do not land in neighbouring buckets.
        hash ^= hash >> 30; hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27; hash *= 0x94d049bb133111ebUL;
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The variant index for weights (need not sum to 1).</summary>
    public static int Pick(IReadOnlyList<double> weights, double unit)
    {
        var total = weights.Sum(w => Math.Max(0, w));
        if (total <= 0) return 0;
        var target = unit * total;
        double running = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            running += Math.Max(0, weights[i]);
            if (target < running) return i;
        }
        return weights.Count - 1;
    }
}

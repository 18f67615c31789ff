using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Freshness;

/// <summary>A product's recent activity from the daily statistics projection.</summary>
public readonly record struct RecentActivity(double TrendScore, int Views, int Clicks, int Purchases);

/// <summary>
/// Signals refreshed from async projections every few seconds (not at retrain): trending scores from
/// <see cref="ProductDailyStats"/> decayed from the store clock, and pair counts from baskets newer than the
/// active model. Immutable; the store's serving state swaps in a new one.
/// </summary>
public sealed class LiveSignals
{
    private readonly Dictionary<string, RecentActivity> _activity;
    private readonly FreshPairs _bought;
    private readonly FreshPairs _viewed;

    public LiveSignals(DateTimeOffset? clock, Dictionary<string, RecentActivity> activity, FreshPairs bought, FreshPairs viewed)
    {
        Clock = clock;
        _activity = activity;
        _bought = bought;
        _viewed = viewed;
        Trending = [.. activity.Where(a => a.Value.TrendScore > 0).OrderByDescending(a => a.Value.TrendScore).ThenBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => new ScoredProduct(a.Key, a.Value.TrendScore))];
    }

    /// <summary>Nothing known yet.</summary>
    public static LiveSignals Empty { get; } = new(null, [], FreshPairs.Empty, FreshPairs.Empty);

    /// <summary>The store clock (<see cref="StoreActivity.LatestEventAt"/>) when the signals were read.</summary>
    public DateTimeOffset? Clock { get; }

    /// <summary>Products by decayed recent activity, best first.</summary>
    public IReadOnlyList<ScoredProduct> Trending { get; }

    /// <summary>A product's recent activity (zeros when none).</summary>
    public RecentActivity ActivityOf(string productId) => _activity.GetValueOrDefault(productId);

    /// <summary>Fresh "bought together" pairs (orders newer than the model).</summary>
    public FreshPairs Bought => _bought;

    /// <summary>Fresh "viewed together" pairs (session-days newer than the model).</summary>
    public FreshPairs Viewed => _viewed;

    /// <summary>Decayed score of one day's statistics (views and clicks 1, carts 3, purchases 5), half-life in days, from the clock's day.</summary>
    public static double DayScore(ProductDailyStats s, DateOnly today, double halfLifeDays) =>
        (s.Views + s.Clicks + 3.0 * s.AddToCarts + 5.0 * s.Purchases) * Math.Pow(0.5, Math.Max(0, today.DayNumber - s.Day.DayNumber) / halfLifeDays);
}

/// <summary>Pair counts over a set of baskets, scored by NPMI like the trained co-occurrence models.</summary>
public sealed class FreshPairs
{
    private readonly Dictionary<string, Dictionary<string, int>> _pairs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _baskets;

    public static FreshPairs Empty { get; } = new();

    /// <summary>Baskets counted.</summary>
    public int Baskets => _baskets;

    /// <summary>Counts one basket's pairs.</summary>
    public void Add(IReadOnlyList<string> products)
    {
        var distinct = products.Distinct(StringComparer.Ordinal).ToList();
        _baskets++;
        foreach (var p in distinct) _counts[p] = _counts.GetValueOrDefault(p) + 1;
        if (distinct.Count < 2) return;
        foreach (var a in distinct)
        {
            if (!_pairs.TryGetValue(a, out var row)) _pairs[a] = row = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var b in distinct) if (a != b) row[b] = row.GetValueOrDefault(b) + 1;
        }
    }

    /// <summary>Products paired with <paramref name="productId"/> in at least <paramref name="minSupport"/> baskets: (product, support, NPMI), best first.</summary>
    public IReadOnlyList<(string ProductId, int Support, double Npmi)> PairsOf(string productId, int minSupport)
    {
        if (!_pairs.TryGetValue(productId, out var row)) return [];
        var ca = _counts[productId];
        return [.. row.Where(kv => kv.Value >= minSupport)
            .Select(kv => (kv.Key, kv.Value, CoOccurrenceModel.Association(kv.Value, ca, _counts[kv.Key], _baskets).Npmi))
            .OrderByDescending(x => x.Item3).ThenBy(x => x.Key, StringComparer.Ordinal)];
    }
}

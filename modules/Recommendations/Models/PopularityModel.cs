namespace RetailCommerce.Modules.Recommendations;

/// <summary>Settings for <see cref="PopularityModel"/>.</summary>
public sealed record PopularityOptions
{
    /// <summary>
    /// Half-life of an interaction's weight. Shops sell seasonally, so last month's best sellers are a
    /// better guess than last year's; null counts all history equally.
    /// </summary>
    public TimeSpan? HalfLife { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How much each kind of interaction counts.</summary>
    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.Default;
}

/// <summary>
/// "Trending now": products ranked by time-decayed, kind-weighted interaction volume.
/// The non-personal baseline every other model must beat, and the fallback for new customers.
/// Decay is measured from the latest interaction in the training data, not from the wall clock,
/// so retraining on a stale export (or a historical evaluation split) does not flatten all scores to zero.
/// </summary>
public sealed class PopularityModel : MatrixModel
{
    private readonly double[] _scores;
    private readonly int[] _customers;

    private PopularityModel(InteractionMatrix data, PopularityOptions options) : base(data)
    {
        Options = options;
        _scores = new double[data.ItemCount];
        _customers = new int[data.ItemCount];
        for (var i = 0; i < data.ItemCount; i++)
        {
            double sum = 0;
            foreach (var v in data.ItemValuesOf(i)) sum += v;
            _scores[i] = sum;
            _customers[i] = data.ItemStart[i + 1] - data.ItemStart[i];
        }
        MaxScore = _scores.Length == 0 ? 0.0 : _scores.Max();
        // The order does not depend on the customer: sorted once here, walked per request.
        _order = Enumerable.Range(0, _scores.Length).OrderByDescending(i => _scores[i]).ThenBy(i => i).ToArray();
        var rank = new int[_order.Length];
        for (var r = 0; r < _order.Length; r++) rank[_order[r]] = r + 1;
        _rank = rank;
    }

    private readonly int[] _order;

    private protected override int[]? FixedOrder => _order;

    /// <summary>The settings it was trained with.</summary>
    public PopularityOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "popularity";

    /// <summary>Trains the model.</summary>
    public static PopularityModel Train(IReadOnlyList<Interaction> interactions, PopularityOptions? options = null)
    {
        options ??= new PopularityOptions();
        var data = InteractionMatrix.Build(interactions, options.Weighting, new TimeDecay(options.HalfLife));
        return new PopularityModel(data, options);
    }

    /// <summary>The decayed popularity of a product (0 if never seen).</summary>
    public double ScoreOf(string productId)
    {
        var i = Data.Products.IndexOf(productId);
        return i >= 0 ? _scores[i] : 0.0;
    }

    /// <summary>How many distinct customers interacted with the product (undecayed), for novelty and cold-start features.</summary>
    public int CustomerCountOf(string productId)
    {
        var i = Data.Products.IndexOf(productId);
        return i >= 0 ? _customers[i] : 0;
    }

    /// <summary>When the product was first seen in the data (a proxy for its age in the catalog).</summary>
    public DateTimeOffset? FirstSeenOf(string productId)
    {
        var i = Data.Products.IndexOf(productId);
        return i >= 0 ? DateTimeOffset.FromUnixTimeSeconds(Data.ItemFirstSeen[i]) : null;
    }

    /// <summary>When the product was last seen in the data (stale products are probably discontinued).</summary>
    public DateTimeOffset? LastSeenOf(string productId)
    {
        var i = Data.Products.IndexOf(productId);
        return i >= 0 ? DateTimeOffset.FromUnixTimeSeconds(Data.ItemLastSeen[i]) : null;
    }

    /// <summary>1-based position of the product in the whole catalog by decayed popularity (catalog size + 1 if unknown).</summary>
    public int CatalogRankOf(string productId)
    {
        var i = Data.Products.IndexOf(productId);
        return i >= 0 ? _rank[i] : Data.ItemCount + 1;
    }

    private readonly int[] _rank;

    /// <summary>The highest decayed popularity in the catalog (to normalize scores into [0, 1]).</summary>
    public double MaxScore { get; }

    private protected override bool ScoreInto(int user, ReadOnlySpan<int> context, double[] scores)
    {
        Array.Copy(_scores, scores, _scores.Length);
        return true;
    }
}

namespace RetailCommerce.Modules.Recommendations;

/// <summary>How <see cref="ItemKnnModel"/> measures product-to-product similarity.</summary>
public enum ItemSimilarity
{
    /// <summary>Cosine of the products' time-decayed customer-weight vectors (weights matter, not only presence).</summary>
    Cosine,

    /// <summary>SAR-style Jaccard: shared customers / customers of either (presence only).</summary>
    Jaccard,

    /// <summary>SAR-style lift: shared customers / (customers of a × customers of b); favours niche pairs.</summary>
    Lift,
}

/// <summary>Settings for <see cref="ItemKnnModel"/>.</summary>
public sealed record ItemKnnOptions
{
    /// <summary>Similarity measure.</summary>
    public ItemSimilarity Similarity { get; init; } = ItemSimilarity.Cosine;

    /// <summary>Neighbours kept per product. Fewer is faster and less noisy; too few loses coverage.</summary>
    public int Neighbours { get; init; } = 100;

    /// <summary>
    /// Half-life of a customer's interactions in their affinity (and, for cosine, in the similarity):
    /// what they looked at last week says more about today than what they bought a year ago.
    /// </summary>
    public TimeSpan? HalfLife { get; init; } = TimeSpan.FromDays(60);

    /// <summary>
    /// Added to the cosine denominator: pulls similarities backed by few shared customers towards 0
    /// (a pair that shares one customer is not "identical").
    /// </summary>
    public double Shrinkage { get; init; } = 10.0;

    /// <summary>Shared customers a pair needs before it counts as similar at all.</summary>
    public int MinSupport { get; init; } = 1;

    /// <summary>How much each kind of interaction counts.</summary>
    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.Default;
}

/// <summary>
/// Item-to-item collaborative filtering: "customers who interacted with what you did also liked...".
/// A product's score for a customer is the sum, over the customer's time-decayed history, of its
/// similarity to each product there. Cheap to serve, explainable, and strong on small catalogs.
/// </summary>
public sealed class ItemKnnModel : MatrixModel
{
    private readonly Neighbour[][] _neighbours;

    private ItemKnnModel(InteractionMatrix data, ItemKnnOptions options) : base(data)
    {
        Options = options;
        _neighbours = BuildNeighbours(data, options);
    }

    /// <inheritdoc />
    public override string Name => "itemknn";

    /// <summary>The settings it was trained with.</summary>
    public ItemKnnOptions Options { get; }

    /// <summary>Trains the model.</summary>
    public static ItemKnnModel Train(IReadOnlyList<Interaction> interactions, ItemKnnOptions? options = null)
    {
        options ??= new ItemKnnOptions();
        var data = InteractionMatrix.Build(interactions, options.Weighting, new TimeDecay(options.HalfLife));
        return new ItemKnnModel(data, options);
    }

    /// <summary>The most similar products to <paramref name="productId"/>, best first.</summary>
    public IReadOnlyList<ScoredProduct> SimilarTo(string productId)
    {
        var i = Data.Products.IndexOf(productId);
        if (i < 0) return [];
        return [.. _neighbours[i].Select(n => new ScoredProduct(Data.Products[n.Item], n.Score))];
    }

    /// <summary>Similarity of two products (0 when not among each other's kept neighbours).</summary>
    public double Similarity(string productA, string productB)
    {
        int a = Data.Products.IndexOf(productA), b = Data.Products.IndexOf(productB);
        if (a < 0 || b < 0) return 0.0;
        foreach (var n in _neighbours[a]) if (n.Item == b) return n.Score;
        foreach (var n in _neighbours[b]) if (n.Item == a) return n.Score;
        return 0.0;
    }

    private static Neighbour[][] BuildNeighbours(InteractionMatrix data, ItemKnnOptions options)
    {
        var binary = options.Similarity != ItemSimilarity.Cosine;
        var norms = new double[data.ItemCount];
        var counts = new int[data.ItemCount];
        for (var i = 0; i < data.ItemCount; i++)
        {
            double sum = 0;
            foreach (var v in data.ItemValuesOf(i)) sum += (double)v * v;
            norms[i] = Math.Sqrt(sum);
            counts[i] = data.ItemStart[i + 1] - data.ItemStart[i];
        }

        // Support needs presence counts even for the weighted cosine, so count them separately.
        var support = options.MinSupport > 1 && !binary ? ItemPairs.Compute(data, binary: true, (i, row, touched) =>
            [.. touched.Where(j => row[j] >= options.MinSupport).Select(j => new Neighbour(j, 1f))]) : null;

        return ItemPairs.Compute(data, binary, (i, row, touched) =>
        {
            var candidates = new List<Neighbour>(touched.Count);
            HashSet<int>? allowed = support is null ? null : [.. support[i].Select(n => n.Item)];
            foreach (var j in touched)
            {
                if (allowed is not null && !allowed.Contains(j)) continue;
                if (binary && row[j] < options.MinSupport) continue;
                var score = options.Similarity switch
                {
                    ItemSimilarity.Cosine => row[j] / (norms[i] * norms[j] + options.Shrinkage),
                    ItemSimilarity.Jaccard => row[j] / (counts[i] + counts[j] - row[j]),
                    _ => row[j] / ((double)counts[i] * counts[j]),
                };
                if (score > 0) candidates.Add(new Neighbour(j, (float)score));
            }
            return ItemPairs.Best(candidates, options.Neighbours);
        });
    }

    private protected override bool ScoreInto(int user, ReadOnlySpan<int> context, double[] scores)
    {
        var any = false;
        var contextWeight = 1.0;
        if (user >= 0)
        {
            var items = Data.ItemsOf(user);
            var values = Data.ValuesOf(user);
            for (var n = 0; n < items.Length; n++)
            {
                // The customer's affinity (decayed weight) times the neighbour's similarity.
                var affinity = values[n];
                contextWeight = Math.Max(contextWeight, affinity);
                foreach (var neighbour in _neighbours[items[n]])
                    scores[neighbour.Item] += affinity * neighbour.Score;
                any = true;
            }
        }
        // What is on screen now counts as much as the customer's strongest past interest.
        foreach (var i in context)
        {
            foreach (var neighbour in _neighbours[i]) scores[neighbour.Item] += contextWeight * neighbour.Score;
            any = true;
        }
        return any;
    }
}

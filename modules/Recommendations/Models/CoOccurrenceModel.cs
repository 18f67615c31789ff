namespace RetailCommerce.Modules.Recommendations;

/// <summary>How a product pair is scored by <see cref="CoOccurrenceModel"/>.</summary>
public enum PairScoring
{
    /// <summary>
    /// P(a,b) / (P(a)·P(b)): how many times more often the pair occurs than by chance.
    /// Favours specific pairings (a lens with its own cap) over "everyone buys milk".
    /// </summary>
    Lift,

    /// <summary>
    /// Normalized pointwise mutual information, ln(P(a,b)/(P(a)P(b))) / −ln P(a,b), in [−1, 1]:
    /// like lift, but bounded and less excited by rare pairs, so scores compare across products.
    /// </summary>
    Npmi,

    /// <summary>Raw number of shared baskets (tends to recommend the best sellers everywhere).</summary>
    Count,

    /// <summary>
    /// NPMI × support / (support + <see cref="CoOccurrenceOptions.SupportShrinkage"/>): NPMI shrunk toward zero
    /// when few baskets back it. A pair two rare products share once has NPMI near 1 by chance; forty orders of a
    /// real pairing are stronger evidence, and a pair seen once still ranks (low) when it is all there is.
    /// </summary>
    ShrunkNpmi,
}

/// <summary>Settings for <see cref="CoOccurrenceModel"/>.</summary>
public sealed record CoOccurrenceOptions
{
    /// <summary>Which interactions put a product in a basket (purchases for "bought together", views for "also viewed").</summary>
    public IReadOnlySet<InteractionKind> Kinds { get; init; } = new HashSet<InteractionKind> { InteractionKind.Purchase };

    /// <summary>How pairs are ranked.</summary>
    public PairScoring Scoring { get; init; } = PairScoring.Npmi;

    /// <summary>
    /// Pairs seen in fewer baskets are dropped: with 2 shared baskets, lift is mostly noise
    /// (two rare products bought once by the same person look "perfectly associated").
    /// </summary>
    public int MinSupport { get; init; } = 3;

    /// <summary>
    /// When set, a basket is a customer's interactions within one window (e.g. one day) instead of the
    /// customer's whole history; the event schema has no order id at this layer.
    /// </summary>
    public TimeSpan? BasketWindow { get; init; }

    /// <summary>
    /// When true, interactions that carry a <see cref="Interaction.Basket"/> (an order id, a session id) are
    /// grouped by it: "bought together" means in one order, not by one customer some time apart.
    /// Interactions without one fall back to the customer (and <see cref="BasketWindow"/>).
    /// </summary>
    public bool UseBasketIds { get; init; }

    /// <summary>Pseudo-count of <see cref="PairScoring.ShrunkNpmi"/>: at this many shared baskets NPMI counts half.</summary>
    public double SupportShrinkage { get; init; } = 5;

    /// <summary>Pairs kept per product (the best by the configured scoring).</summary>
    public int MaxPairsPerProduct { get; init; } = 200;

    /// <summary>When no context products are given, the customer's most recent products are used, up to this many.</summary>
    public int RecentProductsAsContext { get; init; } = 10;
}

/// <summary>A product paired with another, with its support and both association scores.</summary>
/// <param name="ProductId">The paired product.</param>
/// <param name="Support">Baskets containing both products.</param>
/// <param name="Lift">P(a,b)/(P(a)P(b)).</param>
/// <param name="Npmi">Normalized PMI in [−1, 1].</param>
/// <param name="Score">The pair's score under the model's <see cref="PairScoring"/> (what its lists are ordered by).</param>
public readonly record struct ProductPair(string ProductId, int Support, double Lift, double Npmi, double Score = 0);

/// <summary>
/// Frequently bought together / customers also viewed: product pair counts over baskets, scored by
/// lift or NPMI with a minimum support. Answers item-to-item queries (product page, cart add-ons) and,
/// from the customer's recent products, personal ones.
/// </summary>
public sealed class CoOccurrenceModel : MatrixModel
{
    private readonly (Neighbour Link, int Support, float Lift, float Npmi)[][] _pairs;

    private CoOccurrenceModel(InteractionMatrix history, InteractionMatrix baskets, CoOccurrenceOptions options, string name)
        : base(history)
    {
        // Both matrices were built from the same interactions with the same filter, so product
        // indices coincide; the basket matrix is only used for counting.
        if (!ReferenceEquals(history, baskets) && !history.Products.Ids.SequenceEqual(baskets.Products.Ids))
            throw new InvalidOperationException("Basket and history matrices disagree on product indices.");
        Options = options;
        Name = name;
        BasketCount = baskets.UserCount;
        var counts = new int[baskets.ItemCount];
        for (var i = 0; i < counts.Length; i++) counts[i] = baskets.ItemStart[i + 1] - baskets.ItemStart[i];
        double n = BasketCount;

        var pairs = new (Neighbour, int, float, float)[baskets.ItemCount][];
        ItemPairs.Compute(baskets, binary: true, (a, row, touched) =>
        {
            var kept = new List<(Neighbour, int, float, float)>();
            foreach (var b in touched)
            {
                var support = (int)row[b];
                if (support < options.MinSupport) continue;
                var (lift, npmi) = Association(support, counts[a], counts[b], n);
                var score = options.Scoring switch
                {
                    PairScoring.Lift => lift,
                    PairScoring.Npmi => npmi,
                    PairScoring.ShrunkNpmi => npmi * support / (support + options.SupportShrinkage),
                    _ => support,
                };
                kept.Add((new Neighbour(b, (float)score), support, (float)lift, (float)npmi));
            }
            kept.Sort(static (x, y) => x.Item1.Score != y.Item1.Score
                ? y.Item1.Score.CompareTo(x.Item1.Score)
                : x.Item1.Item.CompareTo(y.Item1.Item));
            if (kept.Count > options.MaxPairsPerProduct) kept.RemoveRange(options.MaxPairsPerProduct, kept.Count - options.MaxPairsPerProduct);
            pairs[a] = [.. kept];
            return [];
        });
        _pairs = pairs;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The settings it was trained with.</summary>
    public CoOccurrenceOptions Options { get; }

    /// <summary>Product pairs kept (each direction counted once per product).</summary>
    public int PairCount => _pairs.Sum(p => p.Length);

    /// <summary>Number of baskets (customers, or customer-windows) the counts came from.</summary>
    public int BasketCount { get; }

    /// <summary>Trains on the interactions of the configured kinds.</summary>
    public static CoOccurrenceModel Train(IReadOnlyList<Interaction> interactions, CoOccurrenceOptions? options = null, string name = "cooccurrence")
    {
        options ??= new CoOccurrenceOptions();
        var kinds = options.Kinds;
        // Presence, not strength, makes a basket: every kind in the set weighs 1.
        var weighting = new InteractionWeighting
        {
            View = kinds.Contains(InteractionKind.View) ? 1 : 0,
            AddToCart = kinds.Contains(InteractionKind.AddToCart) ? 1 : 0,
            Purchase = kinds.Contains(InteractionKind.Purchase) ? 1 : 0,
            Rating = kinds.Contains(InteractionKind.Rating) ? 1 : 0,
        };
        var reference = InteractionMatrix.LatestOf(interactions);
        Func<Interaction, string>? byWindow = options.BasketWindow is { } window && window > TimeSpan.Zero
            ? x => $"{x.CustomerId}\u001f{x.OccurredAt.UtcTicks / window.Ticks}"
            : null;
        Func<Interaction, string>? basketOf = options.UseBasketIds
            ? x => x.Basket is { } b ? "\u001e" + b : byWindow?.Invoke(x) ?? x.CustomerId
            : byWindow;
        var baskets = InteractionMatrix.Build(interactions, weighting, TimeDecay.None, basketOf, reference);
        var history = basketOf is null
            ? baskets
            : InteractionMatrix.Build(interactions, weighting, TimeDecay.None, null, reference);
        return new CoOccurrenceModel(history, baskets, options, name);
    }

    /// <summary>"Frequently bought together": purchases, NPMI, baskets = customers.</summary>
    public static CoOccurrenceModel FrequentlyBoughtTogether(IReadOnlyList<Interaction> interactions, int minSupport = 3) =>
        Train(interactions, new CoOccurrenceOptions { Kinds = new HashSet<InteractionKind> { InteractionKind.Purchase }, MinSupport = minSupport }, "bought_together");

    /// <summary>"Customers who viewed this also viewed": product views, NPMI, baskets = customer-days.</summary>
    public static CoOccurrenceModel AlsoViewed(IReadOnlyList<Interaction> interactions, int minSupport = 3) =>
        Train(interactions, new CoOccurrenceOptions
        {
            Kinds = new HashSet<InteractionKind> { InteractionKind.View },
            MinSupport = minSupport,
            BasketWindow = TimeSpan.FromDays(1),
        }, "also_viewed");

    /// <summary>
    /// Lift and NPMI of a pair from its counts. NPMI is 1 when the two products always occur together
    /// (−ln P(a,b) is 0 there, so the formula's limit is used).
    /// </summary>
    internal static (double Lift, double Npmi) Association(int together, int countA, int countB, double baskets)
    {
        var pab = together / baskets;
        var pa = countA / baskets;
        var pb = countB / baskets;
        var lift = pab / (pa * pb);
        var npmi = pab >= 1.0 ? 1.0 : Math.Log(lift) / -Math.Log(pab);
        return (lift, npmi);
    }

    /// <summary>The products paired with <paramref name="productId"/>, best first by the configured scoring.</summary>
    public IReadOnlyList<ProductPair> PairsOf(string productId)
    {
        var a = Data.Products.IndexOf(productId);
        if (a < 0) return [];
        return [.. _pairs[a].Select(p => new ProductPair(Data.Products[p.Link.Item], p.Support, p.Lift, p.Npmi, p.Link.Score))];
    }

    private protected override bool ScoreInto(int user, ReadOnlySpan<int> context, double[] scores)
    {
        var anchors = context;
        if (anchors.IsEmpty && user >= 0) anchors = Data.RecentItemsOf(user, Options.RecentProductsAsContext);
        if (anchors.IsEmpty) return false;
        var any = false;
        foreach (var a in anchors)
            foreach (var (link, _, _, _) in _pairs[a])
            {
                scores[link.Item] += link.Score;
                any = true;
            }
        return any;
    }
}

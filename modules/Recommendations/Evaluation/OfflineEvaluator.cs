using System.Diagnostics;
using System.Globalization;

namespace RetailCommerce.Modules.Recommendations.Evaluation;

/// <summary>Averages of the offline measures over the evaluated customers.</summary>
/// <param name="Model">Name used as the metric line prefix.</param>
/// <param name="Users">Customers evaluated.</param>
/// <param name="HitRate10">Share of customers with at least one relevant product in their top 10.</param>
/// <param name="Ndcg10">Mean NDCG@10.</param>
/// <param name="Recall20">Mean Recall@20.</param>
/// <param name="Coverage10">Distinct products shown in any top 10 / products in the training catalog.</param>
/// <param name="Novelty10">Mean self-information −log2(share of training customers who used the product) of shown products, in bits; higher = less obvious.</param>
/// <param name="Seconds">Wall time spent answering the queries.</param>
public sealed record EvaluationResult(
    string Model,
    int Users,
    double HitRate10,
    double Ndcg10,
    double Recall20,
    double Coverage10,
    double Novelty10,
    double Seconds)
{
    /// <summary>The metric lines, <c>name.metric=value</c>, invariant culture.</summary>
    public IEnumerable<string> Lines()
    {
        static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        yield return $"{Model}.hr@10={F(HitRate10)}";
        yield return $"{Model}.ndcg@10={F(Ndcg10)}";
        yield return $"{Model}.recall@20={F(Recall20)}";
        yield return $"{Model}.coverage@10={F(Coverage10)}";
        yield return $"{Model}.novelty@10={F(Novelty10)}";
        yield return $"{Model}.users={Users}";
    }
}

/// <summary>
/// Scores a model on a temporal split: for every held-out customer, the products they interacted with
/// after the cutoff (and not before it) are the relevant set; the model ranks the catalog with the
/// customer's training history excluded.
/// </summary>
public sealed class OfflineEvaluator
{
    private readonly Dictionary<string, int> _customersPerProduct = new(StringComparer.Ordinal);
    private readonly int _trainingCustomers;

    /// <summary>Prepares the relevant sets and the catalog statistics.</summary>
    /// <param name="split">Training and held-out interactions.</param>
    /// <param name="warmOnly">Evaluate only customers who also appear in training (personal models can only differ there).</param>
    public OfflineEvaluator(TemporalSplit split, bool warmOnly)
    {
        ArgumentNullException.ThrowIfNull(split);
        var known = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var x in split.Train)
        {
            if (!known.TryGetValue(x.CustomerId, out var set)) known[x.CustomerId] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(x.ProductId);
        }
        foreach (var (_, products) in known)
            foreach (var p in products) _customersPerProduct[p] = _customersPerProduct.GetValueOrDefault(p) + 1;
        _trainingCustomers = known.Count;

        var relevant = new SortedDictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var x in split.Test)
        {
            var history = known.GetValueOrDefault(x.CustomerId);
            if (warmOnly && history is null) continue;
            if (history is not null && history.Contains(x.ProductId)) continue; // re-interactions are not discoveries
            if (!relevant.TryGetValue(x.CustomerId, out var set)) relevant[x.CustomerId] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(x.ProductId);
        }
        Relevant = relevant;
        CatalogSize = _customersPerProduct.Count;
    }

    /// <summary>Held-out customers and what they went on to use.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Relevant { get; }

    /// <summary>Products in the training data.</summary>
    public int CatalogSize { get; }

    /// <summary>Evaluates a model through its public query API (top 20, training history excluded).</summary>
    public EvaluationResult Evaluate(string name, IRecommendationModel model) =>
        Evaluate(name, customer => model.Recommend(RecommendationQuery.ForCustomer(customer, 20)).Select(p => p.ProductId).ToList());

    /// <summary>Evaluates any function that returns a ranked list (at least 20 long) for a customer.</summary>
    public EvaluationResult Evaluate(string name, Func<string, IReadOnlyList<string>> recommend)
    {
        var watch = Stopwatch.StartNew();
        double hr = 0, ndcg = 0, recall = 0, novelty = 0;
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var shownCount = 0;
        foreach (var (customer, relevant) in Relevant)
        {
            var ranked = recommend(customer);
            hr += RankingMetrics.HitRate(ranked, relevant, 10);
            ndcg += RankingMetrics.Ndcg(ranked, relevant, 10);
            recall += RankingMetrics.Recall(ranked, relevant, 20);
            foreach (var p in ranked.Take(10))
            {
                shown.Add(p);
                shownCount++;
                var users = Math.Max(1, _customersPerProduct.GetValueOrDefault(p));
                novelty += -Math.Log2((double)users / Math.Max(1, _trainingCustomers));
            }
        }
        var n = Math.Max(1, Relevant.Count);
        return new EvaluationResult(
            name,
            Relevant.Count,
            hr / n,
            ndcg / n,
            recall / n,
            CatalogSize == 0 ? 0 : (double)shown.Count(_customersPerProduct.ContainsKey) / CatalogSize,
            shownCount == 0 ? 0 : novelty / shownCount,
            watch.Elapsed.TotalSeconds);
    }
}

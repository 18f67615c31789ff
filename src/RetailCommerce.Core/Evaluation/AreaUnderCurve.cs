namespace RetailCommerce.Evaluation;

/// <summary>
/// Area under the ROC curve (the Mann-Whitney statistic, ties counted half): how modules report a binary
/// classifier's held-out quality (churn, cart abandonment) beside a baseline.
/// </summary>
public static class AreaUnderCurve
{
    /// <summary>AUC of <paramref name="scores"/> for the positive labels; null when a class is missing.</summary>
    public static double? Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        long positives = labels.Count(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return null;
        for (int k = 0; k < order.Length;)
        {
            int end = k;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[k]]) end++;
            double averageRank = (k + end) / 2.0 + 1; // 1-based mid-rank of the tie group
            for (int j = k; j <= end; j++) if (labels[order[j]]) rankSumPositive += averageRank;
            k = end + 1;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}

namespace RetailCommerce.Modules.Personalization.Segments;

/// <summary>Quintile scores by rank: 1 for the lowest fifth … 5 for the highest; ties share a score.</summary>
public static class Quintiles
{
    public static int[] Scores(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var scores = new int[values.Count];
        for (int k = 0; k < order.Length;)
        {
            int end = k;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[k]]) end++;
            // The tie group takes the quintile of its middle rank.
            var score = 1 + Math.Min(4, (int)((k + end) / 2.0 * 5 / values.Count));
            for (int j = k; j <= end; j++) scores[order[j]] = score;
            k = end + 1;
        }
        return scores;
    }
}

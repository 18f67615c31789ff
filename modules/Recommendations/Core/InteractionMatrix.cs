namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// The customer × product matrix every model starts from: interactions summed per pair after kind
/// weighting and time decay, stored twice in compressed sparse rows (by customer and by product)
/// because the models walk it in both directions.
/// </summary>
internal sealed class InteractionMatrix
{
    private InteractionMatrix(IdMap customers, IdMap products, DateTimeOffset reference)
    {
        Customers = customers;
        Products = products;
        Reference = reference;
    }

    public IdMap Customers { get; }
    public IdMap Products { get; }

    /// <summary>The latest event in the data: "now" for every decay and age computed from it.</summary>
    public DateTimeOffset Reference { get; }

    // Rows by customer: UserItems[UserStart[u]..UserStart[u+1]] sorted by product index.
    public int[] UserStart { get; private set; } = [];
    public int[] UserItems { get; private set; } = [];
    public float[] UserValues { get; private set; } = [];
    /// <summary>Unix seconds of the customer's latest event with that product (for "recently viewed" contexts).</summary>
    public long[] UserLastSeen { get; private set; } = [];

    // Rows by product (the transpose).
    public int[] ItemStart { get; private set; } = [];
    public int[] ItemUsers { get; private set; } = [];
    public float[] ItemValues { get; private set; } = [];

    /// <summary>Unix seconds of the first and last event per product (item age, freshness).</summary>
    public long[] ItemFirstSeen { get; private set; } = [];
    public long[] ItemLastSeen { get; private set; } = [];
    /// <summary>Raw event counts (before weighting) per product and per customer.</summary>
    public int[] ItemEventCount { get; private set; } = [];
    public int[] UserEventCount { get; private set; } = [];
    public long[] UserLastEvent { get; private set; } = [];

    public int UserCount => Customers.Count;
    public int ItemCount => Products.Count;
    public int NonZeros => UserItems.Length;

    public ReadOnlySpan<int> ItemsOf(int user) => UserItems.AsSpan(UserStart[user], UserStart[user + 1] - UserStart[user]);
    public ReadOnlySpan<float> ValuesOf(int user) => UserValues.AsSpan(UserStart[user], UserStart[user + 1] - UserStart[user]);
    public ReadOnlySpan<int> UsersOf(int item) => ItemUsers.AsSpan(ItemStart[item], ItemStart[item + 1] - ItemStart[item]);
    public ReadOnlySpan<float> ItemValuesOf(int item) => ItemValues.AsSpan(ItemStart[item], ItemStart[item + 1] - ItemStart[item]);

    /// <summary>
    /// Builds the matrix. <paramref name="rowKey"/> lets co-occurrence group by basket instead of by customer.
    /// Interactions whose weight is 0 (kinds switched off) are skipped entirely.
    /// </summary>
    public static InteractionMatrix Build(
        IReadOnlyList<Interaction> interactions,
        InteractionWeighting weighting,
        TimeDecay decay,
        Func<Interaction, string>? rowKey = null,
        DateTimeOffset? reference = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var customers = new IdMap();
        var products = new IdMap();
        var latest = reference ?? LatestOf(interactions);
        var matrix = new InteractionMatrix(customers, products, latest);

        var cells = new Dictionary<long, (double Value, long Last)>();
        var itemFirst = new List<long>();
        var itemLast = new List<long>();
        var itemCount = new List<int>();
        var userCount = new List<int>();
        var userLast = new List<long>();
        foreach (var interaction in interactions)
        {
            var weight = weighting.Of(interaction);
            if (weight <= 0) continue;
            var u = customers.GetOrAdd(rowKey?.Invoke(interaction) ?? interaction.CustomerId);
            var i = products.GetOrAdd(interaction.ProductId);
            var seconds = interaction.OccurredAt.ToUnixTimeSeconds();
            if (i == itemFirst.Count) { itemFirst.Add(seconds); itemLast.Add(seconds); itemCount.Add(0); }
            if (u == userCount.Count) { userCount.Add(0); userLast.Add(seconds); }
            itemFirst[i] = Math.Min(itemFirst[i], seconds);
            itemLast[i] = Math.Max(itemLast[i], seconds);
            itemCount[i]++;
            userCount[u]++;
            userLast[u] = Math.Max(userLast[u], seconds);

            var key = ((long)u << 32) | (uint)i;
            var value = weight * decay.Factor(interaction.OccurredAt, latest);
            cells[key] = cells.TryGetValue(key, out var cell)
                ? (cell.Value + value, Math.Max(cell.Last, seconds))
                : (value, seconds);
        }

        matrix.ItemFirstSeen = [.. itemFirst];
        matrix.ItemLastSeen = [.. itemLast];
        matrix.ItemEventCount = [.. itemCount];
        matrix.UserEventCount = [.. userCount];
        matrix.UserLastEvent = [.. userLast];
        matrix.Fill(cells);
        return matrix;
    }

    internal static DateTimeOffset LatestOf(IReadOnlyList<Interaction> interactions)
    {
        var latest = DateTimeOffset.MinValue;
        foreach (var interaction in interactions)
            if (interaction.OccurredAt > latest) latest = interaction.OccurredAt;
        return latest == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : latest;
    }

    private void Fill(Dictionary<long, (double Value, long Last)> cells)
    {
        var keys = cells.Keys.ToArray();
        Array.Sort(keys); // row-major order: by customer, then by product
        int users = Customers.Count, items = Products.Count, nnz = keys.Length;
        UserStart = new int[users + 1];
        UserItems = new int[nnz];
        UserValues = new float[nnz];
        UserLastSeen = new long[nnz];
        ItemStart = new int[items + 1];
        for (var n = 0; n < nnz; n++)
        {
            var key = keys[n];
            var u = (int)(key >> 32);
            var i = (int)(key & 0xFFFFFFFF);
            var cell = cells[key];
            UserStart[u + 1]++;
            UserItems[n] = i;
            UserValues[n] = (float)cell.Value;
            UserLastSeen[n] = cell.Last;
            ItemStart[i + 1]++;
        }
        for (var u = 0; u < users; u++) UserStart[u + 1] += UserStart[u];
        for (var i = 0; i < items; i++) ItemStart[i + 1] += ItemStart[i];

        ItemUsers = new int[nnz];
        ItemValues = new float[nnz];
        var next = ItemStart[..^1].ToArray();
        for (var u = 0; u < users; u++)
        {
            for (var n = UserStart[u]; n < UserStart[u + 1]; n++)
            {
                var slot = next[UserItems[n]]++;
                ItemUsers[slot] = u;
                ItemValues[slot] = UserValues[n];
            }
        }
    }

    /// <summary>The customer's products, most recent first (ties: heavier first).</summary>
    public int[] RecentItemsOf(int user, int max)
    {
        var start = UserStart[user];
        var length = UserStart[user + 1] - start;
        var order = Enumerable.Range(start, length)
            .OrderByDescending(n => UserLastSeen[n])
            .ThenByDescending(n => UserValues[n])
            .Take(max)
            .Select(n => UserItems[n])
            .ToArray();
        return order;
    }
}

namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>
/// Turns raw purchases into the per-customer summaries the lifetime models are fitted on,
/// with the conventions of the <c>lifetimes</c> library and the BG/NBD paper.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>All purchases by one customer on one calendar day count as one transaction whose value is their sum
/// (a basket split over several orders is still one visit).</item>
/// <item>The first purchase day starts the customer's clock and is not a repeat: x counts the later purchase days.</item>
/// <item>t_x and T are measured in days from the first purchase day and divided by the unit's length (7 for weeks), unrounded.</item>
/// <item>Mean repeat spend averages the repeat days only, because the first order is often atypical (welcome offers).</item>
/// <item>Purchases after the observation end are ignored, and customers whose first purchase is after it are absent.</item>
/// </list>
/// </remarks>
public static class RepeatSummaryBuilder
{
    /// <summary>Builds one summary per customer who bought on or before <paramref name="observationEnd"/>, ordered by customer id (ordinal).</summary>
    public static IReadOnlyList<CustomerRepeatSummary> Build(
        IEnumerable<CustomerTransaction> transactions, DateOnly observationEnd, PeriodUnit unit)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        double daysPerUnit = unit.DaysPerUnit();

        // Sorting by (customer, day) once is cheaper and lighter than a dictionary of per-customer day sets
        // when a shop has hundreds of thousands of customers.
        var kept = transactions.Where(t => t.Date <= observationEnd).ToArray();
        foreach (var t in kept)
        {
            if (string.IsNullOrEmpty(t.CustomerId))
                throw new ArgumentException("Every transaction needs a customer id.", nameof(transactions));
        }

        Array.Sort(kept, static (l, r) =>
        {
            int byCustomer = string.CompareOrdinal(l.CustomerId, r.CustomerId);
            return byCustomer != 0 ? byCustomer : l.Date.CompareTo(r.Date);
        });

        var summaries = new List<CustomerRepeatSummary>();
        int i = 0;
        while (i < kept.Length)
        {
            string customer = kept[i].CustomerId;
            DateOnly firstDay = kept[i].Date;
            DateOnly lastDay = firstDay;
            int repeatDays = 0;
            decimal repeatSpend = 0m;

            // Skip the rest of the first day: it is the "birth" purchase, not a repeat.
            while (i < kept.Length && kept[i].CustomerId == customer && kept[i].Date == firstDay)
                i++;

            while (i < kept.Length && kept[i].CustomerId == customer)
            {
                DateOnly day = kept[i].Date;
                repeatDays++;
                lastDay = day;
                while (i < kept.Length && kept[i].CustomerId == customer && kept[i].Date == day)
                    repeatSpend += kept[i++].Amount;
            }

            summaries.Add(new CustomerRepeatSummary(
                customer,
                repeatDays,
                (lastDay.DayNumber - firstDay.DayNumber) / daysPerUnit,
                (observationEnd.DayNumber - firstDay.DayNumber) / daysPerUnit,
                repeatDays > 0 ? (double)(repeatSpend / repeatDays) : 0.0));
        }

        return summaries;
    }

    /// <summary>
    /// Number of distinct purchase days per customer in (<paramref name="after"/>, <paramref name="through"/>]:
    /// the quantity <see cref="BgNbdModel.ExpectedPurchases(double, int, double, double)"/> forecasts, for checking forecasts
    /// against what happened. Customers without purchases in the window are absent from the result.
    /// </summary>
    public static IReadOnlyDictionary<string, int> CountPurchaseDays(
        IEnumerable<CustomerTransaction> transactions, DateOnly after, DateOnly through)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var days = new HashSet<(string, DateOnly)>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in transactions)
        {
            if (t.Date <= after || t.Date > through || !days.Add((t.CustomerId, t.Date)))
                continue;
            counts[t.CustomerId] = counts.GetValueOrDefault(t.CustomerId) + 1;
        }

        return counts;
    }
}

using MathNet.Numerics.Distributions;

namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>
/// Draws synthetic purchase histories from the BG/NBD generative process (and, optionally, Gamma-Gamma spend),
/// for load tests and for checking that a fitter recovers known parameters.
/// </summary>
public static class BgNbdSimulator
{
    /// <summary>
    /// Simulates <paramref name="customers"/> customers whose first purchase falls on a uniformly random day of
    /// [<paramref name="cohortStart"/>, <paramref name="cohortStart"/> + <paramref name="cohortDays"/>), and returns every
    /// purchase up to <paramref name="observationEnd"/>. Deterministic for a given <paramref name="seed"/>.
    /// </summary>
    /// <remarks>
    /// Per customer: lambda ~ Gamma(r, alpha) per model time unit and p ~ Beta(a, b); repeat purchases arrive as a
    /// Poisson process with rate lambda, and after each one the customer leaves with probability p. Purchase times are
    /// truncated to calendar days, as a store's order log would record them. With <paramref name="spend"/>, each customer
    /// gets nu ~ Gamma(q, v) and each purchase a value ~ Gamma(p, nu), rounded to cents; without it, amounts are 0.
    /// </remarks>
    public static IReadOnlyList<CustomerTransaction> SimulateTransactions(
        BgNbdModel model,
        int customers,
        DateOnly cohortStart,
        int cohortDays,
        DateOnly observationEnd,
        PeriodUnit unit,
        int seed,
        GammaGammaModel? spend = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(customers);
        ArgumentOutOfRangeException.ThrowIfLessThan(cohortDays, 1);
        if (cohortStart.AddDays(cohortDays - 1) > observationEnd)
            throw new ArgumentException("The whole cohort must make its first purchase by the observation end.", nameof(observationEnd));

        var random = new Random(seed);
        double daysPerUnit = unit.DaysPerUnit();
        var purchases = new List<CustomerTransaction>(customers * 3);
        int idWidth = Math.Max(1, customers.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        for (int c = 0; c < customers; c++)
        {
            string id = "S" + (c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(idWidth, '0');
            double lambda = Gamma.Sample(random, model.R, model.Alpha);
            double dropOut = Beta.Sample(random, model.A, model.B);
            double spendRate = spend is null ? 0 : Gamma.Sample(random, spend.Q, spend.V);
            DateOnly first = cohortStart.AddDays(random.Next(cohortDays));
            // The first purchase happens at a random time of its day; without this offset every repeat within the
            // first 24 hours would fall on the first day and vanish, biasing the purchase rates down.
            double firstTimeOfDay = random.NextDouble();

            purchases.Add(new CustomerTransaction(id, first, Amount(random, spend, spendRate)));
            double t = 0;
            while (true)
            {
                t += -Math.Log(1 - random.NextDouble()) / lambda; // exponential gap, in model units
                double days = Math.Floor(firstTimeOfDay + t * daysPerUnit);
                if (!(days <= observationEnd.DayNumber - first.DayNumber))
                    break;
                purchases.Add(new CustomerTransaction(id, first.AddDays((int)days), Amount(random, spend, spendRate)));
                if (random.NextDouble() < dropOut)
                    break;
            }
        }

        return purchases;
    }

    /// <summary>
    /// Simulates one summary per entry of <paramref name="ages"/> (each customer's T, in model units) in continuous time,
    /// with no calendar rounding: exactly the data the BG/NBD likelihood describes, for checking a fitter.
    /// </summary>
    public static IReadOnlyList<CustomerRepeatSummary> SimulateSummaries(BgNbdModel model, IReadOnlyList<double> ages, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ages);
        var random = new Random(seed);
        var result = new List<CustomerRepeatSummary>(ages.Count);
        for (int c = 0; c < ages.Count; c++)
        {
            double age = ages[c];
            if (!(age >= 0) || !double.IsFinite(age))
                throw new ArgumentOutOfRangeException(nameof(ages), age, "Every age must be finite and >= 0.");
            double lambda = Gamma.Sample(random, model.R, model.Alpha);
            double dropOut = Beta.Sample(random, model.A, model.B);
            int x = 0;
            double t = 0, last = 0;
            while (true)
            {
                t += -Math.Log(1 - random.NextDouble()) / lambda;
                if (!(t <= age))
                    break;
                x++;
                last = t;
                if (random.NextDouble() < dropOut)
                    break;
            }

            result.Add(new CustomerRepeatSummary((c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), x, last, age));
        }

        return result;
    }

    private static decimal Amount(Random random, GammaGammaModel? spend, double spendRate) =>
        spend is null ? 0m : Math.Round((decimal)Gamma.Sample(random, spend.P, spendRate), 2);
}

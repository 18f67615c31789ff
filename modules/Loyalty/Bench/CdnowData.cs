using System.Globalization;
using RetailCommerce.Modules.Loyalty.Lifetime;

namespace RetailCommerce.Modules.Loyalty.Bench;

/// <summary>
/// Reads the CDNOW 1/10 sample (Fader, Hardie &amp; Lee 2005) from the shared datasets folder next to the repository.
/// Shared, as a linked source file, by the bench and the tests so both read the data the same way.
/// </summary>
internal static class CdnowData
{
    /// <summary>Last day of the 39-week calibration period (weeks 1–39 start 1997-01-01).</summary>
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    /// <summary>Last day of the 39-week holdout period (weeks 40–78).</summary>
    public static readonly DateOnly HoldoutEnd = new(1998, 6, 30);

    public const string SampleFile = "CDNOW_sample.txt";
    public const string SummaryFile = "cdnow_customers_summary.csv";
    public const string SummaryWithSpendFile = "cdnow_customers_summary_with_transactions.csv";

    /// <summary>
    /// The dataset folder: walk up from the running assembly to the repository root (the folder holding
    /// RetailCommerce.sln or .git), then ../shared/datasets/cdnow. Throws with the searched path when it is missing,
    /// because a silently skipped data check would look like a pass.
    /// </summary>
    public static string LocateDirectory()
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException(
                $"CDNOW dataset: no folder containing RetailCommerce.sln or .git above '{AppContext.BaseDirectory}'.");
        string dir = Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets", "cdnow"));
        foreach (var file in new[] { SampleFile, SummaryFile, SummaryWithSpendFile })
        {
            if (!File.Exists(Path.Combine(dir, file)))
                throw new FileNotFoundException(
                    $"CDNOW dataset missing: expected '{file}' in '{dir}' (repository root '{root}'). " +
                    "The Loyalty tests and bench need the shared CDNOW sample beside the repository.",
                    Path.Combine(dir, file));
        }

        return dir;
    }

    /// <summary>All 6,919 sample transactions (1997-01-01 to 1998-06-30), keyed by the sample customer id 1..2357.</summary>
    public static IReadOnlyList<CustomerTransaction> ReadSampleTransactions(string dir)
    {
        var result = new List<CustomerTransaction>();
        foreach (var line in File.ReadLines(Path.Combine(dir, SampleFile)))
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
                continue;
            // Columns: master id, sample id, YYYYMMDD, number of CDs, dollar value.
            result.Add(new CustomerTransaction(
                int.Parse(f[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                DateOnly.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture),
                decimal.Parse(f[4], CultureInfo.InvariantCulture)));
        }

        return result;
    }

    /// <summary>The published calibration summary (ID, frequency, recency, T), times in weeks rounded to 2 decimals.</summary>
    public static IReadOnlyList<CustomerRepeatSummary> ReadSummary(string dir) =>
        ReadCsv(Path.Combine(dir, SummaryFile), f => new CustomerRepeatSummary(
            f[0], int.Parse(f[1], CultureInfo.InvariantCulture), Num(f[2]), Num(f[3])));

    /// <summary>The published calibration summary with zbar, the mean value of the repeat transactions (0 when x = 0).</summary>
    public static IReadOnlyList<CustomerRepeatSummary> ReadSummaryWithSpend(string dir) =>
        ReadCsv(Path.Combine(dir, SummaryWithSpendFile), f => new CustomerRepeatSummary(
            f[0], int.Parse(f[1], CultureInfo.InvariantCulture), Num(f[2]), Num(f[3]), Num(f[4])));

    private static IReadOnlyList<CustomerRepeatSummary> ReadCsv(string path, Func<string[], CustomerRepeatSummary> parse) =>
        File.ReadLines(path).Skip(1).Where(l => l.Trim().Length > 0).Select(l => parse(l.Trim().Split(','))).ToList();

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RetailCommerce.sln"))
                || Directory.Exists(Path.Combine(dir.FullName, ".git"))
                || File.Exists(Path.Combine(dir.FullName, ".git"))) // a worktree's .git is a file
                return dir.FullName;
        }

        return null;
    }
}

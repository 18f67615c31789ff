using System.Globalization;
using RetailCommerce.Modules.Pricing.Forecasting;

namespace RetailCommerce.Modules.Pricing.Bench;

/// <summary>
/// Reads the store-item-demand dataset (date,store,item,sales) into one series per store × item. Shared with
/// the tests (linked), so the bench and the smoke test read the data the same way.
/// </summary>
public static class StoreItemDemand
{
    public const string FileName = "train_shared.csv";

    /// <summary>../shared/datasets/store-item-demand beside the repository, searched upwards from here.</summary>
    public static string LocateDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "datasets", "store-item-demand");
            if (File.Exists(Path.Combine(candidate, FileName))) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("store-item-demand dataset not found; pass --data DIR");
    }

    /// <summary>Product id of a dataset series.</summary>
    public static string ProductId(int store, int item) => $"s{store:00}-i{item:00}";

    /// <summary>Category of a dataset series: the dataset's store (50 items each), for reconciliation.</summary>
    public static string Category(int store) => $"store {store:00}";

    /// <summary>Reads a CSV; <paramref name="stores"/>/<paramref name="items"/> limit it to a slice.</summary>
    public static List<DemandSeries> Read(string path, int stores = 10, int items = 50)
    {
        var rows = new Dictionary<(int Store, int Item), SortedDictionary<DateOnly, float>>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length < 4) continue;
            var store = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var item = int.Parse(parts[2], CultureInfo.InvariantCulture);
            if (store > stores || item > items) continue;
            var day = DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!rows.TryGetValue((store, item), out var days)) rows[(store, item)] = days = new SortedDictionary<DateOnly, float>();
            days[day] = float.Parse(parts[3], CultureInfo.InvariantCulture);
        }
        var result = new List<DemandSeries>();
        foreach (var ((store, item), days) in rows.OrderBy(r => r.Key))
        {
            var start = days.Keys.First();
            var n = days.Keys.Last().DayNumber - start.DayNumber + 1;
            var units = new float[n];
            foreach (var (day, sales) in days) units[day.DayNumber - start.DayNumber] = sales;
            result.Add(new DemandSeries(ProductId(store, item), Category(store), start, units));
        }
        return result;
    }

    /// <summary>Appends a later file's days (the held-out 90 days) to series read from the shared file.</summary>
    public static List<DemandSeries> Concat(List<DemandSeries> first, List<DemandSeries> then)
    {
        var later = then.ToDictionary(s => s.ProductId);
        return first.Select(s =>
        {
            if (!later.TryGetValue(s.ProductId, out var next)) return s;
            var gap = next.Start.DayNumber - s.End.DayNumber - 1;
            var units = s.Units.Concat(new float[Math.Max(0, gap)]).Concat(next.Units).ToArray();
            return new DemandSeries(s.ProductId, s.Category, s.Start, units);
        }).ToList();
    }
}

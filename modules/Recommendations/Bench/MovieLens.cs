using System.Globalization;
using System.Text;
using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Recommendations.Bench;

/// <summary>
/// Reads the MovieLens 100K research benchmark from the shared datasets folder (never copied into
/// the repository: its licence is research-only, no redistribution). Every rating is one
/// interaction of kind <see cref="InteractionKind.Rating"/> with the stars as its record weight.
/// </summary>
public static class MovieLens
{
    /// <summary>Walks up from the running assembly to the folder holding <c>.git</c>; the dataset sits beside the repository.</summary>
    public static string DefaultDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, ".git")) && !File.Exists(Path.Combine(dir.FullName, ".git")))
            dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("No .git folder above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets", "movielens-100k"));
    }

    /// <summary>Reads a tab-separated <c>user item rating timestamp</c> file.</summary>
    public static List<Interaction> LoadRatings(string path)
    {
        var result = new List<Interaction>(100_000);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            result.Add(new Interaction(
                f[0],
                f[1],
                InteractionKind.Rating,
                double.Parse(f[2], CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(f[3], CultureInfo.InvariantCulture))));
        }
        return result;
    }

    /// <summary>The first listed genre of each movie (a stand-in for a shop's category, for the diversity rules).</summary>
    public static Dictionary<string, string> PrimaryGenres(string directory)
    {
        var genres = File.ReadLines(Path.Combine(directory, "u.genre"), Encoding.Latin1)
            .Where(l => l.Contains('|'))
            .Select(l => l.Split('|'))
            .ToDictionary(f => int.Parse(f[1], CultureInfo.InvariantCulture), f => f[0]);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(directory, "u.item"), Encoding.Latin1))
        {
            var f = line.Split('|');
            if (f.Length < 24) continue;
            for (var g = 0; g < 19; g++)
                if (f[5 + g] == "1") { result[f[0]] = genres[g]; break; }
        }
        return result;
    }

    /// <summary>
    /// The movies as a store's catalog products: title, the primary genre as the category, and the release date as
    /// the launch date (<c>CreatedAt</c>, as if each movie had been added to the store when it came out).
    /// REC_NO_LAUNCH=1 / REC_NO_CATEGORY=1 leave either out (the round's ablations).
    /// </summary>
    public static List<Product> Catalog(string directory)
    {
        var genres = PrimaryGenres(directory);
        var withLaunch = Environment.GetEnvironmentVariable("REC_NO_LAUNCH") != "1";
        var withCategory = Environment.GetEnvironmentVariable("REC_NO_CATEGORY") != "1";
        return [.. File.ReadLines(Path.Combine(directory, "u.item"), Encoding.Latin1).Select(l => l.Split('|')).Where(f => f.Length > 2)
            .Select(f => new Product
            {
                Id = f[0], Title = f[1], Stock = 1,
                CategoryPath = withCategory ? [genres.GetValueOrDefault(f[0]) ?? "Movie"] : [],
                CreatedAt = withLaunch && DateTime.TryParseExact(f[2], "dd-MMM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var released)
                    ? new DateTimeOffset(released, TimeSpan.Zero) : default,
            })];
    }
}

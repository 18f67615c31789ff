using System.Globalization;

namespace RetailCommerce.Modules.Search.Bench;

/// <summary>A product-search relevance set: catalog, dev queries and graded judgments turned into gains.</summary>
public sealed class EvaluationDataset
{
    public required string Name { get; init; }
    public required IReadOnlyList<SearchableProduct> Products { get; init; }
    public required IReadOnlyList<(string Id, string Text)> Queries { get; init; }

    /// <summary>Query id → product id → gain (the README's mapping). Unjudged pairs are gain 0.</summary>
    public required IReadOnlyDictionary<string, Dictionary<string, double>> Gains { get; init; }

    /// <summary>Gain at or above which a product counts as relevant for MRR (the top grade).</summary>
    public required double RelevantGain { get; init; }

    /// <summary>How gains were derived, printed with the figures.</summary>
    public required string GainNote { get; init; }

    /// <summary>A published BM25 figure for the same metric cited by the README, if any.</summary>
    public string? PublishedBm25 { get; init; }

    /// <summary>Finds the repository root (the folder holding .git) above the running binary.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, ".git")) && !File.Exists(Path.Combine(dir.FullName, ".git")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("No .git folder above " + AppContext.BaseDirectory);
    }

    /// <summary>The shared dataset folder: &lt;root&gt;/../shared/datasets/&lt;name&gt;.</summary>
    public static string DatasetFolder(string name) => Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "datasets", name));

    /// <summary>Names the bench knows.</summary>
    public static readonly string[] Known = ["crowdflower-search-relevance", "home-depot-search-relevance", "wands"];

    /// <summary>Loads a dataset by folder name; returns null with a reason when its files are missing.</summary>
    public static EvaluationDataset? Load(string name, out string? missing)
    {
        missing = null;
        var folder = DatasetFolder(name);
        switch (name)
        {
            case "crowdflower-search-relevance":
                return LoadCrowdFlower(folder);
            case "home-depot-search-relevance":
                return LoadHomeDepot(folder);
            case "wands":
                if (!File.Exists(Path.Combine(folder, "product.csv")) || !File.Exists(Path.Combine(folder, "label_dev.csv")))
                {
                    missing = "wands: product.csv and label_dev.csv are not in the shared folder (README: only queries could be obtained)";
                    return null;
                }
                return LoadWands(folder);
            default:
                throw new ArgumentException("Unknown dataset " + name);
        }
    }

    /// <summary>Query ids of the README's holdout half when <see cref="WithHoldout"/> added it (the only queries a holdout run reports).</summary>
    public IReadOnlySet<string>? HoldoutQueryIds { get; init; }

    /// <summary>
    /// Adds the README's holdout half, given as files in the dev files' format (kept outside <c>shared/</c>): the dev
    /// queries become the store's past searches a ranker learns from, and only the holdout queries are reported.
    /// </summary>
    public EvaluationDataset WithHoldout(string queriesFile, string labelsFile)
    {
        var (queryColumn, productColumn, gradeColumn) = Name switch
        {
            "home-depot" => ("search_term", "product_uid", "relevance"),
            "crowdflower" => ("query", "product_id", "median_relevance"),
            _ => throw new ArgumentException("No holdout format known for " + Name),
        };
        var held = Csv.ReadRecords(queriesFile).Select(r => (r["query_id"], r[queryColumn])).ToList();
        var dev = Queries.Select(q => q.Id).ToHashSet();
        if (held.FirstOrDefault(q => dev.Contains(q.Item1)) is { Item1: not null } clash)
            throw new InvalidDataException($"Holdout query id {clash.Item1} is also a dev query id.");
        var gains = Gains.ToDictionary(g => g.Key, g => g.Value);
        AddGains(labelsFile, productColumn, gradeColumn, gains);
        return new EvaluationDataset
        {
            Name = Name, Products = Products, Queries = [.. Queries, .. held], Gains = gains, RelevantGain = RelevantGain,
            GainNote = GainNote, PublishedBm25 = PublishedBm25, HoldoutQueryIds = held.Select(q => q.Item1).ToHashSet(),
        };
    }

    /// <summary>gain = grade − 1 per (query, product); a pair judged more than once keeps its max gain.</summary>
    private static void AddGains(string file, string productColumn, string gradeColumn, Dictionary<string, Dictionary<string, double>> gains)
    {
        foreach (var r in Csv.ReadRecords(file))
        {
            var gain = double.Parse(r[gradeColumn], CultureInfo.InvariantCulture) - 1;
            if (!gains.TryGetValue(r["query_id"], out var perQuery)) gains[r["query_id"]] = perQuery = [];
            perQuery[r[productColumn]] = Math.Max(perQuery.GetValueOrDefault(r[productColumn]), gain);
        }
    }

    private static EvaluationDataset LoadCrowdFlower(string folder)
    {
        var products = Csv.ReadRecords(Path.Combine(folder, "products.csv"))
            .Select(r => new SearchableProduct(r["product_id"], r["product_title"], r["product_description"], Stock: 1))
            .ToList();
        var queries = Csv.ReadRecords(Path.Combine(folder, "queries_dev.csv")).Select(r => (r["query_id"], r["query"])).ToList();

        // gain = median_relevance − 1; a pair judged more than once keeps its max gain.
        var gains = new Dictionary<string, Dictionary<string, double>>();
        AddGains(Path.Combine(folder, "labels_dev.csv"), "product_id", "median_relevance", gains);

        return new EvaluationDataset
        {
            Name = "crowdflower", Products = products, Queries = queries, Gains = gains, RelevantGain = 3,
            GainNote = "gain=median_relevance-1 (0..3), duplicate pairs: max, unjudged=0, relevant for MRR: grade 4",
        };
    }

    private static EvaluationDataset LoadHomeDepot(string folder)
    {
        var products = Csv.ReadRecords(Path.Combine(folder, "products.csv"))
            .Select(r => new SearchableProduct(r["product_uid"], r["product_title"], Stock: 1))
            .ToList();
        var queries = Csv.ReadRecords(Path.Combine(folder, "queries_dev.csv")).Select(r => (r["query_id"], r["search_term"])).ToList();

        // gain = relevance − 1 (continuous 0..2).
        var gains = new Dictionary<string, Dictionary<string, double>>();
        AddGains(Path.Combine(folder, "labels_dev.csv"), "product_uid", "relevance", gains);

        return new EvaluationDataset
        {
            Name = "home-depot", Products = products, Queries = queries, Gains = gains, RelevantGain = 1.5,
            GainNote = "gain=relevance-1 (0..2, continuous), unjudged=0, queries with no gain>0 dropped, relevant for MRR: relevance>=2.5 (rounds to 3)",
        };
    }

    private static EvaluationDataset LoadWands(string folder)
    {
        var products = Csv.ReadRecords(Path.Combine(folder, "product.csv"), '\t')
            .Select(r => new SearchableProduct(
                r["product_id"], r["product_name"], r.GetValueOrDefault("product_description"),
                CategoryPath: (r.GetValueOrDefault("category hierarchy") ?? "").Split(" / ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Attributes: (r.GetValueOrDefault("product_features") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries)
                    .Select(f => f.Split(':', 2)).Where(kv => kv.Length == 2).Select(kv => new ProductAttribute(kv[0].Trim(), kv[1].Trim())).ToList(),
                Stock: 1))
            .ToList();
        var queries = Csv.ReadRecords(Path.Combine(folder, "query_dev.csv"), '\t').Select(r => (r["query_id"], r["query"])).ToList();
        var gains = new Dictionary<string, Dictionary<string, double>>();
        foreach (var r in Csv.ReadRecords(Path.Combine(folder, "label_dev.csv"), '\t'))
        {
            var gain = r["label"] switch { "Exact" => 2.0, "Partial" => 1.0, _ => 0.0 };
            if (!gains.TryGetValue(r["query_id"], out var perQuery)) gains[r["query_id"]] = perQuery = [];
            perQuery[r["product_id"]] = gain;
        }
        return new EvaluationDataset
        {
            Name = "wands", Products = products, Queries = queries, Gains = gains, RelevantGain = 2,
            GainNote = "gain Exact=2 Partial=1 Irrelevant=0, unjudged=0, relevant for MRR: Exact",
        };
    }
}

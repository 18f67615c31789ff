namespace RetailCommerce.Stores;

/// <summary>A merchant's store: the unit of isolation (one Marten tenant per store).</summary>
public sealed class Store
{
    /// <summary>Store id, lower-case letters, digits and dashes.</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Default currency (ISO 4217).</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A storefront key, kept only as its hash (the document id).</summary>
public sealed class StorefrontKey
{
    /// <summary>SHA-256 of the key.</summary>
    public string Id { get; set; } = "";

    /// <summary>The store the key opens.</summary>
    public string StoreId { get; set; } = "";

    /// <summary>The first characters of the key, so merchants can tell keys apart.</summary>
    public string Hint { get; set; } = "";

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was revoked; null while valid.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

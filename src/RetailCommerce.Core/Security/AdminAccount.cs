namespace RetailCommerce.Security;

/// <summary>An administrator of the installation (all stores).</summary>
public sealed class AdminAccount
{
    /// <summary>Account id (user name).</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An API token of an admin account, kept only as its hash (the document id).</summary>
public sealed class AdminToken
{
    /// <summary>SHA-256 of the token.</summary>
    public string Id { get; set; } = "";

    /// <summary>The account the token belongs to.</summary>
    public string AdminId { get; set; } = "";

    /// <summary>When it was revoked; null while valid.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

namespace RetailCommerce.Security;

/// <summary>Who is making the current request, resolved once per request from its headers.</summary>
public sealed class Caller
{
    /// <summary>The store this request acts on, when known and existing.</summary>
    public string? StoreId { get; internal set; }

    /// <summary>True for a valid admin token.</summary>
    public bool IsAdmin { get; internal set; }

    /// <summary>The admin account id for admin callers.</summary>
    public string? AdminId { get; internal set; }

    /// <summary>A store named by X-Store that does not exist (for a clear error).</summary>
    public string? UnknownStore { get; internal set; }

    /// <summary>The signed-in customer, from a valid <c>X-Customer-Token</c> for this store; null otherwise.</summary>
    public string? CustomerId { get; internal set; }

    /// <summary>True when the request carried an <c>X-Customer-Token</c> that is invalid, expired or for another store.</summary>
    public bool CustomerTokenRejected { get; internal set; }

    /// <summary>True for any valid credential (storefront key or admin token).</summary>
    public bool IsAuthenticated { get; internal set; }

    /// <summary>Sets the caller outside HTTP requests (jobs, CLI, tests): an admin acting on a store.</summary>
    public void ActAsAdminOf(string storeId)
    {
        StoreId = storeId;
        IsAdmin = true;
        IsAuthenticated = true;
        AdminId ??= "system";
    }
}

namespace RetailCommerce.GraphQL;

/// <summary>Who may call a root field.</summary>
public enum FieldAccess
{
    /// <summary>Storefront calls (<c>X-Store-Key</c>) and admin calls naming a store (<c>X-Store</c>).</summary>
    Storefront,

    /// <summary>Admin calls (<c>Authorization: Bearer</c>) naming a store with <c>X-Store</c>.</summary>
    Admin,

    /// <summary>Admin calls that need no store (creating stores).</summary>
    AdminGlobal,
}

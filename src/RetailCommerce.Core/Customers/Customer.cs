namespace RetailCommerce.Customers;

/// <summary>A store's customer. Holds personal data: Governance can export and erase it.</summary>
public sealed class Customer
{
    /// <summary>The merchant's customer id (upsert key).</summary>
    public string Id { get; set; } = "";
    /// <summary>E-mail address (personal data).</summary>
    public string? Email { get; set; }
    /// <summary>Full name (personal data).</summary>
    public string? Name { get; set; }
    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string? Country { get; set; }
    /// <summary>When the customer signed up at the merchant.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One customer in an import (GraphQL <c>CustomerInput</c>).</summary>
public sealed class CustomerInput
{
    public string? Id { get; set; }
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? Country { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
}

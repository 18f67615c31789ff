namespace RetailCommerce.Customers;

/// <summary>Where a customer stands by value and churn risk (names after the usual RFM segments).</summary>
public enum CustomerSegment
{
    /// <summary>First purchase within the last few weeks: too early to judge.</summary>
    New,
    /// <summary>Top value, low risk: the customers to keep at any price.</summary>
    Champion,
    /// <summary>Repeat or upper-half value, low risk.</summary>
    Loyal,
    /// <summary>Low value so far, low risk: worth growing.</summary>
    Promising,
    /// <summary>Repeat or upper-half value, high risk: worth winning back.</summary>
    AtRisk,
    /// <summary>Low value, high risk.</summary>
    Hibernating,
}

/// <summary>
/// Customer segments for other modules (recommendations, pricing, assistant), implemented by the Loyalty module.
/// Modules read segments through this interface without referencing Loyalty; resolve it as optional
/// (<c>GetService</c>), since it is absent when Loyalty is not installed.
/// </summary>
public interface ICustomerSegments
{
    /// <summary>The customer's segment at the last fit, or null when the customer has not been scored.</summary>
    Task<CustomerSegment?> SegmentOfAsync(string storeId, string customerId, CancellationToken ct = default);

    /// <summary>Customers in a segment, highest lifetime value first.</summary>
    Task<IReadOnlyList<string>> CustomersInAsync(string storeId, CustomerSegment segment, int limit, CancellationToken ct = default);
}

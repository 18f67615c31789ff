using Marten.Events.Aggregation;

namespace RetailCommerce.Modules.Governance.Consent;

/// <summary>A shopper granted a purpose (stream <c>module:governance:&lt;customerId&gt;</c>).</summary>
/// <param name="Purpose">The API purpose name.</param>
/// <param name="PolicyVersion">The consent text version the shopper saw.</param>
/// <param name="Source">Who recorded it: <c>storefront</c> (the shopper, through their token) or <c>admin</c>.</param>
public sealed record ConsentGiven(string CustomerId, string Purpose, string PolicyVersion, DateTimeOffset At, string Source);

/// <summary>A shopper withdrew a purpose.</summary>
public sealed record ConsentWithdrawn(string CustomerId, string Purpose, string PolicyVersion, DateTimeOffset At, string Source);

/// <summary>The latest choice for one purpose.</summary>
public sealed class ConsentChoice
{
    public bool Granted { get; set; }
    public string PolicyVersion { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string Source { get; set; } = "";
}

/// <summary>
/// A customer's current choices, projected inline from their consent stream (id = the stream key) so the
/// consent check reads one small document per customer and sees a change the moment it is saved.
/// </summary>
public sealed class CustomerConsent
{
    /// <summary>The stream key, <c>module:governance:&lt;customerId&gt;</c>.</summary>
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";
    /// <summary>Latest choice per purpose name; purposes never chosen are absent (the store default applies).</summary>
    public Dictionary<string, ConsentChoice> Choices { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Builds <see cref="CustomerConsent"/> from consent events, inline.</summary>
public sealed class CustomerConsentProjection : SingleStreamProjection<CustomerConsent, string>
{
    public void Apply(ConsentGiven e, CustomerConsent c) => Choose(c, e.CustomerId, e.Purpose, true, e.PolicyVersion, e.At, e.Source);
    public void Apply(ConsentWithdrawn e, CustomerConsent c) => Choose(c, e.CustomerId, e.Purpose, false, e.PolicyVersion, e.At, e.Source);

    private static void Choose(CustomerConsent c, string customerId, string purpose, bool granted, string version, DateTimeOffset at, string source)
    {
        c.CustomerId = customerId;
        c.Choices[purpose] = new ConsentChoice { Granted = granted, PolicyVersion = version, At = at, Source = source };
    }
}

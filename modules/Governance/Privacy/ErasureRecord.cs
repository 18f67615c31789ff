using RetailCommerce.Customers;
using System.Security.Cryptography;
using System.Text;

namespace RetailCommerce.Modules.Governance.Privacy;

/// <summary>
/// The record that a customer was erased, without personal data: the id is an HMAC-SHA256 of the customer id
/// under the store's secret erasure key, so the record proves "this id was erased" to whoever holds the key and
/// the id, and tells nothing to anyone else. The consent check uses it to keep ignoring the id afterwards.
/// </summary>
public sealed class ErasureRecord
{
    /// <summary>Hex HMAC of the customer id (see <see cref="SubjectHash"/>).</summary>
    public string Id { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>The counts of what was done (no identifiers).</summary>
    public ErasureReport? Report { get; set; }

    /// <summary>The salted (keyed) hash of a customer id.</summary>
    public static string SubjectHash(string key, string customerId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(customerId)));
}

/// <summary>What one erasure did. Contains counts and table names only.</summary>
public sealed class ErasureReport
{
    public string SubjectHash { get; set; } = "";
    public DateTimeOffset ErasedAt { get; set; }
    /// <summary>The customer record (e-mail, name, country) was deleted.</summary>
    public bool CustomerRecordDeleted { get; set; }
    /// <summary>Shopper streams (the customer's and linked sessions') re-keyed to anonymous sessions.</summary>
    public int StreamsAnonymized { get; set; }
    /// <summary>Events kept for the aggregates, stripped of identifiers and free text.</summary>
    public int EventsAnonymized { get; set; }
    /// <summary>Events removed (session links, module streams such as consent or points ledgers).</summary>
    public int EventsDeleted { get; set; }
    public int ModuleStreamsDeleted { get; set; }
    public int DocumentsDeleted { get; set; }
    public int DocumentsAnonymized { get; set; }
    /// <summary>Events of other streams that mentioned the customer, re-written without the mention.</summary>
    public int OtherEventsAnonymized { get; set; }
    /// <summary>Distinct texts the customer typed that appeared nowhere else and were blanked out of aggregates.</summary>
    public int FreeTextsErased { get; set; }
    public List<ErasureHolderResult> Holders { get; set; } = [];
    /// <summary>True when the closing scan of every table found none of the customer's identifiers or texts.</summary>
    public bool Verified { get; set; }
    /// <summary>Tables where the closing scan still found a match (should be empty).</summary>
    public List<string> Remaining { get; set; } = [];
    /// <summary>Milliseconds the erasure took.</summary>
    public long ElapsedMs { get; set; }
}

/// <summary>What one <see cref="ICustomerDataHolder"/> did.</summary>
public sealed class ErasureHolderResult
{
    public string Name { get; set; } = "";
    public int Deleted { get; set; }
    public int Anonymized { get; set; }
    public string? Note { get; set; }
}

using System.Text.Json.Nodes;

namespace RetailCommerce.Customers;

/// <summary>What a holder removed or anonymized for one customer.</summary>
public sealed record CustomerDataErased(int Deleted, int Anonymized, string? Note = null);

/// <summary>
/// A module that keeps data about customers in its own shape (chat transcripts, loyalty ledgers, search
/// profiles, caches) contributes it to a right-of-access export and removes it on erasure. Governance calls every
/// registered holder before its generic sweep (streams, documents and events that mention the customer), so a
/// holder decides precisely what is personal and what is an aggregate to keep.
/// </summary>
/// <remarks>Implemented by any module (register it as <c>ICustomerDataHolder</c>); the governance module calls them all.</remarks>
public interface ICustomerDataHolder
{
    /// <summary>Short name shown in exports and erasure reports (e.g. "loyalty", "assistant-transcripts").</summary>
    string Name { get; }

    /// <summary>Everything this holder keeps about the customer, as JSON; null when it keeps nothing.</summary>
    Task<JsonNode?> ExportAsync(string storeId, string customerId, CancellationToken ct);

    /// <summary>Removes or irreversibly anonymizes the customer's data; aggregate statistics must stay correct.</summary>
    Task<CustomerDataErased> EraseAsync(string storeId, string customerId, CancellationToken ct);
}

using Marten;

namespace RetailCommerce.Persistence;

/// <summary>Opens Marten sessions scoped to one store (the store id is the Marten tenant id).</summary>
public sealed class StoreSessions(IDocumentStore store)
{
    /// <summary>A read-only session over the store's data.</summary>
    public IQuerySession Read(string storeId) => store.QuerySession(storeId);

    /// <summary>A lightweight unit of work over the store's data.</summary>
    public IDocumentSession Write(string storeId) => store.LightweightSession(storeId);

    /// <summary>The underlying store, for platform-wide (untenanted) documents.</summary>
    public IDocumentStore Store => store;
}

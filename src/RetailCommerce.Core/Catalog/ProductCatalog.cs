using Marten;
using Microsoft.Extensions.Logging;
using RetailCommerce.Diagnostics;
using RetailCommerce.GraphQL;
using RetailCommerce.Persistence;

namespace RetailCommerce.Catalog;

/// <summary>Imports and reads a store's products.</summary>
public sealed class ProductCatalog(StoreSessions sessions, IEnumerable<ICatalogObserver> observers, TimeProvider clock,
    RetailMetrics metrics, ILogger<ProductCatalog> logger)
{
    /// <summary>Largest batch one import call accepts.</summary>
    public const int MaxBatch = 1_000;

    /// <summary>Upserts valid products by id; rejects each invalid one with its reason.</summary>
    public async Task<ImportResult> ImportAsync(string storeId, IReadOnlyList<ProductInput> inputs, string defaultCurrency, CancellationToken ct)
    {
        if (inputs.Count > MaxBatch)
            throw new RetailError(ErrorCodes.BadUserInput, $"products: at most {MaxBatch} items per call (got {inputs.Count}).", "products");

        var problems = new InputProblems();
        var valid = new Dictionary<string, Product>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var product = ProductValidation.Validate(inputs[i], i, defaultCurrency, problems);
            if (product is not null) valid[product.Id] = product; // a later duplicate id in the batch wins, as an upsert would
        }

        var changed = new List<Product>();
        if (valid.Count > 0)
        {
            await using var session = sessions.Write(storeId);
            var existing = (await session.LoadManyAsync<Product>(ct, valid.Keys.ToArray())).ToDictionary(p => p.Id);
            var now = clock.GetUtcNow();
            foreach (var product in valid.Values)
            {
                product.CreatedAt = existing.TryGetValue(product.Id, out var old) ? old.CreatedAt : now;
                product.UpdatedAt = now;
                session.Store(product);
                changed.Add(product);
            }
            await session.SaveChangesAsync(ct);
        }

        metrics.ProductsImported.Add(changed.Count);
        await NotifyAsync(storeId, changed, ct);
        var imported = inputs.Count - problems.Errors.Select(e => e.Index).Distinct().Count();
        return new ImportResult(imported, inputs.Count - imported, problems.Errors);
    }

    /// <summary>One product, or null.</summary>
    public async Task<Product?> FindAsync(string storeId, string id, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<Product>(id, ct);
    }

    /// <summary>Products by id, in no particular order; unknown ids are skipped.</summary>
    public async Task<IReadOnlyList<Product>> FindManyAsync(string storeId, IEnumerable<string> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToArray();
        if (distinct.Length == 0) return [];
        await using var session = sessions.Read(storeId);
        return await session.LoadManyAsync<Product>(ct, distinct);
    }

    /// <summary>A page of products ordered by id, after the given id.</summary>
    public async Task<(IReadOnlyList<Product> Page, bool HasMore)> PageAsync(string storeId, int first, string? afterId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var query = session.Query<Product>().AsQueryable();
        if (afterId is not null) query = query.Where(p => string.Compare(p.Id, afterId) > 0);
        var rows = await query.OrderBy(p => p.Id).Take(first + 1).ToListAsync(ct);
        return (rows.Take(first).ToList(), rows.Count > first);
    }

    /// <summary>Number of products in the store.</summary>
    public async Task<int> CountAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.Query<Product>().CountAsync(ct);
    }

    /// <summary>All products of a store, streamed in id order (for index rebuilds and training).</summary>
    public async IAsyncEnumerable<Product> AllAsync(string storeId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var (page, hasMore) = await PageAsync(storeId, 1_000, after, ct);
            foreach (var p in page) yield return p;
            if (!hasMore || page.Count == 0) yield break;
            after = page[^1].Id;
        }
    }

    private async Task NotifyAsync(string storeId, IReadOnlyList<Product> changed, CancellationToken ct)
    {
        if (changed.Count == 0) return;
        foreach (var observer in observers)
        {
            try { await observer.ProductsChangedAsync(storeId, changed, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Catalog observer {Observer} failed for store {Store}", observer.GetType().Name, storeId);
            }
        }
    }
}

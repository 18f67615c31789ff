using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Marten;
using RetailCommerce.GraphQL;
using RetailCommerce.Security;

namespace RetailCommerce.Stores;

/// <summary>Creates stores and resolves storefront keys and admin tokens (cached briefly in memory).</summary>
public sealed partial class StoreDirectory(IDocumentStore store, TimeProvider clock)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (string? Value, DateTime ReadAt)> _keyCache = new();
    private readonly ConcurrentDictionary<string, (string? Value, DateTime ReadAt)> _tokenCache = new();
    private readonly ConcurrentDictionary<string, (bool Exists, DateTime ReadAt)> _storeCache = new();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex StoreIdPattern();

    /// <summary>Creates a store and its first storefront key. Returns the store and the key (shown once).</summary>
    public async Task<(Store Store, string StorefrontKey)> CreateAsync(string id, string name, string? knownKey = null, CancellationToken ct = default)
    {
        if (!StoreIdPattern().IsMatch(id))
            throw new RetailError(ErrorCodes.BadUserInput, "Store id must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit.", "id");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw new RetailError(ErrorCodes.BadUserInput, "Store name must be 1-200 characters.", "name");

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Store>(id, ct) is not null)
            throw new RetailError(ErrorCodes.BadUserInput, $"Store '{id}' already exists.", "id");

        var created = new Store { Id = id, Name = name.Trim(), CreatedAt = clock.GetUtcNow() };
        var key = knownKey ?? SecretHash.NewSecret("sk_");
        session.Insert(created);
        session.Insert(NewKey(id, key));
        await session.SaveChangesAsync(ct);
        _storeCache[id] = (true, DateTime.UtcNow);
        return (created, key);
    }

    /// <summary>Adds a storefront key to a store; returns the key (shown once).</summary>
    public async Task<string> AddKeyAsync(string storeId, CancellationToken ct = default)
    {
        var key = SecretHash.NewSecret("sk_");
        await using var session = store.LightweightSession();
        session.Insert(NewKey(storeId, key));
        await session.SaveChangesAsync(ct);
        return key;
    }

    /// <summary>Revokes a storefront key by its hash id; effective at once on this instance.</summary>
    public async Task RevokeKeyAsync(string storeId, string keyId, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        var key = await session.LoadAsync<StorefrontKey>(keyId, ct);
        if (key is null || key.StoreId != storeId)
            throw new RetailError(ErrorCodes.NotFound, "No such storefront key in this store.", "keyId");
        key.RevokedAt = clock.GetUtcNow();
        session.Store(key);
        await session.SaveChangesAsync(ct);
        _keyCache.Clear();
    }

    /// <summary>Replaces a storefront key: a new key is issued and the old one revoked in one transaction. Returns the new key (shown once).</summary>
    public async Task<string> RotateKeyAsync(string storeId, string keyId, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        var old = await session.LoadAsync<StorefrontKey>(keyId, ct);
        if (old is null || old.StoreId != storeId || old.RevokedAt is not null)
            throw new RetailError(ErrorCodes.NotFound, "No such active storefront key in this store.", "keyId");
        old.RevokedAt = clock.GetUtcNow();
        var key = SecretHash.NewSecret("sk_");
        session.Store(old);
        session.Insert(NewKey(storeId, key));
        await session.SaveChangesAsync(ct);
        _keyCache.Clear();
        return key;
    }

    /// <summary>A store's storefront keys (hashes and hints only), newest first.</summary>
    public async Task<IReadOnlyList<StorefrontKey>> KeysAsync(string storeId, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<StorefrontKey>().Where(k => k.StoreId == storeId).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
    }

    /// <summary>All stores, by id.</summary>
    public async Task<IReadOnlyList<Store>> ListAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<Store>().OrderBy(s => s.Id).ToListAsync(ct);
    }

    /// <summary>One store, or null.</summary>
    public async Task<Store?> FindAsync(string storeId, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<Store>(storeId, ct);
    }

    /// <summary>Renames a store and sets its default currency.</summary>
    public async Task<Store> UpdateAsync(string storeId, string name, string currency, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw new RetailError(ErrorCodes.BadUserInput, "Store name must be 1-200 characters.", "name");
        currency = (currency ?? "").Trim().ToUpperInvariant();
        if (!Catalog.Currencies.IsKnown(currency))
            throw new RetailError(ErrorCodes.BadUserInput, $"Currency '{currency}' is not an ISO 4217 code.", "currency");
        await using var session = store.LightweightSession();
        var existing = await session.LoadAsync<Store>(storeId, ct)
            ?? throw new RetailError(ErrorCodes.NotFound, $"Store '{storeId}' does not exist.", "storeId");
        existing.Name = name.Trim();
        existing.Currency = currency;
        session.Store(existing);
        await session.SaveChangesAsync(ct);
        return existing;
    }

    /// <summary>The store a storefront key opens, or null.</summary>
    public Task<string?> StoreForKeyAsync(string key, CancellationToken ct = default) =>
        Cached(_keyCache, SecretHash.Of(key), async (session, hash) =>
        {
            var record = await session.LoadAsync<StorefrontKey>(hash, ct);
            return record is { RevokedAt: null } ? record.StoreId : null;
        });

    /// <summary>The admin account an API token belongs to, or null.</summary>
    public Task<string?> AdminForTokenAsync(string token, CancellationToken ct = default) =>
        Cached(_tokenCache, SecretHash.Of(token), async (session, hash) =>
        {
            var record = await session.LoadAsync<AdminToken>(hash, ct);
            return record is { RevokedAt: null } ? record.AdminId : null;
        });

    /// <summary>True when the store exists.</summary>
    public async Task<bool> ExistsAsync(string storeId, CancellationToken ct = default)
    {
        if (_storeCache.TryGetValue(storeId, out var hit) && DateTime.UtcNow - hit.ReadAt < CacheLifetime) return hit.Exists;
        await using var session = store.QuerySession();
        var exists = await session.LoadAsync<Store>(storeId, ct) is not null;
        _storeCache[storeId] = (exists, DateTime.UtcNow);
        return exists;
    }

    private StorefrontKey NewKey(string storeId, string key) => new()
    {
        Id = SecretHash.Of(key), StoreId = storeId, Hint = key[..Math.Min(7, key.Length)] + "…", CreatedAt = clock.GetUtcNow(),
    };

    private async Task<string?> Cached(ConcurrentDictionary<string, (string? Value, DateTime ReadAt)> cache, string hash,
        Func<IQuerySession, string, Task<string?>> read)
    {
        if (cache.TryGetValue(hash, out var hit) && DateTime.UtcNow - hit.ReadAt < CacheLifetime) return hit.Value;
        await using var session = store.QuerySession();
        var value = await read(session, hash);
        cache[hash] = (value, DateTime.UtcNow);
        return value;
    }
}

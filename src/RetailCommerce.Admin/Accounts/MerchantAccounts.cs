using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Admin.Accounts;

/// <summary>Merchant users: creation, password checks with lockout, and the list owners manage.</summary>
public sealed partial class MerchantAccounts(IDocumentStore store, IOptions<AdminUiOptions> options, TimeProvider clock)
{
    private readonly PasswordHasher<MerchantUser> _hasher = new();
    // Serializes sign-in attempts on this instance so concurrent wrong guesses all count towards the lockout.
    private readonly SemaphoreSlim _attempts = new(1, 1);
    // A hash to verify against when the user name is unknown, so both cases take the same time.
    private readonly Lazy<string> _decoyHash = new(() => new PasswordHasher<MerchantUser>().HashPassword(new MerchantUser(), Guid.NewGuid().ToString()));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$")]
    private static partial Regex UserNamePattern();

    /// <summary>Creates a user; the password is stored only as a salted hash.</summary>
    public async Task<MerchantUser> CreateAsync(string userName, string displayName, string password, MerchantRole role,
        IEnumerable<string> stores, CancellationToken ct = default)
    {
        var id = (userName ?? "").Trim().ToLowerInvariant();
        if (!UserNamePattern().IsMatch(id))
            throw new RetailError(ErrorCodes.BadUserInput, "User name must be 3-64 lower-case letters, digits, dots, dashes or underscores.", "userName");
        if (string.IsNullOrEmpty(password) || password.Length < options.Value.MinPasswordLength)
            throw new RetailError(ErrorCodes.BadUserInput, $"Password must be at least {options.Value.MinPasswordLength} characters.", "password");
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<MerchantUser>(id, ct) is not null)
            throw new RetailError(ErrorCodes.BadUserInput, $"User '{id}' already exists.", "userName");
        var user = new MerchantUser
        {
            Id = id,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? id : displayName.Trim(),
            Role = role,
            Stores = stores.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToList(),
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = _hasher.HashPassword(user, password);
        session.Insert(user);
        await session.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>
    /// Checks a password. After <see cref="AdminUiOptions.MaxFailedSignIns"/> wrong passwords in a row the account
    /// is locked for <see cref="AdminUiOptions.LockoutMinutes"/>; while locked even the right password is refused.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string userName, string password, CancellationToken ct = default)
    {
        var id = (userName ?? "").Trim().ToLowerInvariant();
        await _attempts.WaitAsync(ct);
        try
        {
            await using var session = store.LightweightSession();
            var user = id.Length == 0 ? null : await session.LoadAsync<MerchantUser>(id, ct);
            var now = clock.GetUtcNow();
            if (user is null)
            {
                _hasher.VerifyHashedPassword(new MerchantUser(), _decoyHash.Value, password ?? "");
                return new SignInOutcome(null, null);
            }
            if (user.LockedUntil is { } until && until > now) return new SignInOutcome(null, until);

            var verdict = _hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
            if (verdict == PasswordVerificationResult.Failed)
            {
                user.FailedSignIns++;
                if (user.FailedSignIns >= options.Value.MaxFailedSignIns)
                {
                    user.LockedUntil = now.AddMinutes(options.Value.LockoutMinutes);
                    user.FailedSignIns = 0;
                }
                session.Store(user);
                await session.SaveChangesAsync(ct);
                return new SignInOutcome(null, user.LockedUntil > now ? user.LockedUntil : null);
            }

            if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = _hasher.HashPassword(user, password!);
            user.FailedSignIns = 0;
            user.LockedUntil = null;
            user.LastSignInAt = now;
            session.Store(user);
            await session.SaveChangesAsync(ct);
            return new SignInOutcome(user, null);
        }
        finally { _attempts.Release(); }
    }

    /// <summary>One user, or null.</summary>
    public async Task<MerchantUser?> FindAsync(string userName, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<MerchantUser>(userName.ToLowerInvariant(), ct);
    }

    /// <summary>Every user, by name.</summary>
    public async Task<IReadOnlyList<MerchantUser>> ListAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<MerchantUser>().OrderBy(u => u.Id).ToListAsync(ct);
    }

    /// <summary>True when no merchant user exists yet.</summary>
    public async Task<bool> NoneAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return !await session.Query<MerchantUser>().AnyAsync(ct);
    }

    /// <summary>Lifts a lockout.</summary>
    public async Task UnlockAsync(string userName, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        var user = await session.LoadAsync<MerchantUser>(userName, ct)
            ?? throw new RetailError(ErrorCodes.NotFound, $"No user '{userName}'.", "userName");
        user.LockedUntil = null;
        user.FailedSignIns = 0;
        session.Store(user);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Removes a user; the last owner cannot be removed.</summary>
    public async Task RemoveAsync(string userName, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        var user = await session.LoadAsync<MerchantUser>(userName, ct)
            ?? throw new RetailError(ErrorCodes.NotFound, $"No user '{userName}'.", "userName");
        if (user.Role == MerchantRole.Owner && await session.Query<MerchantUser>().CountAsync(u => u.Role == MerchantRole.Owner, ct) <= 1)
            throw new RetailError(ErrorCodes.BadUserInput, "The last owner cannot be removed.", "userName");
        session.Delete(user);
        await session.SaveChangesAsync(ct);
    }
}

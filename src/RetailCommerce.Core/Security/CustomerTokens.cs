using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace RetailCommerce.Security;

/// <summary>
/// Customer sign-in tokens. A merchant's backend asks for one (admin <c>issueCustomerToken</c>) when a shopper
/// signs in to the shop, and the storefront sends it as <c>X-Customer-Token</c> beside its storefront key; the
/// platform then knows which customer is calling, so per-customer fields (loyalty, customer value, consent)
/// answer that customer only. Tokens are ASP.NET Core Data Protection payloads (authenticated encryption with
/// an expiry), bound to one store; nothing is stored per token.
/// </summary>
public sealed class CustomerTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>The request header carrying the token.</summary>
    public const string Header = "X-Customer-Token";

    /// <summary>Longest lifetime a token may be issued for.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private const string Prefix = "ct_";
    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("RetailCommerce.CustomerToken.v1").ToTimeLimitedDataProtector();

    /// <summary>Issues a token for a customer of a store.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string storeId, string customerId, TimeSpan lifetime)
    {
        var expiresAt = clock.GetUtcNow() + lifetime;
        return (Prefix + _protector.Protect($"{storeId}\n{customerId}", expiresAt), expiresAt);
    }

    /// <summary>The customer a token names in a store, or null when it is forged, expired or from another store.</summary>
    public string? CustomerOf(string token, string storeId)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 2_000) return null;
        try
        {
            var payload = _protector.Unprotect(token[Prefix.Length..], out var expiration);
            if (expiration < clock.GetUtcNow()) return null;
            var parts = payload.Split('\n');
            return parts.Length == 2 && parts[0] == storeId ? parts[1] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

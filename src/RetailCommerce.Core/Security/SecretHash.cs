using System.Security.Cryptography;
using System.Text;

namespace RetailCommerce.Security;

/// <summary>
/// Keys and tokens are stored only as hashes. They are long random strings, so a fast hash is enough
/// (passwords, which are not, use ASP.NET Core's PasswordHasher instead).
/// </summary>
public static class SecretHash
{
    /// <summary>Hex SHA-256 of a secret.</summary>
    public static string Of(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A new random secret with a readable prefix, e.g. <c>sk_…</c> for storefront keys.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}

using Microsoft.AspNetCore.Http;
using RetailCommerce.Security;
using RetailCommerce.Stores;

namespace RetailCommerce.Http;

/// <summary>
/// Resolves the request's <see cref="Caller"/> from its headers: <c>X-Store-Key</c> (storefront) or
/// <c>Authorization: Bearer</c> with <c>X-Store</c> (admin), plus <c>X-Customer-Token</c> on storefront calls for a
/// signed-in shopper. Invalid credentials leave the caller anonymous.
/// </summary>
public sealed class CallerResolution(RequestDelegate next)
{
    public const string StoreKeyHeader = "X-Store-Key";
    public const string StoreHeader = "X-Store";

    public async Task InvokeAsync(HttpContext http, Caller caller, StoreDirectory directory, CustomerTokens customerTokens)
    {
        var ct = http.RequestAborted;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var adminId = await directory.AdminForTokenAsync(authorization["Bearer ".Length..].Trim(), ct);
            if (adminId is not null)
            {
                caller.IsAdmin = true;
                caller.IsAuthenticated = true;
                caller.AdminId = adminId;
                var storeId = http.Request.Headers[StoreHeader].ToString();
                if (storeId.Length > 0)
                {
                    if (await directory.ExistsAsync(storeId, ct)) caller.StoreId = storeId;
                    else caller.UnknownStore = storeId;
                }
            }
        }
        else if (http.Request.Headers.TryGetValue(StoreKeyHeader, out var key) && key.ToString().Length is > 0 and < 200)
        {
            var storeId = await directory.StoreForKeyAsync(key.ToString(), ct);
            if (storeId is not null)
            {
                caller.StoreId = storeId;
                caller.IsAuthenticated = true;
                if (http.Request.Headers.TryGetValue(CustomerTokens.Header, out var token) && token.ToString().Length > 0)
                {
                    caller.CustomerId = customerTokens.CustomerOf(token.ToString(), storeId);
                    caller.CustomerTokenRejected = caller.CustomerId is null;
                }
            }
        }
        await next(http);
    }
}

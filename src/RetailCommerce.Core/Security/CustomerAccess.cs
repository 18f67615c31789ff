using GraphQL;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Security;

/// <summary>
/// The one check for per-customer data ("a customer sees only their own"): admins may read any customer of
/// their store; a storefront call only the customer its <c>X-Customer-Token</c> names.
/// </summary>
public static class CustomerAccess
{
    /// <summary>Validates the customer id argument and checks the caller may read that customer's data; returns the id.</summary>
    public static string RequireCustomer(this IResolveFieldContext context, string argument = "customerId")
    {
        var customerId = context.GetArgument<string>(argument)?.Trim();
        if (string.IsNullOrEmpty(customerId) || !ProductValidation.IsValidId(customerId))
            throw new RetailError(ErrorCodes.BadUserInput, $"{argument}: must be a customer id of at most {ProductValidation.MaxIdLength} characters (letters, digits, . _ : - /).", argument);
        var caller = context.Service<Caller>();
        if (caller.IsAdmin || caller.CustomerId == customerId) return customerId;
        if (caller.CustomerTokenRejected)
            throw new RetailError(ErrorCodes.Unauthenticated, $"{CustomerTokens.Header} is invalid, expired or for another store.", CustomerTokens.Header);
        throw new RetailError(ErrorCodes.Forbidden, caller.CustomerId is null
            ? $"'{context.FieldDefinition.Name}' returns one customer's data: send that customer's {CustomerTokens.Header} (issued by issueCustomerToken) with the storefront key."
            : $"'{context.FieldDefinition.Name}': a signed-in customer may only read their own data.", argument);
    }
}

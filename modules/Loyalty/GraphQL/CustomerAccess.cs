using GraphQL;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;
using RetailCommerce.Security;

namespace RetailCommerce.Modules.Loyalty.GraphQL;

/// <summary>
/// "A customer sees only their own." The platform does not yet know which customer is behind a storefront call
/// (<see cref="Caller"/> has no customer identity), so until it does, per-customer data answers admins only and
/// storefront keys get FORBIDDEN. When Caller gains a verified customer id, this is the one place to let a
/// storefront caller read their own data.
/// </summary>
public static class CustomerAccess
{
    /// <summary>Validates the customerId argument and checks the caller may read that customer's data.</summary>
    public static string RequireCustomer(IResolveFieldContext context, string argument = "customerId")
    {
        var customerId = context.GetArgument<string>(argument)?.Trim();
        if (string.IsNullOrEmpty(customerId) || !ProductValidation.IsValidId(customerId))
            throw new RetailError(ErrorCodes.BadUserInput, $"{argument}: must be a customer id of at most 128 letters, digits or . _ : - / characters.", argument);
        if (!context.Service<Caller>().IsAdmin)
            throw new RetailError(ErrorCodes.Forbidden,
                $"'{context.FieldDefinition.Name}' returns one customer's data, and a storefront key does not identify the customer. Call it from your backend with an admin token until customer sign-in tokens exist.");
        return customerId;
    }
}

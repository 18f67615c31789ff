using GraphQL;
using GraphQL.Resolvers;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules;
using RetailCommerce.Security;

namespace RetailCommerce.GraphQL;

/// <summary>
/// Wraps every root field: checks who is calling (<see cref="FieldAccess"/>) and, for module fields,
/// that the module is enabled for the caller's store, before the field's own resolver runs.
/// </summary>
internal sealed class GuardedFieldResolver(IFieldResolver inner, string? moduleId, FieldAccess access) : IFieldResolver
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context)
    {
        var caller = context.RequestServices!.GetRequiredService<Caller>();
        switch (access)
        {
            case FieldAccess.AdminGlobal:
                RequireAdmin(caller, context);
                break;
            case FieldAccess.Admin:
                RequireAdmin(caller, context);
                RequireStore(caller);
                break;
            case FieldAccess.Storefront:
                if (!caller.IsAuthenticated)
                    throw new RetailError(ErrorCodes.Unauthenticated, "Send a storefront key in X-Store-Key, or an admin token with X-Store.");
                RequireStore(caller);
                break;
        }

        if (moduleId is not null)
        {
            var activation = context.RequestServices!.GetRequiredService<ModuleActivation>();
            if (!await activation.IsEnabledAsync(caller.StoreId!, moduleId, context.CancellationToken))
                throw new RetailError(ErrorCodes.ModuleDisabled,
                    $"The '{moduleId}' module is disabled for store '{caller.StoreId}', so '{context.FieldDefinition.Name}' is unavailable.");
        }

        return await inner.ResolveAsync(context);
    }

    private static void RequireAdmin(Caller caller, IResolveFieldContext context)
    {
        if (caller.IsAdmin) return;
        if (caller.IsAuthenticated)
            throw new RetailError(ErrorCodes.Forbidden, $"'{context.FieldDefinition.Name}' needs an admin token; a storefront key cannot call it.");
        throw new RetailError(ErrorCodes.Unauthenticated, $"'{context.FieldDefinition.Name}' needs an admin token (Authorization: Bearer).");
    }

    private static void RequireStore(Caller caller)
    {
        if (caller.UnknownStore is not null)
            throw new RetailError(ErrorCodes.NotFound, $"Store '{caller.UnknownStore}' does not exist.", "X-Store");
        if (caller.StoreId is null)
            throw new RetailError(ErrorCodes.BadUserInput, "Name the store with the X-Store header.", "X-Store");
    }
}

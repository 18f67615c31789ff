using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Security;

namespace RetailCommerce.GraphQL;

/// <summary>Short ways for resolvers to reach request services and the caller's store.</summary>
public static class ResolveContextExtensions
{
    /// <summary>A service from the request's scope.</summary>
    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();

    /// <summary>The caller's store (root fields are guarded, so it is set).</summary>
    public static string StoreId(this IResolveFieldContext context) =>
        context.Service<Caller>().StoreId ?? throw new RetailError(ErrorCodes.BadUserInput, "Name the store with the X-Store header.", "X-Store");

    /// <summary>The <c>first</c> argument, checked against a page-size cap.</summary>
    public static int PageSize(this IResolveFieldContext context, int defaultSize = 20, int max = 100, string name = "first")
    {
        var first = context.GetArgument<int?>(name) ?? defaultSize;
        if (first < 1 || first > max)
            throw new RetailError(ErrorCodes.BadUserInput, $"{name} must be between 1 and {max} (got {first}).", name);
        return first;
    }
}

namespace RetailCommerce.GraphQL;

/// <summary>The <c>extensions.code</c> values of the public API (GraphQL contract v0).</summary>
public static class ErrorCodes
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string ModuleDisabled = "MODULE_DISABLED";
    public const string NotFound = "NOT_FOUND";
    public const string Internal = "INTERNAL";
}

using GraphQL;

namespace RetailCommerce.GraphQL;

/// <summary>
/// The one way to fail a request with a client-facing reason: becomes a GraphQL error with
/// <c>extensions.code</c> and, when given, <c>extensions.field</c> naming the offending argument or input field.
/// </summary>
public sealed class RetailError : ExecutionError
{
    public RetailError(string code, string message, string? field = null) : base(message)
    {
        Code = code;
        Field = field;
        if (field is not null) Data["field"] = field;
    }

    /// <summary>The argument or input field the error is about, if any.</summary>
    public string? Field { get; }
}

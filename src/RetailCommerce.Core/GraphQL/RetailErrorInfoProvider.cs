using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;

namespace RetailCommerce.GraphQL;

/// <summary>
/// The one GraphQL error mapper: client mistakes in the document or variables become <c>BAD_USER_INPUT</c>
/// (the message names the field), anything unexpected becomes <c>INTERNAL</c> with no exception details.
/// </summary>
public sealed class RetailErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions
{
    ExposeCode = true, ExposeCodes = false, ExposeData = false, ExposeExceptionDetails = false, ExposeExtensions = true,
})
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        var extensions = new Dictionary<string, object?>();
        switch (executionError)
        {
            case RetailError retail:
                extensions["code"] = retail.Code;
                if (retail.Field is not null) extensions["field"] = retail.Field;
                break;
            case UnhandledError:
                info.Message = "An internal error occurred. It has been logged.";
                extensions["code"] = ErrorCodes.Internal;
                break;
            case ValidationError or DocumentError or InvalidVariableError:
                extensions["code"] = ErrorCodes.BadUserInput;
                break;
            default:
                extensions["code"] = executionError.Code is { Length: > 0 } code && IsContractCode(code) ? code : ErrorCodes.BadUserInput;
                break;
        }
        info.Extensions = extensions;
        return info;
    }

    private static bool IsContractCode(string code) => code is ErrorCodes.Unauthenticated or ErrorCodes.Forbidden or ErrorCodes.BadUserInput
        or ErrorCodes.ModuleDisabled or ErrorCodes.NotFound or ErrorCodes.Internal;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;
using GraphQLParser.AST;

namespace RetailCommerce.Modules.Governance.GraphQL;

/// <summary>
/// GraphQL scalar <c>JSON</c>: an arbitrary JSON value (object, array, string, number, boolean or null). Output only
/// here (data exports); serialized as plain JSON in the response.
/// </summary>
public sealed class JsonGraphType : ScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
        Description = "An arbitrary JSON value (objects, arrays, strings, numbers, booleans, null).";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        JsonElement element => Plain(element),
        JsonNode node => Plain(JsonSerializer.SerializeToElement(node)),
        _ => value,
    };

    public override object? ParseValue(object? value) => value;

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => (string)s.Value,
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLIntValue i => long.Parse((string)i.Value, System.Globalization.CultureInfo.InvariantCulture),
        GraphQLFloatValue f => double.Parse((string)f.Value, System.Globalization.CultureInfo.InvariantCulture),
        _ => ThrowLiteralConversionError(value),
    };

    // The response writer knows dictionaries, lists and primitives; turning the tree into those keeps the output
    // independent of how the serializer treats JsonNode (whose values may hold any .NET type).
    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.TryGetDecimal(out var m) ? m : e.GetDouble(),
        _ => null,
    };
}

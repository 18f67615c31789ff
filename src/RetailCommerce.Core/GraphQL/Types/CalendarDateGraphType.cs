using GraphQL.Types;

namespace RetailCommerce.GraphQL.Types;

/// <summary>
/// GraphQL <c>Date</c>: a calendar day as <c>yyyy-MM-dd</c>. GraphQL.NET's <see cref="DateOnlyGraphType"/> does
/// the parsing and formatting but is named <c>DateOnly</c>; the public contract names the scalar <c>Date</c>
/// (e.g. <c>insights(from: Date!, to: Date!)</c>); modules share this one type so the schema has one <c>Date</c>. (GraphQL.NET's own <c>DateGraphType</c> maps <c>DateTime</c>, not a calendar day.)
/// </summary>
public sealed class CalendarDateGraphType : DateOnlyGraphType
{
    public CalendarDateGraphType()
    {
        Name = "Date";
        Description = "A calendar day, yyyy-MM-dd (ISO 8601). Days are UTC days unless a field says otherwise.";
    }
}

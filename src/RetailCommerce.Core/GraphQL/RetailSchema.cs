using GraphQL.Resolvers;
using GraphQL.Types;

namespace RetailCommerce.GraphQL;

/// <summary>
/// The public schema: the platform's fields and every module's, composed at start. Each root field is
/// guarded for access and per-store module enablement (<see cref="GuardedFieldResolver"/>).
/// </summary>
public sealed class RetailSchema : Schema
{
    public RetailSchema(IServiceProvider services, IEnumerable<ModuleGraph> graphs) : base(services)
    {
        var query = new ObjectGraphType { Name = "Query", Description = "Reads: storefront fields (X-Store-Key) and admin fields (Authorization + X-Store)." };
        var mutation = new ObjectGraphType { Name = "Mutation", Description = "Writes: storefront fields (X-Store-Key) and admin fields (Authorization + X-Store)." };
        foreach (var graph in graphs)
        {
            foreach (var (field, isMutation, access) in graph.Fields)
            {
                var root = isMutation ? mutation : query;
                if (root.HasField(field.Name))
                    throw new InvalidOperationException($"Two modules define the root field '{field.Name}' (the second is '{graph.ModuleId ?? "platform"}').");
                field.Resolver = new GuardedFieldResolver(field.Resolver ?? NameFieldResolver.Instance, graph.ModuleId, access);
                field.Metadata["module"] = graph.ModuleId;
                field.Metadata["access"] = access.ToString();
                root.AddField(field);
            }
        }
        Query = query;
        Mutation = mutation;
        Description = "RetailCommerce public API (GraphQL contract v0).";
    }
}

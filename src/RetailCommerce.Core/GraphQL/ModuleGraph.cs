using GraphQL.Types;

namespace RetailCommerce.GraphQL;

/// <summary>
/// What a module adds to the schema. Fields are written with GraphQL.NET's ordinary builders on the
/// objects returned here; the host moves them to the root types and guards each one with its access rule
/// and the module's per-store enablement.
/// </summary>
public sealed class ModuleGraph(string? moduleId)
{
    private readonly List<(FieldType Field, bool IsMutation, FieldAccess Access)> _fields = [];

    /// <summary>The module that owns these fields; null for the platform's own fields.</summary>
    public string? ModuleId { get; } = moduleId;

    /// <summary>Adds query fields callable by the storefront.</summary>
    public void StorefrontQuery(Action<ObjectGraphType> define) => Collect(define, false, FieldAccess.Storefront);

    /// <summary>Adds mutation fields callable by the storefront.</summary>
    public void StorefrontMutation(Action<ObjectGraphType> define) => Collect(define, true, FieldAccess.Storefront);

    /// <summary>Adds query fields for admin callers of a store.</summary>
    public void AdminQuery(Action<ObjectGraphType> define) => Collect(define, false, FieldAccess.Admin);

    /// <summary>Adds mutation fields for admin callers of a store.</summary>
    public void AdminMutation(Action<ObjectGraphType> define) => Collect(define, true, FieldAccess.Admin);

    /// <summary>Adds admin mutation fields that need no store.</summary>
    public void GlobalAdminMutation(Action<ObjectGraphType> define) => Collect(define, true, FieldAccess.AdminGlobal);

    internal IEnumerable<(FieldType Field, bool IsMutation, FieldAccess Access)> Fields => _fields;

    private void Collect(Action<ObjectGraphType> define, bool isMutation, FieldAccess access)
    {
        var scratch = new ObjectGraphType();
        define(scratch);
        foreach (var field in scratch.Fields) _fields.Add((field, isMutation, access));
    }
}

using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace RetailCommerce.GraphQL;

/// <summary>
/// Keeps parsed and validated query documents by their text, so a storefront sending the same query thousands of
/// times a second (its rails, its search box) is parsed and validated once. GraphQL.NET's own cache lives in a
/// package the registry here does not hold, so this is its few lines. Only documents that passed validation are
/// kept; access checks run when fields resolve, never in validation, so a cached document grants nothing. The
/// depth/complexity rule still runs for every request, cached or not, because list sizes can come from variables.
/// Bounded: past <see cref="MaxDocuments"/> it starts over, and long texts are never kept.
/// </summary>
public sealed class ParsedDocumentCache : IConfigureExecution
{
    /// <summary>Documents kept at most (a store's storefront and admin send a few hundred distinct ones).</summary>
    public const int MaxDocuments = 2_000;

    /// <summary>Longer query texts are parsed every time (nobody sends the same 10 KB query twice a second).</summary>
    public const int MaxQueryLength = 8_000;

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    /// <summary>Runs after the option configurations (100), so the validation rules are in place.</summary>
    public float SortOrder => 200;

    /// <summary>Documents held now.</summary>
    public int Count => _documents.Count;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var query = options.Query;
        if (options.Document is not null || query is null || query.Length > MaxQueryLength) return await next(options);
        if (_documents.TryGetValue(query, out var document))
        {
            options.Document = document;
            if (options.RequestServices?.GetService<ComplexityValidationRule>() is { } complexity)
                options.CachedDocumentValidationRules = [.. options.CachedDocumentValidationRules ?? [], complexity];
            return await next(options);
        }
        var result = await next(options);
        // Executed means parsing and validation passed.
        if (result.Executed && result.Document is { } parsed)
        {
            if (_documents.Count >= MaxDocuments) _documents.Clear();
            _documents.TryAdd(query, parsed);
        }
        return result;
    }
}

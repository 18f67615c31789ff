using System.Diagnostics;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RetailCommerce.Diagnostics;
using RetailCommerce.GraphQL;

namespace RetailCommerce.Http;

/// <summary>
/// GraphQL over HTTP: <c>POST /graphql</c> with a JSON body and <c>GET /graphql?query=…</c> for queries.
/// Bodies over the configured limit are refused before parsing; GET cannot run mutations.
/// </summary>
public static class GraphQLEndpoint
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapRetailGraphQL(this IEndpointRouteBuilder endpoints, string path = "/graphql")
    {
        endpoints.MapPost(path, HandlePost);
        endpoints.MapGet(path, HandleGet);
        return endpoints;
    }

    private static async Task HandlePost(HttpContext http, IGraphQLTextSerializer serializer, IOptions<RetailOptions> options)
    {
        var limit = options.Value.Api.MaxRequestBytes;
        if (http.Request.ContentLength > limit)
        {
            await WriteProblem(http, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.", serializer);
            return;
        }
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = limit;

        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteProblem(http, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.", serializer);
            return;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            await WriteProblem(http, StatusCodes.Status400BadRequest, "The body must be JSON: {\"query\": \"…\", \"variables\": {…}, \"operationName\": \"…\"}.", serializer);
            return;
        }
        await Execute(http, request, serializer, allowMutations: true);
    }

    private static async Task HandleGet(HttpContext http, IGraphQLTextSerializer serializer)
    {
        GraphQLRequest request;
        try
        {
            var variables = http.Request.Query["variables"].ToString();
            request = new GraphQLRequest
            {
                Query = http.Request.Query["query"].ToString(),
                OperationName = http.Request.Query["operationName"].ToString() is { Length: > 0 } op ? op : null,
                Variables = variables.Length > 0 ? serializer.Deserialize<Inputs>(variables) : null,
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            await WriteProblem(http, StatusCodes.Status400BadRequest, "variables must be a JSON object.", serializer);
            return;
        }
        await Execute(http, request, serializer, allowMutations: false);
    }

    private static async Task Execute(HttpContext http, GraphQLRequest? request, IGraphQLTextSerializer serializer, bool allowMutations)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            await WriteProblem(http, StatusCodes.Status400BadRequest, "query is required.", serializer);
            return;
        }
        if (!allowMutations && IsMutation(request))
        {
            http.Response.Headers.Allow = "POST";
            await WriteProblem(http, StatusCodes.Status405MethodNotAllowed, "Mutations must be sent with POST.", serializer);
            return;
        }

        var executer = http.RequestServices.GetRequiredService<IDocumentExecuter<ISchema>>();
        var metrics = http.RequestServices.GetRequiredService<RetailMetrics>();
        var started = Stopwatch.GetTimestamp();
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Variables = request.Variables,
            OperationName = request.OperationName,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = http.RequestAborted,
        });
        metrics.GraphQLRequests.Add(1, new KeyValuePair<string, object?>("outcome", result.Errors is { Count: > 0 } ? "error" : "ok"));
        metrics.GraphQLDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        http.Response.ContentType = "application/json; charset=utf-8";
        // A request that never executed (syntax or validation errors) is a client error under GraphQL over HTTP.
        http.Response.StatusCode = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static bool IsMutation(GraphQLRequest request)
    {
        try
        {
            var document = Parser.Parse(request.Query!);
            var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var operation = request.OperationName is null ? operations.FirstOrDefault()
                : operations.FirstOrDefault(o => o.Name?.StringValue == request.OperationName);
            return operation?.Operation == OperationType.Mutation;
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return false; // the executer reports the syntax error
        }
    }

    private static async Task WriteProblem(HttpContext http, int status, string message, IGraphQLTextSerializer serializer)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new ExecutionResult { Errors = [new RetailError(ErrorCodes.BadUserInput, message)] };
        await serializer.WriteAsync(http.Response.Body, body, http.RequestAborted);
    }
}

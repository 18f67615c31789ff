using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace RetailCommerce.Modules.Search.Indexing;

/// <summary>
/// Embeddings from any OpenAI-compatible <c>POST {endpoint}/embeddings</c> service (<c>Retail:Ai:Endpoint</c>,
/// <c>Retail:Ai:ApiKey</c>, <c>Retail:Ai:EmbeddingModel</c>). Written here because the registry's
/// Microsoft.Extensions.AI.OpenAI adapter is not restored in this repository and the wire format is one small call.
/// </summary>
public sealed class EndpointEmbeddingGenerator(HttpClient http, string model) : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Named HTTP client (base address and key set at registration).</summary>
    public const string ClientName = "search-embeddings";

    private readonly EmbeddingGeneratorMetadata _metadata = new("openai-compatible", http.BaseAddress, model);

    /// <summary>The model name sent to the endpoint.</summary>
    public string Model => model;

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Empty strings are refused by some services; embed a space and let the caller's weighting handle it.
        var input = values.Select(v => string.IsNullOrWhiteSpace(v) ? " " : v).ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var chunk in input.Chunk(256))
        {
            using var response = await http.PostAsJsonAsync("embeddings", new Request(model, chunk), cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<Response>(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("embedding endpoint returned no body");
            foreach (var item in body.Data.OrderBy(d => d.Index)) result.Add(new Embedding<float>(item.Embedding) { ModelId = model });
        }
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose() { }

    private sealed record Request([property: JsonPropertyName("model")] string Model, [property: JsonPropertyName("input")] IReadOnlyList<string> Input);

    private sealed record Response([property: JsonPropertyName("data")] List<Item> Data);

    private sealed record Item([property: JsonPropertyName("index")] int Index, [property: JsonPropertyName("embedding")] float[] Embedding);
}

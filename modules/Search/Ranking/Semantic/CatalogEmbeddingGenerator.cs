using Microsoft.Extensions.AI;

namespace RetailCommerce.Modules.Search.Ranking.Semantic;

/// <summary>
/// The offline default <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: wraps a store-trained
/// <see cref="CatalogEmbeddingModel"/>. Any other generator (a hosted model, an ONNX one) can replace it
/// without touching the search index.
/// </summary>
public sealed class CatalogEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Wraps a trained model.</summary>
    public CatalogEmbeddingGenerator(CatalogEmbeddingModel model)
    {
        Model = model;
        _metadata = new EmbeddingGeneratorMetadata("retailcommerce-catalog", null, model.Method, model.Dimensions);
    }

    /// <summary>The model behind this generator.</summary>
    public CatalogEmbeddingModel Model { get; }

    /// <summary>Trains a model on the products and wraps it.</summary>
    public static CatalogEmbeddingGenerator Train(IEnumerable<SearchableProduct> products, CatalogEmbeddingOptions? options = null) =>
        new(CatalogEmbeddingTrainer.Train(products, options));

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vector = new float[Model.Dimensions];
            Model.Embed(value, vector);
            result.Add(new Embedding<float>(vector) { ModelId = Model.Method });
        }
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        if (serviceType.IsInstanceOfType(this)) return this;
        if (serviceType == typeof(CatalogEmbeddingModel)) return Model;
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

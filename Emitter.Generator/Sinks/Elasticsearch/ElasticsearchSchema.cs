using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Emitter.Generator.Embedding;

namespace Emitter.Generator.Sinks.Elasticsearch;

/// <summary>
/// The index mapping the original used, so its hybrid query (<c>match</c> on message, <c>knn</c>
/// on dense, fused by RRF) runs unchanged; the embedding model is kept in <c>_meta</c>.
/// </summary>
public static class ElasticsearchSchema
{
    public const string DenseField = "dense";
    public const string MessageField = "message";

    public static CreateIndexRequest Index(string name, EmbeddingInfo embedding, DenseVectorIndexOptionsType indexOptions) => new(name)
    {
        Mappings = new TypeMapping
        {
            Properties = new Properties
            {
                { "timestamp", new DateProperty() },
                { "service", new KeywordProperty() },
                { "level", new KeywordProperty() },
                { TraceFields.TraceId, new KeywordProperty() }, // exact-match lookups of a trace, never analysed
                { TraceFields.SpanId, new KeywordProperty() },
                { MessageField, new TextProperty() }, // the standard analyzer, scored by BM25
                {
                    DenseField, new DenseVectorProperty
                    {
                        Dims = embedding.Dimensions,
                        Index = true,
                        Similarity = DenseVectorSimilarity.Cosine,
                        IndexOptions = new DenseVectorIndexOptions { Type = indexOptions },
                    }
                },
            },
            Meta = new Dictionary<string, object>
            {
                ["embedding_provider"] = embedding.Provider,
                ["embedding_model"] = embedding.Model,
                ["embedding_dimensions"] = embedding.Dimensions,
            },
        },
    };

    /// <summary>Why an existing index cannot take this run's documents, or null when it can.</summary>
    public static string? Mismatch(string name, TypeMapping? mapping, EmbeddingInfo embedding)
    {
        IProperty? dense = null, message = null;
        mapping?.Properties?.TryGetProperty(DenseField, out dense);
        mapping?.Properties?.TryGetProperty(MessageField, out message);
        if (dense is not DenseVectorProperty vector || message is not TextProperty)
            return $"Elasticsearch index '{name}' exists without a dense_vector field '{DenseField}' and a text field '{MessageField}': "
                + "it was not made by Emitter; choose another index_name or delete the index";
        if (vector.Dims != embedding.Dimensions)
            return $"Elasticsearch index '{name}' holds {vector.Dims}-dimension vectors, but this run's embeddings ({embedding.Model}) "
                + $"have {embedding.Dimensions}: choose another index_name, delete the index, or embed with the model it was made with";
        if (mapping!.Meta?.TryGetValue("embedding_model", out var model) == true && model?.ToString() is { } recorded && recorded != embedding.Model)
            return $"Elasticsearch index '{name}' holds vectors of model '{recorded}', but this run embeds with '{embedding.Model}': "
                + "vectors of different models must not mix; choose another index_name or delete the index";
        return null;
    }
}

using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;
using IndexMode = Emitter.Generator.Configuration.IndexMode;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>
/// The index mapping the original used, so its hybrid query (<c>match</c> on message, <c>knn</c>
/// on dense, fused by RRF) runs unchanged; the embedding model is kept in <c>_meta</c>. The
/// index_mode decides the rest: keyword mode maps no <c>dense</c>; vector mode keeps
/// <c>message</c> in the source but builds no text index for it (<c>index: false</c>).
/// </summary>
public static class ElasticsearchSchema
{
    public const string DenseField = BulkFields.Dense;
    public const string MessageField = BulkFields.Message;

    public static CreateIndexRequest Index(string name, EmbeddingInfo embedding, DenseVectorIndexOptionsType indexOptions, IndexMode mode = IndexMode.Hybrid)
    {
        var properties = new Properties
        {
            { "timestamp", new DateProperty() },
            { "service", new KeywordProperty() },
            { "level", new KeywordProperty() },
            { TraceFields.TraceId, new KeywordProperty() }, // exact-match lookups of a trace, never analysed
            { TraceFields.SpanId, new KeywordProperty() },
            // The standard analyzer, scored by BM25; vector mode keeps the text unindexed.
            { MessageField, mode.HasText() ? new TextProperty() : new TextProperty { Index = false } },
        };
        var meta = new Dictionary<string, object> { ["index_mode"] = mode.Name() };
        if (mode.HasVectors())
        {
            properties.Add(DenseField, new DenseVectorProperty
            {
                Dims = embedding.Dimensions,
                Index = true,
                Similarity = DenseVectorSimilarity.Cosine,
                IndexOptions = new DenseVectorIndexOptions { Type = indexOptions },
            });
            meta["embedding_provider"] = embedding.Provider;
            meta["embedding_model"] = embedding.Model;
            meta["embedding_dimensions"] = embedding.Dimensions;
        }
        return new CreateIndexRequest(name) { Mappings = new TypeMapping { Properties = properties, Meta = meta } };
    }

    /// <summary>The index_mode an existing mapping was built for, read from its fields (so indexes made before _meta had it count too); null when it has neither.</summary>
    public static IndexMode? BuiltFor(TypeMapping? mapping)
    {
        IProperty? dense = null, message = null;
        mapping?.Properties?.TryGetProperty(DenseField, out dense);
        mapping?.Properties?.TryGetProperty(MessageField, out message);
        var vectors = dense is DenseVectorProperty;
        var text = message is TextProperty { Index: not false };
        return (vectors, text) switch
        {
            (true, true) => IndexMode.Hybrid,
            (true, false) => IndexMode.Vector,
            (false, true) => IndexMode.Keyword,
            _ => null,
        };
    }

    /// <summary>Why an existing index cannot take this run's documents, or null when it can.</summary>
    public static string? Mismatch(string name, TypeMapping? mapping, EmbeddingInfo embedding, IndexMode mode = IndexMode.Hybrid)
    {
        if (BuiltFor(mapping) is not { } built)
            return $"Elasticsearch index '{name}' exists without a dense_vector field '{DenseField}' or a text field '{MessageField}': "
                + "it was not made by Emitter; choose another index_name or delete the index";
        if (built != mode)
            return $"Elasticsearch index '{name}' was built for index_mode {built.Name()}, but this sink has index_mode {mode.Name()}: "
                + "choose another index_name, delete the index, or set the index's mode";
        if (!mode.HasVectors()) return null;
        mapping!.Properties!.TryGetProperty(DenseField, out var dense);
        var vector = (DenseVectorProperty)dense!;
        if (vector.Dims != embedding.Dimensions)
            return $"Elasticsearch index '{name}' holds {vector.Dims}-dimension vectors, but this run's embeddings ({embedding.Model}) "
                + $"have {embedding.Dimensions}: choose another index_name, delete the index, or embed with the model it was made with";
        if (mapping.Meta?.TryGetValue("embedding_model", out var model) == true && model?.ToString() is { } recorded && recorded != embedding.Model)
            return $"Elasticsearch index '{name}' holds vectors of model '{recorded}', but this run embeds with '{embedding.Model}': "
                + "vectors of different models must not mix; choose another index_name or delete the index";
        return null;
    }
}

using System.Text.Json.Nodes;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>
/// logstorm 0.3's OpenSearch index: <c>index.knn: true</c>; timestamp date, service and level
/// keyword, message text; <c>dense</c> a <c>knn_vector</c> of the run's dimensions, HNSW on the
/// lucene engine with cosine similarity. The embedding and index_mode are kept in the mapping's
/// <c>_meta</c>. As in the Elasticsearch index, keyword mode maps no <c>dense</c> and vector
/// mode keeps <c>message</c> unindexed.
/// </summary>
public static class OpenSearchSchema
{
    public static JsonObject Index(EmbeddingInfo embedding, IndexMode mode)
    {
        var properties = new JsonObject
        {
            ["timestamp"] = new JsonObject { ["type"] = "date" },
            ["service"] = new JsonObject { ["type"] = "keyword" },
            ["level"] = new JsonObject { ["type"] = "keyword" },
            // Exact-match lookups of a trace, never analysed (the Elasticsearch index maps them alike).
            [TraceFields.TraceId] = new JsonObject { ["type"] = "keyword" },
            [TraceFields.SpanId] = new JsonObject { ["type"] = "keyword" },
            [BulkFields.Message] = mode.HasText() ? new JsonObject { ["type"] = "text" } : new JsonObject { ["type"] = "text", ["index"] = false },
        };
        var meta = new JsonObject { ["index_mode"] = mode.Name() };
        if (mode.HasVectors())
        {
            properties[BulkFields.Dense] = new JsonObject
            {
                ["type"] = "knn_vector",
                ["dimension"] = embedding.Dimensions,
                ["method"] = new JsonObject { ["name"] = "hnsw", ["space_type"] = "cosinesimil", ["engine"] = "lucene" },
            };
            meta["embedding_provider"] = embedding.Provider;
            meta["embedding_model"] = embedding.Model;
            meta["embedding_dimensions"] = embedding.Dimensions;
        }
        return new JsonObject
        {
            ["settings"] = new JsonObject { ["index"] = new JsonObject { ["knn"] = true } },
            ["mappings"] = new JsonObject { ["_meta"] = meta, ["properties"] = properties },
        };
    }

    /// <summary>The index_mode a mapping was built for, read from its fields; null when it has neither of Emitter's.</summary>
    public static IndexMode? BuiltFor(JsonObject? mappings)
    {
        var properties = mappings?["properties"] as JsonObject;
        var vectors = properties?[BulkFields.Dense]?["type"]?.GetValue<string>() == "knn_vector";
        var message = properties?[BulkFields.Message];
        var text = message?["type"]?.GetValue<string>() == "text" && message["index"]?.GetValue<bool>() != false;
        return (vectors, text) switch
        {
            (true, true) => IndexMode.Hybrid,
            (true, false) => IndexMode.Vector,
            (false, true) => IndexMode.Keyword,
            _ => null,
        };
    }

    /// <summary>Why an existing index cannot take this run's documents, or null when it can.</summary>
    public static string? Mismatch(string name, JsonObject? mappings, EmbeddingInfo embedding, IndexMode mode)
    {
        if (BuiltFor(mappings) is not { } built)
            return $"OpenSearch index '{name}' exists without a knn_vector field '{BulkFields.Dense}' or a text field '{BulkFields.Message}': "
                + "it was not made by Emitter; choose another index_name or delete the index";
        if (built != mode)
            return $"OpenSearch index '{name}' was built for index_mode {built.Name()}, but this sink has index_mode {mode.Name()}: "
                + "choose another index_name, delete the index, or set the index's mode";
        if (!mode.HasVectors()) return null;
        var dimension = mappings!["properties"]![BulkFields.Dense]!["dimension"]?.GetValue<int>();
        if (dimension != embedding.Dimensions)
            return $"OpenSearch index '{name}' holds {dimension}-dimension vectors, but this run's embeddings ({embedding.Model}) "
                + $"have {embedding.Dimensions}: choose another index_name, delete the index, or embed with the model it was made with";
        if (mappings["_meta"]?["embedding_model"]?.GetValue<string>() is { } recorded && recorded != embedding.Model)
            return $"OpenSearch index '{name}' holds vectors of model '{recorded}', but this run embeds with '{embedding.Model}': "
                + "vectors of different models must not mix; choose another index_name or delete the index";
        return null;
    }
}

using System.Text.Json.Nodes;

namespace Emitter.Tests.Fakes;

/// <summary>
/// What OpenSearch 3.x with the k-NN plugin refuses in a <c>knn_vector</c> mapping and document,
/// from opensearch-project/k-NN at 3.8.0.0 (the plugin of the pinned image):
/// src/main/java/org/opensearch/knn/index/mapper/KNNVectorFieldMapper.java (dimension missing or
/// not above 0; a method only when <c>index.knn</c> is true), engine/AbstractKNNLibrary.java and
/// engine/KNNEngine.java (at most 16,000 dimensions on lucene and faiss), SpaceType.java (the space
/// names), engine/KNNEngine.java DEPRECATED_ENGINES (nmslib refused for new indexes from 3.0),
/// common/KNNValidationUtil.java (a vector of the wrong length). The mapping parser's refusals
/// reach the client as <c>mapper_parsing_exception</c>, status 400 (OpenSearch's MapperService).
/// </summary>
internal static class FakeOpenSearchMapping
{
    private const int MaxDimensions = 16_000;
    private static readonly string[] SpaceTypes = ["l2", "cosinesimil", "l1", "linf", "innerproduct", "hamming"];
    private static readonly string[] Engines = ["lucene", "faiss"];

    /// <summary>The reason index creation is refused, or null.</summary>
    public static string? Refusal(JsonObject? settings, JsonObject mappings)
    {
        if (mappings["properties"] is not JsonObject properties) return null;
        var knn = settings?["index"]?["knn"]?.GetValue<bool>() ?? settings?["index.knn"]?.GetValue<bool>() ?? false;
        foreach (var (field, node) in properties)
        {
            if (node is not JsonObject mapping || mapping["type"]?.GetValue<string>() != "knn_vector") continue;
            var method = mapping["method"] as JsonObject;
            if (!knn && method is not null) return "Cannot set modelId or method parameters when index.knn setting is false";
            if (mapping["dimension"]?.GetValue<int>() is not { } dimension) return $"Dimension value missing for vector: {field}";
            if (dimension <= 0) return $"Dimension value must be greater than 0 for vector: {field}";
            var engine = method?["engine"]?.GetValue<string>() ?? "faiss";
            if (engine == "nmslib") return "nmslib engine is deprecated in OpenSearch  and cannot be used for new index creation in OpenSearch from  3.0.0.";
            if (!Engines.Contains(engine)) return $"Invalid engine: {engine}";
            if (dimension > MaxDimensions) return $"Dimension value cannot be greater than {MaxDimensions} for vector with engine: {engine}";
            if (method?["space_type"]?.GetValue<string>() is { } space && !SpaceTypes.Contains(space))
                return $"Unable to find space: {space}";
        }
        return null;
    }

    /// <summary>The reason a document is refused (400), or null.</summary>
    public static string? DocumentRefusal(JsonObject mappings, string id, JsonObject document)
    {
        if (mappings["properties"] is not JsonObject properties) return null;
        foreach (var (field, node) in properties)
        {
            if (node?["type"]?.GetValue<string>() != "knn_vector" || document[field] is not JsonArray vector) continue;
            var dimension = node["dimension"]!.GetValue<int>();
            if (vector.Count != dimension)
                return $"failed to parse field [{field}] of type [knn_vector] in document with id '{id}'. Preview of field's value: 'null'"
                    + $" (caused by: Vector dimension mismatch. Expected: {dimension}, Given: {vector.Count})";
        }
        return null;
    }
}

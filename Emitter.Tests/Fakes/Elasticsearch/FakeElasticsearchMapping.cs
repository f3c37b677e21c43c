using System.Text.Json.Nodes;

namespace Emitter.Tests.Fakes;

/// <summary>
/// What index creation refuses in a dense_vector mapping, as the server of a given version does
/// (server/src/main/java/org/elasticsearch/index/mapper/vectors/DenseVectorFieldMapper.java at
/// v9.1.5, and v9.2.0 for bbq_disk). The mapping parser's refusals reach the client wrapped by
/// MapperService as <c>mapper_parsing_exception</c> "Failed to parse mapping: ...", status 400.
/// Written from the server's rules, not from the sink's, so the sink's own check is tested against them.
/// </summary>
internal static class FakeElasticsearchMapping
{
    private const int MaxDims = 4096;   // MAX_DIMS_COUNT (float and byte element types)
    private const int BbqMinDims = 64;  // BBQ_MIN_DIMS

    // VectorIndexType at v9.1.5; BBQ_DISK joins the enum in v9.2.0.
    private static readonly string[] Types91 = ["hnsw", "int8_hnsw", "int4_hnsw", "flat", "int8_flat", "int4_flat", "bbq_hnsw", "bbq_flat"];

    /// <summary>The reason the server gives (after "Failed to parse mapping: "), or null when it accepts the mapping.</summary>
    public static string? Refusal(JsonObject mappings, Version server)
    {
        if (mappings["properties"] is not JsonObject properties) return null;
        foreach (var (field, node) in properties)
        {
            if (node is not JsonObject mapping || mapping["type"]?.GetValue<string>() != "dense_vector") continue;
            var dims = mapping["dims"]?.GetValue<int>();
            if (dims is < 1 or > MaxDims)
                return $"The number of dimensions should be in the range [1, {MaxDims}] but was [{dims}]";
            if (mapping["index_options"] is not JsonObject options) continue;
            if (options["type"]?.GetValue<string>() is not { } type)
                return "[index_options] requires field [type] to be configured";
            var known = server >= new Version(9, 2) ? [.. Types91, "bbq_disk"] : Types91;
            if (!known.Contains(type)) return $"Unknown vector index options type [{type}] for field [{field}]";
            if (dims is not { } d) continue;
            // supportsDimension of each VectorIndexType; BBQ types word their own refusal (BBQHnswIndexOptions/BBQFlatIndexOptions.validateDimension).
            if (type is "bbq_hnsw" or "bbq_flat" && d < BbqMinDims)
                return $"{type} does not support dimensions fewer than {BbqMinDims}; provided={d}";
            if (type is "int4_hnsw" or "int4_flat" && d % 2 != 0)
                return $"{type} only supports even dimensions; provided={d}";
        }
        return null;
    }
}

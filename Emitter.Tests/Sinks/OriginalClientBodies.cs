using System.Text.Json.Nodes;

namespace Emitter.Tests.Sinks;

/// <summary>
/// The search bodies the original's clients send, as JSON, field for field: the web UI
/// (nleroy917/es-qdrant-log-demo web/src/lib/elasticsearch.ts: searchLogs, getFilters) and the
/// query tool of its benchmark (qdrant-labs/qstorm src/providers/elastic.rs, configured with
/// text_field message and vector_field dense).
/// </summary>
public static class OriginalClientBodies
{
    /// <summary>searchLogs: bool.must of a knn (num_candidates 100, k = limit) and a match, terms filters only when given.</summary>
    public static string WebUiSearch(string query, float[] embedding, string[]? levels, string[]? services, int limit = 20)
    {
        var filter = new JsonArray();
        if (levels is { Length: > 0 }) filter.Add(new JsonObject { ["terms"] = new JsonObject { ["level"] = Strings(levels) } });
        if (services is { Length: > 0 }) filter.Add(new JsonObject { ["terms"] = new JsonObject { ["service"] = Strings(services) } });
        var boolean = new JsonObject
        {
            ["must"] = new JsonArray(
                new JsonObject
                {
                    ["knn"] = new JsonObject { ["field"] = "dense", ["query_vector"] = Vector(embedding), ["num_candidates"] = 100, ["k"] = limit },
                },
                new JsonObject { ["match"] = new JsonObject { ["message"] = query } }),
        };
        if (filter.Count > 0) boolean["filter"] = filter;
        return new JsonObject { ["size"] = limit, ["query"] = new JsonObject { ["bool"] = boolean } }.ToJsonString();
    }

    /// <summary>getFilters: size 0, terms aggregations services (size 50) and levels (size 10).</summary>
    public const string WebUiFilters =
        """{"size":0,"aggs":{"services":{"terms":{"field":"service","size":50}},"levels":{"terms":{"field":"level","size":10}}}}""";

    /// <summary>qstorm hybrid_search: match + top-level knn (num_candidates 10 × top_k) + rank.rrf with the server's defaults.</summary>
    public static string QstormHybrid(string text, float[] vector, int topK) => new JsonObject
    {
        ["size"] = topK,
        ["query"] = new JsonObject { ["match"] = new JsonObject { ["message"] = text } },
        ["knn"] = new JsonObject { ["field"] = "dense", ["query_vector"] = Vector(vector), ["k"] = topK, ["num_candidates"] = topK * 10 },
        ["rank"] = new JsonObject { ["rrf"] = new JsonObject() },
    }.ToJsonString();

    /// <summary>qstorm vector_search: top-level knn only.</summary>
    public static string QstormVector(float[] vector, int topK) => new JsonObject
    {
        ["size"] = topK,
        ["knn"] = new JsonObject { ["field"] = "dense", ["query_vector"] = Vector(vector), ["k"] = topK, ["num_candidates"] = topK * 10 },
    }.ToJsonString();

    /// <summary>qstorm keyword_search: a match on message.</summary>
    public static string QstormKeyword(string text, int topK) => new JsonObject
    {
        ["size"] = topK,
        ["query"] = new JsonObject { ["match"] = new JsonObject { ["message"] = text } },
    }.ToJsonString();

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static JsonArray Vector(float[] vector) => new([.. vector.Select(v => (JsonNode)v)]);
}

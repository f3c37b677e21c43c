using System.Text.Json.Nodes;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The fake OpenSearch's <c>_search</c>, for the queries the bench's OpenSearch store sends:
/// <list type="bullet">
/// <item><c>knn</c> (k-NN 3.8.0.0 src/main/java/org/opensearch/knn/index/query/parser/KNNQueryBuilderParser.java:
/// <c>{field: {vector, k}}</c>, k in (0, 10000] and the vector's length the mapping's dimension,
/// KNNQueryBuilder.java); exact here (the lucene engine's HNSW is approximate), scored as Lucene's
/// COSINE, (1 + cos) / 2 (SpaceType.java COSINESIMIL on lucene).</item>
/// <item><c>match</c> on a text field: the standard analyzer and BM25, which OpenSearch takes from
/// the Lucene it bundles (<see cref="FakeElasticsearchText"/>).</item>
/// <item><c>hybrid</c> (neural-search 3.8.0.0 src/main/java/org/opensearch/neuralsearch/query/HybridQueryBuilder.java:
/// <c>queries</c>, at most 5, and <c>pagination_depth</c>): each sub-query ranks pagination_depth
/// documents, or size (search/query/HybridCollectorManager.java), and a <c>score-ranker-processor</c>
/// fuses them by reciprocal rank: each document scores the sum over sub-queries of
/// 1 / (rank_constant + rank), rank from 1, rank_constant 60 (processor/RRFProcessor.java,
/// processor/normalization/RRFNormalizationTechnique.java, processor/combination/RRFScoreCombinationTechnique.java).
/// The pipeline comes with the request, as <c>search_pipeline</c> (an ad hoc pipeline:
/// server/src/main/java/org/opensearch/search/pipeline/SearchPipelineService.java resolvePipeline,
/// read as a stored copy). Without one the server answers the sub-queries' raw, unfused scores; the
/// fake refuses instead, so a client that forgot the pipeline fails loudly.</item>
/// </list>
/// Equal scores keep index order. Searches can be failed with a status (<see cref="FakeOpenSearchServer.FailNextSearches"/>).
/// </summary>
internal static class FakeOpenSearchSearch
{
    public const int DefaultRankConstant = 60;
    public const int MaxK = 10_000;
    public const int MaxHybridQueries = 5;

    private static readonly HashSet<string> Keys = ["query", "size", "from", "_source", "search_pipeline"];

    /// <summary>The answer's hits, best first, or throws <see cref="FakeOpenSearchSearchException"/> with the server's status, type and reason.</summary>
    public static JsonObject Run(FakeOpenSearchIndex index, JsonObject body)
    {
        foreach (var key in body.Select(p => p.Key).Where(k => !Keys.Contains(k)))
            // server/src/main/java/org/opensearch/search/builder/SearchSourceBuilder.java parseXContent.
            throw new FakeOpenSearchSearchException(400, "parsing_exception", $"Unknown key for a START_OBJECT in [{key}].");
        var size = body["size"]?.GetValue<int>() ?? 10;
        var documents = index.Ordered();
        var order = documents.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var query = body["query"] as JsonObject ?? new JsonObject { ["match_all"] = new JsonObject() };

        List<(string Id, double Score)> ranked;
        if (query["hybrid"] is JsonObject hybrid)
        {
            var processor = body["search_pipeline"]?["phase_results_processors"]?.AsArray().Select(p => p?["score-ranker-processor"]).FirstOrDefault(p => p is not null)
                ?? throw new FakeOpenSearchSearchException(400, "illegal_argument_exception", "fake: a hybrid query without a score-ranker-processor in its search pipeline (the server would answer unfused scores)");
            var constant = processor["combination"]?["rank_constant"]?.GetValue<int>() ?? DefaultRankConstant;
            var queries = hybrid["queries"] as JsonArray ?? throw new FakeOpenSearchSearchException(400, "parsing_exception", "[hybrid] requires 'queries' field with at least one clause");
            if (queries.Count > MaxHybridQueries)
                throw new FakeOpenSearchSearchException(400, "parsing_exception", $"Number of sub-queries exceeds maximum supported by [hybrid] query");
            var depth = hybrid["pagination_depth"]?.GetValue<int>() ?? size;
            var fused = new Dictionary<string, double>();
            foreach (var sub in queries)
            {
                var rank = 0;
                foreach (var (id, _) in FakeRanking.Sorted(Evaluate(index, documents, sub!.AsObject()), order).Take(depth))
                    fused[id] = fused.GetValueOrDefault(id) + 1.0 / (constant + ++rank);
            }
            ranked = FakeRanking.Sorted(fused, order);
        }
        else
        {
            ranked = FakeRanking.Sorted(Evaluate(index, documents, query), order);
        }

        var hits = new JsonArray([.. ranked.Take(size).Select(h => (JsonNode)new JsonObject { ["_index"] = index.Name, ["_id"] = h.Id, ["_score"] = h.Score })]);
        return new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject
            {
                ["total"] = new JsonObject { ["value"] = ranked.Count, ["relation"] = "eq" },
                ["max_score"] = ranked.Count == 0 ? null : ranked[0].Score,
                ["hits"] = hits,
            },
        };
    }

    private static Dictionary<string, double> Evaluate(FakeOpenSearchIndex index, IReadOnlyList<(string Id, JsonObject Source)> documents, JsonObject query)
    {
        var (type, clause) = (query.First().Key, query.First().Value!.AsObject());
        switch (type)
        {
            case "match_all":
                return documents.ToDictionary(d => d.Id, _ => 1.0);
            case "match":
            {
                var (field, value) = (clause.First().Key, clause.First().Value!);
                var text = value is JsonObject options ? options["query"]!.GetValue<string>() : value.GetValue<string>();
                // operator: or (the default) or and, as MatchQueryBuilder reads it (the Elasticsearch code OpenSearch forked).
                var all = value is JsonObject withOperator && withOperator["operator"]?.GetValue<string>().Equals("and", StringComparison.OrdinalIgnoreCase) == true;
                var texts = documents.Where(d => d.Source[field] is JsonValue).Select(d => (d.Id, d.Source[field]!.GetValue<string>()));
                return new FakeElasticsearchText(texts).Match(text, all);
            }
            case "knn":
            {
                var (field, options) = (clause.First().Key, clause.First().Value!.AsObject());
                var k = options["k"]?.GetValue<int>() ?? 0;
                if (k <= 0 || k > MaxK) throw new FakeOpenSearchSearchException(400, "parsing_exception", $"[knn] requires k to be in the range (0, {MaxK}]");
                var vector = options["vector"]?.AsArray().Select(v => v!.GetValue<float>()).ToArray();
                if (vector is not { Length: > 0 }) throw new FakeOpenSearchSearchException(400, "parsing_exception", "[knn] field 'vector' requires to be non-null and non-empty");
                var dimension = index.Mappings["properties"]?[field]?["dimension"]?.GetValue<int>()
                    ?? throw new FakeOpenSearchSearchException(400, "illegal_argument_exception", $"Field '{field}' is not knn_vector type.");
                if (vector.Length != dimension)
                    throw new FakeOpenSearchSearchException(400, "illegal_argument_exception", $"Query vector has invalid dimension: {vector.Length}. Dimension should be: {dimension}");
                return documents.Where(d => d.Source[field] is JsonArray)
                    .Select(d => (d.Id, Score: (1 + FakeRanking.Cosine(vector, d.Source[field]!.AsArray())) / 2))
                    .OrderByDescending(d => d.Score).Take(k)
                    .ToDictionary(d => d.Id, d => d.Score);
            }
            default:
                throw new FakeOpenSearchSearchException(400, "parsing_exception", $"unknown query [{type}]");
        }
    }
}

/// <summary>A search the fake refuses, with the server's status, error type and reason.</summary>
internal sealed class FakeOpenSearchSearchException(int status, string type, string reason) : Exception(reason)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The fake's <c>_search</c>, for the requests the original's clients send: <c>query</c> (see
/// <see cref="FakeElasticsearchQuery"/>), top-level <c>knn</c> (alone, summed with <c>query</c>, or
/// fused by the pre-retriever <c>rank.rrf</c>), <c>retriever</c> (<c>standard</c>, <c>knn</c>, <c>rrf</c>),
/// <c>terms</c> aggregations, <c>size</c>/<c>from</c>, <c>_source</c>, and <c>typed_keys</c>.
/// RRF (x-pack/plugin/rank-rrf/src/main/java/org/elasticsearch/xpack/rank/rrf/RRFRetrieverBuilder.java
/// and RRFRankBuilder.java at v9.1.5): score = sum over result sets of 1 / (rank_constant + rank),
/// rank_constant 60 and rank_window_size 10 (RankBuilder.DEFAULT_RANK_WINDOW_SIZE = SearchService.DEFAULT_SIZE)
/// unless given; both refuse a licence below enterprise/trial (LicenseUtils.newComplianceException).
/// Equal scores keep index order (the server breaks ties by shard and Lucene doc id).
/// Faults and latency come from <see cref="FakeElasticsearchServer.Queries"/>.
/// </summary>
internal sealed class FakeElasticsearchSearch(FakeElasticsearchServer server)
{
    public const int DefaultRankConstant = 60;
    public const int DefaultRankWindowSize = 10;
    private const string RrfFeature = "Reciprocal Rank Fusion (RRF)";

    private static readonly HashSet<string> Keys = ["query", "knn", "rank", "retriever", "size", "from", "aggs", "aggregations", "_source", "track_total_hits"];

    public async Task HandleAsync(HttpContext context, string indexName)
    {
        if (server.Queries.TryTakeFailure(out var status))
        {
            // EsRejectedExecutionException on a full search queue (429); SearchPhaseExecutionException when no shard answers (503).
            var (type, reason) = status == 429
                ? ("es_rejected_execution_exception", "rejected execution of TimedRunnable on TaskExecutionTimeTrackingEsThreadPoolExecutor[name = fake/search]")
                : ("search_phase_execution_exception", "all shards failed");
            await FakeElasticsearchErrors.WriteAsync(context, status, type, reason);
            return;
        }
        await server.Queries.DelayAsync(server.Time, context.RequestAborted);
        if (!server.Indices.TryGetValue(indexName, out var index))
        {
            await FakeElasticsearchErrors.IndexNotFoundAsync(context, indexName);
            return;
        }
        var body = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
            ? await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? []
            : [];
        server.SearchBodies.Enqueue((JsonObject)body.DeepClone());
        var typedKeys = context.Request.Query["typed_keys"] == "true";
        try
        {
            await FakeElasticsearchServer.WriteJsonAsync(context, 200, Run(index, body, typedKeys));
        }
        catch (FakeElasticsearchSearchException e)
        {
            if (e.Status == 403)
            {
                var cause = FakeElasticsearchErrors.Cause(e.Type, e.Message);
                cause["license.expired.feature"] = RrfFeature;
                await FakeElasticsearchServer.WriteJsonAsync(context, 403, new JsonObject
                {
                    ["error"] = new JsonObject { ["root_cause"] = new JsonArray(cause.DeepClone()), ["type"] = e.Type, ["reason"] = e.Message, ["license.expired.feature"] = RrfFeature },
                    ["status"] = 403,
                });
                return;
            }
            await FakeElasticsearchErrors.WriteAsync(context, e.Status, e.Type, e.Message);
        }
    }

    private JsonObject Run(FakeElasticsearchIndex index, JsonObject body, bool typedKeys)
    {
        foreach (var key in body.Select(p => p.Key).Where(k => !Keys.Contains(k)))
            throw FakeElasticsearchSearchException.NotModelled($"the search body key [{key}]");
        var size = body["size"]?.GetValue<int>() ?? 10;
        var from = body["from"]?.GetValue<int>() ?? 0;
        var query = new FakeElasticsearchQuery(index, index.Ordered(), size);
        var order = query.Documents.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i);

        List<(string Id, double Score)> ranked;
        if (body["retriever"] is JsonObject retriever)
        {
            if (body["query"] is not null || body["knn"] is not null || body["rank"] is not null)
                throw FakeElasticsearchSearchException.Invalid("cannot specify [retriever] and [query, knn, rank] together");
            ranked = Retrieve(retriever, query, order, size);
        }
        else
        {
            var knns = body["knn"] switch { null => [], JsonArray a => a.Select(k => k!.AsObject()).ToList(), var k => [k.AsObject()] };
            var sets = new List<List<(string, double)>>();
            var textScores = body["query"] is { } q || knns.Count == 0 ? query.Evaluate(body["query"]) : null;
            if (body["rank"] is JsonObject rank)
            {
                // The pre-retriever syntax: the server rewrites query + knn + rank.rrf into an rrf retriever over a standard and knn retrievers.
                var rrf = rank["rrf"] as JsonObject ?? throw FakeElasticsearchSearchException.NotModelled("a rank other than rrf");
                RequireLicence();
                var (constant, window) = RrfParameters(rrf, size, "rank");
                if (textScores is not null) sets.Add(FakeRanking.Sorted(textScores, order).Take(window).ToList());
                sets.AddRange(knns.Select(k => FakeRanking.Sorted(query.Knn(k, size), order)));
                if (sets.Count < 2)
                    throw FakeElasticsearchSearchException.Invalid("[rank] requires a minimum of [2] result sets using a combination of sub searches and/or knn searches");
                ranked = Fuse(sets, constant, order);
            }
            else
            {
                // query and knn without rank: a disjunction, each document's scores summed.
                var total = new Dictionary<string, double>(textScores ?? []);
                foreach (var knn in knns)
                    foreach (var (id, score) in query.Knn(knn, size))
                        total[id] = total.GetValueOrDefault(id) + score;
                ranked = FakeRanking.Sorted(total, order);
            }
        }

        var hits = new JsonArray();
        var withSource = body["_source"] is not JsonValue flag || flag.GetValue<bool>();
        var sources = query.Documents.ToDictionary(d => d.Id, d => d.Source);
        foreach (var (id, score) in ranked.Skip(from).Take(size))
        {
            var hit = new JsonObject { ["_index"] = index.Name, ["_id"] = id, ["_score"] = score };
            if (withSource) hit["_source"] = sources[id].DeepClone();
            hits.Add(hit);
        }
        var response = new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject
            {
                ["total"] = new JsonObject { ["value"] = ranked.Count, ["relation"] = "eq" },
                ["max_score"] = ranked.Count == 0 ? null : ranked.Max(r => r.Score),
                ["hits"] = hits,
            },
        };
        if ((body["aggs"] ?? body["aggregations"]) is JsonObject aggregations)
            response["aggregations"] = Aggregate(aggregations, ranked.Select(r => sources[r.Id]).ToList(), typedKeys);
        return response;
    }

    private List<(string Id, double Score)> Retrieve(JsonObject retriever, FakeElasticsearchQuery query, Dictionary<string, int> order, int size)
    {
        if (retriever.Count != 1) throw FakeElasticsearchSearchException.Parsing("[retriever] must hold exactly one retriever");
        var (type, node) = retriever.First();
        var body = node!.AsObject();
        switch (type)
        {
            case "standard":
                var scores = query.Evaluate(body["query"]);
                if (body["filter"] is { } filter)
                {
                    var allowed = query.Filters(filter);
                    scores = scores.Where(s => allowed.Contains(s.Key)).ToDictionary();
                }
                return FakeRanking.Sorted(scores, order);
            case "knn":
                if (body["k"] is null || body["num_candidates"] is null)
                    throw FakeElasticsearchSearchException.Invalid("[knn] retriever requires [k] and [num_candidates]");
                return FakeRanking.Sorted(query.Knn(body, size), order);
            case "rrf":
                RequireLicence();
                var (constant, window) = RrfParameters(body, size, "rrf");
                var children = body["retrievers"]?.AsArray() ?? throw FakeElasticsearchSearchException.Invalid("[rrf] requires [retrievers]");
                var sets = children.Select(c => Retrieve(c!.AsObject(), query, order, window).Take(window).ToList()).ToList();
                var fused = Fuse(sets, constant, order);
                if (body["filter"] is { } rrfFilter)
                {
                    var allowed = query.Filters(rrfFilter);
                    fused = fused.Where(f => allowed.Contains(f.Id)).ToList();
                }
                return fused;
            default:
                throw FakeElasticsearchSearchException.NotModelled($"the [{type}] retriever");
        }
    }

    private void RequireLicence()
    {
        // RRFRankPlugin.RANK_RRF_FEATURE is ENTERPRISE: an active trial licence allows it, basic or an expired one does not
        // (LicenseUtils.newComplianceException: ElasticsearchSecurityException, RestStatus.FORBIDDEN). Elasticsearch v9.1.5:
        // x-pack/plugin/rank-rrf/src/main/java/org/elasticsearch/xpack/rank/rrf/RRFRankPlugin.java,
        // x-pack/plugin/core/src/main/java/org/elasticsearch/license/LicenseUtils.java (read through the search tool, not at the tag).
        if (server.License is not ("trial" or "enterprise") || server.LicenseExpired)
            throw new FakeElasticsearchSearchException(403, "security_exception", $"current license is non-compliant for [{RrfFeature}]");
    }

    private static (int Constant, int Window) RrfParameters(JsonObject rrf, int size, string name)
    {
        var constant = rrf["rank_constant"]?.GetValue<int>() ?? DefaultRankConstant;
        var window = rrf["rank_window_size"]?.GetValue<int>() ?? DefaultRankWindowSize;
        if (constant < 1) throw FakeElasticsearchSearchException.Invalid($"[rank_constant] must be greater or equal to [1] for [{name}]");
        if (window < size)
            throw new FakeElasticsearchSearchException(400, "action_request_validation_exception",
                $"Validation Failed: 1: [{name}] requires [rank_window_size: {window}] be greater than or equal to [size: {size}];");
        return (constant, window);
    }

    /// <summary>Reciprocal rank fusion: each document gains 1 / (rank_constant + its 1-based rank) from every set it is in.</summary>
    private static List<(string Id, double Score)> Fuse(List<List<(string Id, double Score)>> sets, int constant, Dictionary<string, int> order)
    {
        var scores = new Dictionary<string, double>();
        foreach (var set in sets)
            for (var rank = 0; rank < set.Count; rank++)
                scores[set[rank].Id] = scores.GetValueOrDefault(set[rank].Id) + 1.0 / (constant + rank + 1);
        return FakeRanking.Sorted(scores, order);
    }

    /// <summary><c>terms</c> aggregations on keyword fields: buckets by count, then key (BucketOrder.compound(count desc, key asc)).</summary>
    private static JsonObject Aggregate(JsonObject aggregations, List<JsonObject> documents, bool typedKeys)
    {
        var result = new JsonObject();
        foreach (var (name, node) in aggregations)
        {
            var terms = node?["terms"] as JsonObject ?? throw FakeElasticsearchSearchException.NotModelled($"aggregation [{name}] (only terms)");
            var field = terms["field"]!.GetValue<string>();
            var size = terms["size"]?.GetValue<int>() ?? 10;
            var groups = documents.Where(d => d[field] is JsonValue).GroupBy(d => d[field]!.ToString())
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            var buckets = new JsonArray();
            foreach (var group in groups.Take(size)) buckets.Add(new JsonObject { ["key"] = group.Key, ["doc_count"] = group.Count() });
            result[typedKeys ? $"sterms#{name}" : name] = new JsonObject
            {
                ["doc_count_error_upper_bound"] = 0,
                ["sum_other_doc_count"] = groups.Skip(size).Sum(g => g.Count()),
                ["buckets"] = buckets,
            };
        }
        return result;
    }
}

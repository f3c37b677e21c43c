using System.Text.Json.Nodes;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>
/// Vector, keyword and hybrid search of an OpenSearch sink's index over its REST API (its own
/// connection, the sink's credentials and <c>skip_cert</c>). Vector: the k-NN plugin's <c>knn</c>
/// query on <c>dense</c> (k = top_k). Keyword: <c>match</c> on <c>message</c>. Hybrid: the
/// neural-search plugin's <c>hybrid</c> query over both, each side ranking 2 × top_k
/// (<c>pagination_depth</c>), fused by reciprocal rank (<c>score-ranker-processor</c>, rank
/// constant 60) in a search pipeline given with the request, so nothing is created on the
/// user's cluster. OpenSearch has no Elasticsearch-style top-level <c>knn</c> or <c>rank.rrf</c>,
/// which is why qstorm's OpenSearch provider (a copy of its Elasticsearch one) is not followed.
/// The knn queries carry the bench's ef as method_parameters.ef_search, the fusion rank_constant
/// 60 explicitly, match's operator the bench's match, _source off (ids) or all but the vector.
/// </summary>
public sealed class OpenSearchSearchStore(string name, OpenSearchSinkOptions options, SearchShape? shape = null) : SearchStore(name)
{
    private readonly SearchShape _shape = shape ?? SearchShape.Default;

    private readonly Dictionary<string, object> _freshness = new()
    {
        // The sink's _bulk requests never ask for ?refresh: documents become searchable at the index's next refresh.
        ["sink_refreshes"] = false,
    };

    private HttpClient? _http;
    private OpenSearchRest? _rest;

    public override IReadOnlyDictionary<string, object> FreshnessSettings => _freshness;

    public override IReadOnlyDictionary<string, object> SearchSettings => new Dictionary<string, object>
    {
        ["method_parameters.ef_search"] = _shape.Ef,
        ["rank_constant"] = SearchShape.RrfK,
        ["pagination_depth"] = $"{SearchShape.WindowPerResult} x top_k (knn k too)",
        ["match"] = _shape.Match == MatchMode.Any ? "any: match operator or" : "all: match operator and",
        ["fetch"] = _shape.Fetch == FetchMode.Ids ? "ids (_source false)" : $"payload (_source without {BulkFields.Dense})",
    };

    public override async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        _http ??= OpenSearchHttp.Create(options);
        _rest ??= new OpenSearchRest(_http, options);
        _freshness["refresh_interval"] = await ReadRefreshIntervalAsync(_rest, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken)
    {
        var rest = Initialized(_rest);
        var (status, body, problem) = await rest.IndexAsync(HttpMethod.Post, "/_search", Request(mode, text, vector, topK), cancellationToken).ConfigureAwait(false);
        if (status != 200 || body?["hits"]?["hits"] is not JsonArray hits) throw new OpenSearchSearchException(OpenSearchRest.Describe(status, body, problem), status);
        // _id is the entry id (the sink's _bulk index actions).
        return [.. hits.Select(h => Guid.Parse(h!["_id"]!.GetValue<string>()))];
    }

    /// <summary>The <c>_search</c> body for one query.</summary>
    private JsonObject Request(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK)
    {
        var body = new JsonObject
        {
            ["size"] = topK,
            ["_source"] = _shape.Fetch == FetchMode.Ids ? false : new JsonObject { ["excludes"] = new JsonArray(BulkFields.Dense) },
        };
        switch (mode)
        {
            case SearchMode.Vector:
                body["query"] = Knn(vector, topK);
                break;
            case SearchMode.Keyword:
                body["query"] = Match(text);
                break;
            default:
                // As the other stores' hybrids: each side ranks twice top_k for the fusion.
                var window = SearchShape.Window(topK);
                body["query"] = new JsonObject
                {
                    ["hybrid"] = new JsonObject { ["queries"] = new JsonArray(Match(text), Knn(vector, window)), ["pagination_depth"] = window },
                };
                body["search_pipeline"] = new JsonObject
                {
                    ["phase_results_processors"] = new JsonArray(new JsonObject
                    {
                        ["score-ranker-processor"] = new JsonObject { ["combination"] = new JsonObject { ["technique"] = "rrf", ["rank_constant"] = SearchShape.RrfK } },
                    }),
                };
                break;
        }
        return body;
    }

    /// <summary>
    /// Not deferred: the lucene engine builds each segment's graph when a refresh writes it, as
    /// Elasticsearch does, so the "build" is one <c>_refresh</c> and the phases start with every
    /// pre-seeded entry searchable.
    /// </summary>
    public override async Task<bool> BuildIndexesAsync(CancellationToken cancellationToken)
    {
        var rest = Initialized(_rest);
        var (status, body, problem) = await rest.IndexAsync(HttpMethod.Post, "/_refresh", null, cancellationToken).ConfigureAwait(false);
        return status == 200 ? true
            : throw new SinkSetupException($"Sink {Name}: could not refresh OpenSearch index '{options.Index}' at {options.Url} after the pre-seed: {OpenSearchRest.Describe(status, body, problem)}");
    }

    /// <summary>_refresh, so every pre-seeded document is searchable; with force_merge, first _forcemerge to one segment.</summary>
    public override async Task<string> SettleAsync(SettleConfig settle, CancellationToken cancellationToken)
    {
        var rest = Initialized(_rest);
        if (settle.ForceMerge)
        {
            var (mergeStatus, mergeBody, mergeProblem) = await rest.IndexAsync(HttpMethod.Post, "/_forcemerge?max_num_segments=1", null, cancellationToken).ConfigureAwait(false);
            if (mergeStatus != 200)
                throw new SinkSetupException($"Sink {Name}: could not force-merge OpenSearch index '{options.Index}' at {options.Url}: {OpenSearchRest.Describe(mergeStatus, mergeBody, mergeProblem)}");
        }
        var (status, body, problem) = await rest.IndexAsync(HttpMethod.Post, "/_refresh", null, cancellationToken).ConfigureAwait(false);
        return status == 200 ? settle.ForceMerge ? "_forcemerge max_num_segments=1, _refresh" : "_refresh"
            : throw new SinkSetupException($"Sink {Name}: could not refresh OpenSearch index '{options.Index}' at {options.Url} after the pre-seed: {OpenSearchRest.Describe(status, body, problem)}");
    }

    /// <summary>
    /// <c>GET /</c>: version.distribution ("opensearch"; an Elasticsearch server has none) and
    /// version.number, as OpenSearch's MainResponse gives them.
    /// </summary>
    public override async Task<string?> ServerVersionAsync(CancellationToken cancellationToken)
    {
        var (status, body, problem) = await Initialized(_rest).SendAsync(HttpMethod.Get, "", null, cancellationToken).ConfigureAwait(false);
        if (status != 200 || body?["version"]?["number"] is not JsonValue number)
            throw new InvalidOperationException($"GET /: {OpenSearchRest.Describe(status, body, problem ?? (status == 200 ? "no version.number in the answer" : null))}");
        var distribution = body["version"]?["distribution"]?.GetValue<string>();
        return distribution == "opensearch" ? $"OpenSearch {number}" : $"{distribution ?? "no distribution (not OpenSearch)"} {number}";
    }

    public override ValueTask DisposeAsync()
    {
        _http?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The index's refresh_interval as the server holds it (the setting and its 1s default are the
    /// ones OpenSearch forked from Elasticsearch), asked by name with flat keys; the
    /// server leaves the index out of the answer when it has no such setting (the default then
    /// applies). A user allowed to search but not to read settings gets the reason recorded
    /// instead of the value: a figure that only describes the run must not stop it.
    /// </summary>
    private async Task<string> ReadRefreshIntervalAsync(OpenSearchRest rest, CancellationToken cancellationToken)
    {
        var (status, body, problem) = await rest.IndexAsync(HttpMethod.Get, $"/_settings/{BulkRefreshInterval.Setting}?flat_settings=true", null, cancellationToken).ConfigureAwait(false);
        if (status != 200) return $"unknown: could not read the settings of index '{options.Index}': {OpenSearchRest.Describe(status, body, problem)}";
        var value = body?[options.Index]?["settings"]?[BulkRefreshInterval.Setting];
        return value is JsonValue text && text.TryGetValue<string>(out var interval) ? interval : BulkRefreshInterval.ServerDefault;
    }

    private JsonObject Match(string text) =>
        new() { ["match"] = new JsonObject { [BulkFields.Message] = new JsonObject { ["query"] = text, ["operator"] = _shape.Match == MatchMode.All ? "and" : "or" } } };

    private JsonObject Knn(ReadOnlyMemory<float> vector, int k) => new()
    {
        ["knn"] = new JsonObject
        {
            [BulkFields.Dense] = new JsonObject
            {
                ["vector"] = new JsonArray([.. vector.ToArray().Select(v => (JsonNode)JsonValue.Create(v))]),
                ["k"] = k,
                ["method_parameters"] = new JsonObject { ["ef_search"] = _shape.EfFor(k) },
            },
        },
    };
}

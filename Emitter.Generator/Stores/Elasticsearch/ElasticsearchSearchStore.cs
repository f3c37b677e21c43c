using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport.Products.Elasticsearch;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>
/// Vector, keyword and hybrid search of an Elasticsearch sink's index through the official client
/// (its own connection, the sink's credentials): top-level <c>knn</c> on <c>dense</c> (k = top_k,
/// num_candidates = 10 × top_k, as qstorm's provider src/providers/elastic.rs); <c>match</c> on
/// <c>message</c>; and an <c>rrf</c> retriever over a <c>standard</c> match retriever and a
/// <c>knn</c> retriever. qstorm sends the older <c>query</c> + <c>knn</c> + <c>rank.rrf</c> body,
/// which Elasticsearch 9 rewrites into this same retriever on the server. num_candidates is the
/// bench's ef (qstorm sent 10 x k), rank_constant 60 is sent explicitly, match's operator is the
/// bench's match, and _source is off (ids) or everything but the vector (payload).
/// </summary>
public sealed class ElasticsearchSearchStore(string name, ElasticsearchSinkOptions options, SearchShape? shape = null) : SearchStore(name)
{
    private readonly SearchShape _shape = shape ?? SearchShape.Default;

    private readonly Dictionary<string, object> _freshness = new()
    {
        // The sink's _bulk requests never ask for ?refresh: documents become searchable at the
        // index's next refresh.
        ["sink_refreshes"] = false,
    };

    private ElasticsearchClient? _client;

    public override IReadOnlyDictionary<string, object> FreshnessSettings => _freshness;

    public override IReadOnlyDictionary<string, object> SearchSettings => new Dictionary<string, object>
    {
        ["num_candidates"] = _shape.Ef,
        ["rank_constant"] = SearchShape.RrfK,
        ["rank_window_size"] = $"{SearchShape.WindowPerResult} x top_k (knn k too)",
        ["match"] = _shape.Match == MatchMode.Any ? "any: match operator or" : "all: match operator and",
        ["fetch"] = _shape.Fetch == FetchMode.Ids ? "ids (_source false)" : $"payload (_source without {ElasticsearchSchema.DenseField})",
    };

    public override async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        _client = ElasticsearchClients.Create(options);
        _freshness["refresh_interval"] = await ElasticsearchRefreshInterval.ReadAsync(_client, options, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken)
    {
        var client = Initialized(_client);
        var request = new SearchRequest(options.Index)
        {
            Size = topK,
            Source = _shape.Fetch == FetchMode.Ids ? new SourceConfig(false) : new SourceConfig(new SourceFilter { Excludes = ElasticsearchSchema.DenseField }),
        };
        switch (mode)
        {
            case SearchMode.Vector:
                request.Knn = [new KnnSearch { Field = ElasticsearchSchema.DenseField, QueryVector = vector.ToArray(), K = topK, NumCandidates = _shape.EfFor(topK) }];
                break;
            case SearchMode.Keyword:
                request.Query = Match(text);
                break;
            default:
                // Each side ranks twice top_k for the fusion, as the other stores' hybrids do; the
                // window must be at least size (the server refuses less).
                var window = SearchShape.Window(topK);
                request.Retriever = new Retriever
                {
                    Rrf = new RRFRetriever
                    {
                        RankConstant = SearchShape.RrfK,
                        RankWindowSize = window,
                        Retrievers =
                        [
                            new Retriever { Standard = new StandardRetriever { Query = Match(text) } },
                            new Retriever { Knn = new KnnRetriever { Field = ElasticsearchSchema.DenseField, QueryVector = vector.ToArray(), K = window, NumCandidates = _shape.EfFor(window) } },
                        ],
                    },
                };
                break;
        }

        var response = await client.SearchAsync<object>(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsValidResponse)
            throw new ElasticsearchSearchException(RrfLicenceRefusal(response) ?? ElasticsearchClients.Describe(response), response.ApiCallDetails.HttpStatusCode);
        // _id is the entry id (ElasticsearchDocuments).
        return [.. response.Hits.Select(h => Guid.Parse(h.Id!))];
    }

    /// <summary>
    /// RRF is an enterprise feature: a basic licence, or an expired trial (the app host's
    /// self-generated trial lasts 30 days from the first start on its data volume), answers every
    /// hybrid query 403 security_exception "current license is non-compliant for [Reciprocal Rank
    /// Fusion (RRF)]" (x-pack/plugin/rank-rrf/.../RRFRetrieverBuilder.java fromXContent,
    /// x-pack/plugin/core/.../license/LicenseUtils.java newComplianceException, at v9.1.5). Said
    /// in one line with the cause and the way out, instead of a bare 403 in every hybrid figure.
    /// </summary>
    private string? RrfLicenceRefusal(ElasticsearchResponse response) =>
        response.ApiCallDetails.HttpStatusCode == 403 && response.ElasticsearchServerError?.Error is { Type: "security_exception", Reason: { } reason }
            && reason.Contains("non-compliant for [Reciprocal Rank Fusion (RRF)]", StringComparison.Ordinal)
            ? $"Elasticsearch at {options.Url} refused the hybrid (RRF) query with HTTP 403 \"{reason}\": RRF needs an active trial or enterprise licence, and the app host's self-generated trial ends 30 days after Elasticsearch first started on its data volume; start it on a new data volume (a new 30-day trial), install a licence that covers RRF, or leave hybrid out of bench.queries.modes"
            : null;

    /// <summary>
    /// Not deferred: Elasticsearch builds each segment's vector graph when a refresh writes it, and
    /// an index's dense_vector field cannot be made searchable after a load (index: true is fixed
    /// at mapping). Turning refresh_interval off during the load would leave a user's index
    /// unsearchable if the run died before restoring it, so the sink loads as it always writes, and
    /// the "build" is one <c>_refresh</c>: the phases start with every pre-seeded entry searchable.
    /// </summary>
    public override async Task<bool> BuildIndexesAsync(CancellationToken cancellationToken)
    {
        var client = Initialized(_client);
        var response = await client.Indices.RefreshAsync(new RefreshRequest(options.Index), cancellationToken).ConfigureAwait(false);
        // A refusal stops the run in one line, as a sink's setup failure does.
        return response.IsValidResponse ? true
            : throw new SinkSetupException($"Sink {Name}: could not refresh Elasticsearch index '{options.Index}' at {options.Url} after the pre-seed: {ElasticsearchClients.Describe(response)}");
    }

    /// <summary>_refresh, so every pre-seeded document is searchable; with force_merge, first _forcemerge to one segment.</summary>
    public override async Task<string> SettleAsync(SettleConfig settle, CancellationToken cancellationToken)
    {
        var client = Initialized(_client);
        if (settle.ForceMerge)
        {
            var merged = await client.Indices.ForcemergeAsync(new ForcemergeRequest(options.Index) { MaxNumSegments = 1 }, cancellationToken).ConfigureAwait(false);
            if (!merged.IsValidResponse)
                throw new SinkSetupException($"Sink {Name}: could not force-merge Elasticsearch index '{options.Index}' at {options.Url}: {ElasticsearchClients.Describe(merged)}");
        }
        var refreshed = await client.Indices.RefreshAsync(new RefreshRequest(options.Index), cancellationToken).ConfigureAwait(false);
        return refreshed.IsValidResponse ? settle.ForceMerge ? "_forcemerge max_num_segments=1, _refresh" : "_refresh"
            : throw new SinkSetupException($"Sink {Name}: could not refresh Elasticsearch index '{options.Index}' at {options.Url} after the pre-seed: {ElasticsearchClients.Describe(refreshed)}");
    }

    /// <summary>The official client's info call (<c>GET /</c>): version.number, and the build flavor when it is not the default one (serverless, oss).</summary>
    public override async Task<string?> ServerVersionAsync(CancellationToken cancellationToken)
    {
        var info = await Initialized(_client).InfoAsync(cancellationToken).ConfigureAwait(false);
        if (!info.IsValidResponse) throw new InvalidOperationException($"GET /: {ElasticsearchClients.Describe(info)}");
        var flavor = info.Version.BuildFlavor is { Length: > 0 } f && f != "default" ? $" ({f})" : "";
        return $"Elasticsearch {info.Version.Number}{flavor}";
    }

    private Query Match(string text) => new MatchQuery(ElasticsearchSchema.MessageField, text) { Operator = _shape.Match == MatchMode.All ? Operator.And : Operator.Or };
}

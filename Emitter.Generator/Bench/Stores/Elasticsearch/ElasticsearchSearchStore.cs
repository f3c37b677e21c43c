using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Emitter.Generator.Bench.Config;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Elasticsearch;

namespace Emitter.Generator.Bench.Stores.Elasticsearch;

/// <summary>
/// Vector, keyword and hybrid search of an Elasticsearch sink's index through the official client
/// (its own connection, the sink's credentials): top-level <c>knn</c> on <c>dense</c> (k = top_k,
/// num_candidates = 10 × top_k, as qstorm's provider src/providers/elastic.rs); <c>match</c> on
/// <c>message</c>; and an <c>rrf</c> retriever over a <c>standard</c> match retriever and a
/// <c>knn</c> retriever. qstorm sends the older <c>query</c> + <c>knn</c> + <c>rank.rrf</c> body,
/// which Elasticsearch 9 rewrites into this same retriever on the server.
/// </summary>
public sealed class ElasticsearchSearchStore(string name, ElasticsearchSinkOptions options) : ISearchStore
{
    /// <summary>num_candidates per k, as qstorm; the server caps num_candidates at 10,000 (top_k is at most 1,000).</summary>
    public const int CandidatesPerResult = 10;

    private readonly Dictionary<string, object> _freshness = new()
    {
        // The sink's _bulk requests never ask for ?refresh: documents become searchable at the
        // index's next refresh.
        ["sink_refreshes"] = false,
    };

    private ElasticsearchClient? _client;

    public string Name { get; } = name;

    public IReadOnlyDictionary<string, object> FreshnessSettings => _freshness;

    public async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        _client = ElasticsearchClients.Create(options);
        _freshness["refresh_interval"] = await ElasticsearchRefreshInterval.ReadAsync(_client, options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("InitializeAsync was not called.");
        var request = new SearchRequest(options.Index) { Size = topK, Source = new SourceConfig(false) };
        switch (mode)
        {
            case SearchMode.Vector:
                request.Knn = [new KnnSearch { Field = ElasticsearchSchema.DenseField, QueryVector = vector.ToArray(), K = topK, NumCandidates = topK * CandidatesPerResult }];
                break;
            case SearchMode.Keyword:
                request.Query = Match(text);
                break;
            default:
                // Each side ranks twice top_k for the fusion, as the other stores' hybrids do; the
                // window must be at least size (the server refuses less).
                var window = topK * 2;
                request.Retriever = new Retriever
                {
                    Rrf = new RRFRetriever
                    {
                        RankWindowSize = window,
                        Retrievers =
                        [
                            new Retriever { Standard = new StandardRetriever { Query = Match(text) } },
                            new Retriever { Knn = new KnnRetriever { Field = ElasticsearchSchema.DenseField, QueryVector = vector.ToArray(), K = window, NumCandidates = topK * CandidatesPerResult } },
                        ],
                    },
                };
                break;
        }

        var response = await client.SearchAsync<object>(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsValidResponse) throw new ElasticsearchSearchException(ElasticsearchClients.Describe(response), response.ApiCallDetails.HttpStatusCode);
        // _id is the entry id (ElasticsearchDocuments).
        return [.. response.Hits.Select(h => Guid.Parse(h.Id!))];
    }

    /// <summary>
    /// Not deferred: Elasticsearch builds each segment's vector graph when a refresh writes it, and
    /// an index's dense_vector field cannot be made searchable after a load (index: true is fixed
    /// at mapping). Turning refresh_interval off during the load would leave a user's index
    /// unsearchable if the run died before restoring it, so the sink loads as it always writes, and
    /// the "build" is one <c>_refresh</c>: the phases start with every pre-seeded entry searchable.
    /// </summary>
    public async Task<bool> BuildIndexesAsync(CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("InitializeAsync was not called.");
        var response = await client.Indices.RefreshAsync(new RefreshRequest(options.Index), cancellationToken).ConfigureAwait(false);
        // A refusal stops the run in one line, as a sink's setup failure does.
        return response.IsValidResponse ? true
            : throw new SinkSetupException($"Sink {Name}: could not refresh Elasticsearch index '{options.Index}' at {options.Url} after the pre-seed: {ElasticsearchClients.Describe(response)}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Query Match(string text) => new MatchQuery(ElasticsearchSchema.MessageField, text);
}

using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>
/// Vector, keyword and hybrid search of a Qdrant sink's collection through the official client's
/// Query API, on a gRPC channel of its own (the sink's stays the writers'), as qstorm's Qdrant
/// provider (src/providers/qdrant.rs) sends them: nearest on <c>dense</c>; nearest on <c>bm25</c>
/// with a <c>qdrant/bm25</c> Document the server embeds (the sink's avg_len, so documents and
/// queries are weighed alike); and both as prefetches of twice top_k each, fused by RRF. (qstorm's
/// vector search goes through the older Search endpoint; the Query API's nearest is the same search.)
/// The dense searches carry hnsw_ef (the bench's ef), the fusion RRF with k = 60 sent explicitly
/// (the server's own default is 2: DEFAULT_RRF_K in lib/segment/src/common/reciprocal_rank_fusion.rs
/// at v1.19.0), and with_payload as the fetch asks.
/// </summary>
public sealed class QdrantSearchStore(string name, QdrantSinkOptions options, SearchShape? shape = null) : SearchStore(name)
{
    private readonly SearchShape _shape = shape ?? SearchShape.Default;

    private QdrantClient? _client;
    private QdrantPoints? _points;

    public override IReadOnlyDictionary<string, object> FreshnessSettings { get; } = new Dictionary<string, object>
    {
        // wait=true: an upsert returns once its points are applied (searchable); false: once they
        // are in the write-ahead log, applied later. Either way there is no refresh to wait for.
        ["wait"] = options.Wait,
        ["batch_size"] = options.BatchSize,
        ["max_in_flight"] = options.MaxInFlight,
    };

    public override IReadOnlyDictionary<string, object> SearchSettings => new Dictionary<string, object>
    {
        ["hnsw_ef"] = _shape.Ef,
        ["rrf_k"] = SearchShape.RrfK,
        ["hybrid_window"] = $"{SearchShape.WindowPerResult} x top_k per prefetch",
        ["match"] = "any: BM25 over the query's words",
        ["fetch"] = _shape.Fetch == FetchMode.Ids ? "ids (with_payload false)" : "payload (with_payload true)",
    };

    public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        _client = new QdrantClient(options.Endpoint, options.ApiKey, options.Timeout);
        _points = new QdrantPoints(context.Embedding, MessagePoolBuilder.MeanWordCount(context.Pool));
        return Task.CompletedTask;
    }

    public override async Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken)
    {
        var client = Initialized(_client);
        var limit = (ulong)topK;
        var window = (ulong)SearchShape.Window(topK);
        var payload = new WithPayloadSelector { Enable = _shape.Fetch == FetchMode.Payload };
        var hits = mode switch
        {
            SearchMode.Vector => await client.QueryAsync(options.Collection, query: vector.ToArray(), usingVector: QdrantSchema.DenseVector,
                searchParams: Width(topK), limit: limit, payloadSelector: payload, cancellationToken: cancellationToken).ConfigureAwait(false),
            SearchMode.Keyword => await client.QueryAsync(options.Collection, query: _points!.Bm25(text), usingVector: QdrantSchema.SparseVector,
                limit: limit, payloadSelector: payload, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => await client.QueryAsync(options.Collection, query: new Query { Rrf = new Rrf { K = SearchShape.RrfK } }, prefetch:
                [
                    new PrefetchQuery { Query = _points!.Bm25(text), Using = QdrantSchema.SparseVector, Limit = window },
                    new PrefetchQuery { Query = vector.ToArray(), Using = QdrantSchema.DenseVector, Limit = window, Params = Width((int)window) },
                ], limit: limit, payloadSelector: payload, cancellationToken: cancellationToken).ConfigureAwait(false),
        };
        // Point ids are entry ids (QdrantPoints), sent and answered as UUIDs.
        return [.. hits.Select(h => Guid.Parse(h.Id.Uuid))];
    }

    private SearchParams Width(int k) => new() { HnswEf = (ulong)_shape.EfFor(k) };

    /// <summary>
    /// Nothing to build: Qdrant indexes as it goes. A point is searchable once applied; the sparse
    /// index takes it at once and the optimizer builds HNSW graphs in the background as segments
    /// grow, so there is no index to leave out of a load and add afterwards as pgvector's.
    /// </summary>
    public override Task<bool> BuildIndexesAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>
    /// Until the collection is green (no optimization running; yellow: optimizing, grey: pending)
    /// with its optimizer ok, polled every 100 ms for at most max_wait_secs. Qdrant's own article
    /// on its optimizer measured searches during the catch-up after a bulk load two orders of
    /// magnitude slower than after it.
    /// </summary>
    public override async Task<string> SettleAsync(SettleConfig settle, CancellationToken cancellationToken)
    {
        var client = Initialized(_client);
        var began = TimeProvider.System.GetTimestamp();
        for (var polls = 1; ; polls++)
        {
            var info = await client.GetCollectionInfoAsync(options.Collection, cancellationToken).ConfigureAwait(false);
            if (info.Status == CollectionStatus.Green && info.OptimizerStatus is null or { Ok: true })
                return $"waited until green with the optimizer idle ({polls} {(polls == 1 ? "poll" : "polls")})";
            if (TimeProvider.System.GetElapsedTime(began) >= settle.MaxWait)
                return $"still {info.Status.ToString().ToLowerInvariant()} after {settle.MaxWaitSecs:0.#} s (optimizer: {(info.OptimizerStatus?.Ok == false ? info.OptimizerStatus.Error : "ok")}); the first phase may measure the optimizer's catch-up";
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The official client's health check: the version the server reports (what setup checks against the minimum).</summary>
    public override async Task<string?> ServerVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var health = await Initialized(_client).HealthAsync(cancellationToken).ConfigureAwait(false);
            return $"Qdrant {health.Version}";
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException($"health check: {e.Status.StatusCode}: {e.Status.Detail}", e);
        }
    }

    public override ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }
}

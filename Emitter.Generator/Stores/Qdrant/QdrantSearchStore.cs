using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
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
/// </summary>
public sealed class QdrantSearchStore(string name, QdrantSinkOptions options) : SearchStore(name)
{
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
        var hits = mode switch
        {
            SearchMode.Vector => await client.QueryAsync(options.Collection, query: vector.ToArray(), usingVector: QdrantSchema.DenseVector,
                limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false),
            SearchMode.Keyword => await client.QueryAsync(options.Collection, query: _points!.Bm25(text), usingVector: QdrantSchema.SparseVector,
                limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => await client.QueryAsync(options.Collection, query: Fusion.Rrf, prefetch:
                [
                    new PrefetchQuery { Query = _points!.Bm25(text), Using = QdrantSchema.SparseVector, Limit = limit * 2 },
                    new PrefetchQuery { Query = vector.ToArray(), Using = QdrantSchema.DenseVector, Limit = limit * 2 },
                ], limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false),
        };
        // Point ids are entry ids (QdrantPoints), sent and answered as UUIDs.
        return [.. hits.Select(h => Guid.Parse(h.Id.Uuid))];
    }

    /// <summary>
    /// Nothing to build: Qdrant indexes as it goes. A point is searchable once applied; the sparse
    /// index takes it at once and the optimizer builds HNSW graphs in the background as segments
    /// grow, so there is no index to leave out of a load and add afterwards as pgvector's.
    /// </summary>
    public override Task<bool> BuildIndexesAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    public override ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }
}

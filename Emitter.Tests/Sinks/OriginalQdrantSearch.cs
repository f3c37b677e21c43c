using Emitter.Generator.Stores.Qdrant;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Sinks;

/// <summary>
/// The original demo's Qdrant search (nleroy917/es-qdrant-log-demo, web/src/lib/qdrant.ts), the
/// same request through Qdrant.Client: collection <c>logs</c>; prefetch <c>dense</c> with the query
/// embedding and <c>bm25</c> with the query text as a <c>qdrant/bm25</c> Document, each limited to
/// twice the page and carrying the filter; RRF fusion; <c>limit</c>; payload. The filter is a
/// <c>must</c> of <c>match.any</c> on <c>level</c> and on <c>service</c>, each only when given.
/// </summary>
public static class OriginalQdrantSearch
{
    public static Task<IReadOnlyList<ScoredPoint>> SearchAsync(QdrantClient client, string query, float[] embedding,
        IReadOnlyList<string>? levels = null, IReadOnlyList<string>? services = null, int limit = 20, CancellationToken cancellationToken = default)
    {
        var must = new Filter();
        if (levels is { Count: > 0 }) must.Must.Add(Conditions.Match("level", levels));
        if (services is { Count: > 0 }) must.Must.Add(Conditions.Match("service", services));
        var filter = must.Must.Count > 0 ? must : null;

        var dense = new PrefetchQuery { Query = embedding, Using = QdrantSchema.DenseVector, Limit = (ulong)limit * 2 };
        var bm25 = new PrefetchQuery { Query = new Document { Text = query, Model = QdrantSchema.Bm25Model }, Using = QdrantSchema.SparseVector, Limit = (ulong)limit * 2 };
        if (filter is not null)
        {
            dense.Filter = filter;
            bm25.Filter = filter;
        }
        return client.QueryAsync("logs", query: Fusion.Rrf, prefetch: [dense, bm25], limit: (ulong)limit, payloadSelector: true, cancellationToken: cancellationToken);
    }
}

using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>
/// Points.Query on one collection, as Qdrant v1.19.0 answers the requests the hybrid search makes
/// (lib/shard/src/query/planned_query.rs, lib/collection/src/collection/query.rs):
/// <list type="bullet">
/// <item>prefetches run first, each with the query's filter merged into its own, each limited to its
/// <c>limit</c> (default 10); the query then works on their results;</item>
/// <item><c>nearest</c> on a dense vector scores by cosine; on the sparse <c>bm25</c> vector a
/// <c>Document{model: qdrant/bm25}</c> query is embedded (<see cref="FakeQdrantBm25"/>) and scores
/// Σ idf(t)·w(t) over its tokens, with idf(t) = ln((N − df + 0.5)/(df + 0.5) + 1) over the whole
/// collection when the vector has the IDF modifier (lib/segment/src/data_types/query_context.rs);
/// only points sharing a token are found, as from an inverted index;</item>
/// <item>RRF fuses prefetch results by rank: Σ 1/((rank + 1)/weight + k − 1), rank from 0, k = 2
/// unless given (lib/segment/src/common/reciprocal_rank_fusion.rs, DEFAULT_RRF_K);</item>
/// <item>then score_threshold, offset and limit (default 10); payload only when asked for.</item>
/// </list>
/// Equal scores are ordered by point id here (the server leaves their order open). Anything else
/// (recommend, DBSF, formulas, raw sparse vectors, order_by) is refused as Unimplemented.
/// </summary>
internal sealed class FakeQdrantSearch(FakeQdrantCollection collection)
{
    public const int DefaultRrfK = 2;
    private const ulong DefaultLimit = 10;

    private readonly record struct Hit(PointStruct Point, double Score);

    public QueryResponse Answer(QueryPoints request)
    {
        var hits = Run(request.Prefetch, request.Query, request.HasUsing ? request.Using : null, request.Filter,
            request.HasScoreThreshold ? request.ScoreThreshold : null, request.HasLimit ? request.Limit : DefaultLimit, request.HasOffset ? request.Offset : 0);
        var response = new QueryResponse();
        foreach (var hit in hits)
        {
            var scored = new ScoredPoint { Id = hit.Point.Id, Score = (float)hit.Score };
            foreach (var (key, value) in hit.Point.Payload.Where(p => Wanted(request.WithPayload, p.Key))) scored.Payload[key] = value;
            response.Result.Add(scored);
        }
        return response;
    }

    private List<Hit> Run(IList<PrefetchQuery> prefetch, Query? query, string? vector, Filter? filter, float? threshold, ulong limit, ulong offset)
    {
        IEnumerable<Hit> scored;
        if (prefetch.Count > 0)
        {
            var sources = prefetch.Select(p => Run(p.Prefetch, p.Query, p.HasUsing ? p.Using : null, FakeQdrantFilter.Merge(filter, p.Filter),
                p.HasScoreThreshold ? p.ScoreThreshold : null, p.HasLimit ? p.Limit : DefaultLimit, 0)).ToList();
            scored = query?.VariantCase switch
            {
                Query.VariantOneofCase.Fusion when query.Fusion == Fusion.Rrf => Rrf(sources, DefaultRrfK, []),
                Query.VariantOneofCase.Rrf => Rrf(sources, query.Rrf.HasK ? (int)query.Rrf.K : DefaultRrfK, query.Rrf.Weights),
                Query.VariantOneofCase.Nearest => Nearest(query.Nearest, vector, sources.SelectMany(s => s).Select(h => h.Point).DistinctBy(p => p.Id)),
                _ => throw Unsupported($"a {query?.VariantCase.ToString() ?? "missing"} query over prefetches"),
            };
        }
        else
        {
            var candidates = collection.Points.Values.Where(p => FakeQdrantFilter.Matches(filter, p));
            scored = query?.VariantCase switch
            {
                null or Query.VariantOneofCase.None => candidates.Select(p => new Hit(p, 0)),
                Query.VariantOneofCase.Nearest => Nearest(query.Nearest, vector, candidates),
                _ => throw Unsupported($"a {query.VariantCase} query"),
            };
        }
        return [.. scored
            .Where(h => threshold is not { } t || h.Score >= t)
            .OrderByDescending(h => h.Score).ThenBy(h => FakeQdrantCollection.Key(h.Point.Id), StringComparer.Ordinal)
            .Skip((int)offset).Take((int)limit)];
    }

    private static IEnumerable<Hit> Rrf(List<List<Hit>> sources, int k, IList<float> weights)
    {
        if (weights.Count > 0 && weights.Count != sources.Count)
            throw FakeQdrantCollection.Error(StatusCode.InvalidArgument,
                $"Wrong input: Number of weights in RRF should match number of pre-fetches: got {weights.Count}, expected {sources.Count}");
        var fused = new Dictionary<PointId, Hit>();
        for (var s = 0; s < sources.Count; s++)
        {
            var weight = weights.Count > 0 ? weights[s] : 1.0;
            for (var rank = 0; rank < sources[s].Count; rank++)
            {
                var point = sources[s][rank].Point;
                var score = weight <= 0 ? 0 : 1.0 / ((rank + 1) / weight + k - 1);
                fused[point.Id] = new Hit(point, (fused.TryGetValue(point.Id, out var seen) ? seen.Score : 0) + score);
            }
        }
        return fused.Values;
    }

    private IEnumerable<Hit> Nearest(VectorInput input, string? vector, IEnumerable<PointStruct> candidates)
    {
        var name = vector ?? "";
        if (collection.Created.VectorsConfig.ParamsMap?.Map.TryGetValue(name, out var dense) == true)
        {
            var query = input.VariantCase == VectorInput.VariantOneofCase.Dense ? input.Dense.Data : throw Unsupported($"a {input.VariantCase} query on dense vector '{name}'");
            if ((ulong)query.Count != dense.Size)
                throw FakeQdrantCollection.Error(StatusCode.InvalidArgument, $"Wrong input: Vector dimension error: expected dim: {dense.Size}, got {query.Count}");
            return candidates
                .Where(p => p.Vectors.Vectors_.Vectors.ContainsKey(name))
                .Select(p => new Hit(p, Cosine(query, p.Vectors.Vectors_.Vectors[name].Dense.Data)));
        }
        if (collection.Created.SparseVectorsConfig?.Map.TryGetValue(name, out var sparse) == true)
        {
            if (input.VariantCase != VectorInput.VariantOneofCase.Document) throw Unsupported($"a {input.VariantCase} query on sparse vector '{name}'");
            if (!string.Equals(input.Document.Model, "qdrant/bm25", StringComparison.OrdinalIgnoreCase) && !string.Equals(input.Document.Model, "bm25", StringComparison.OrdinalIgnoreCase))
                throw FakeQdrantCollection.Error(StatusCode.InvalidArgument, $"Wrong input: Model {input.Document.Model} is not supported");
            return Bm25(FakeQdrantBm25.QueryTokens(input.Document.Text), name, sparse.Modifier == Modifier.Idf, candidates);
        }
        throw FakeQdrantCollection.Error(StatusCode.InvalidArgument, $"Wrong input: Not existing vector name error: {name}");
    }

    private IEnumerable<Hit> Bm25(HashSet<string> query, string vector, bool idf, IEnumerable<PointStruct> candidates)
    {
        var documents = collection.Sparse(vector).ToList();
        var idfs = query.ToDictionary(t => t, t =>
        {
            if (!idf) return 1.0;
            double n = documents.Count, df = documents.Count(d => d.Weights.ContainsKey(t));
            return Math.Log((n - df + 0.5) / (df + 0.5) + 1);
        });
        var allowed = candidates.Select(p => p.Id).ToHashSet();
        return documents
            .Where(d => allowed.Contains(d.Point.Id) && query.Any(d.Weights.ContainsKey))
            .Select(d => new Hit(d.Point, query.Sum(t => d.Weights.TryGetValue(t, out var w) ? idfs[t] * w : 0)));
    }

    private static double Cosine(IList<float> a, IList<float> b)
    {
        if (a.Count != b.Count) return 0;
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    private static bool Wanted(WithPayloadSelector? selector, string key) => selector?.SelectorOptionsCase switch
    {
        WithPayloadSelector.SelectorOptionsOneofCase.Enable => selector.Enable,
        WithPayloadSelector.SelectorOptionsOneofCase.Include => selector.Include.Fields.Contains(key),
        WithPayloadSelector.SelectorOptionsOneofCase.Exclude => !selector.Exclude.Fields.Contains(key),
        _ => false,
    };

    private static RpcException Unsupported(string what) =>
        FakeQdrantCollection.Error(StatusCode.Unimplemented, $"the fake Qdrant does not answer {what}");
}

using System.Collections.Concurrent;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>
/// One collection of the fake Qdrant: the create request as the server kept it, payload indexes, and the
/// points by id, plus how often each id was written (a repeat overwrites, as on the server).
/// Upserts are checked like the server checks them: vector names, dimensions, the BM25 Document model;
/// a BM25 Document is turned into its sparse weights on upsert, as the server's inference does.
/// </summary>
public sealed class FakeQdrantCollection
{
    private readonly ConcurrentDictionary<string, PointStruct> _points = new();
    private readonly ConcurrentDictionary<string, int> _writes = new();
    private readonly ConcurrentDictionary<(string Id, string Vector), Dictionary<string, double>> _sparse = new();

    /// <param name="storesMetadata">
    /// False plays a server before 1.16.0: the create's <c>metadata</c> (field 18 of CreateCollection,
    /// added in v1.16.0's lib/api/src/grpc/proto/collections.proto) is an unknown field there, dropped.
    /// </param>
    public FakeQdrantCollection(CreateCollection created, bool storesMetadata = true)
    {
        Created = created;
        if (!storesMetadata) Created.Metadata.Clear();
    }

    public CreateCollection Created { get; }
    public ConcurrentDictionary<string, PayloadSchemaType> PayloadIndexes { get; } = new();
    public IReadOnlyDictionary<string, PointStruct> Points => _points;

    /// <summary>Times each id arrived in an upsert; above 1 only when a write was repeated.</summary>
    public IReadOnlyDictionary<string, int> Writes => _writes;

    public string? Check(PointStruct point)
    {
        if (point.Id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Uuid && !Guid.TryParse(point.Id.Uuid, out _))
            return $"Unable to parse UUID: {point.Id.Uuid}";
        if (point.Vectors?.VectorsOptionsCase != Vectors.VectorsOptionsOneofCase.Vectors_)
            return "Wrong input: this collection has named vectors only";
        foreach (var (name, vector) in point.Vectors.Vectors_.Vectors)
        {
            if (Created.VectorsConfig.ParamsMap.Map.TryGetValue(name, out var dense))
            {
                var length = vector.Dense?.Data.Count ?? 0; // Qdrant.Client sends dense vectors as Dense, not the deprecated Data
                if ((ulong)length != dense.Size) return $"Wrong input: Vector dimension error: expected dim: {dense.Size}, got {length}";
            }
            else if (Created.SparseVectorsConfig?.Map.ContainsKey(name) == true)
            {
                if (vector.VectorCase == Vector.VectorOneofCase.Document && !string.Equals(vector.Document.Model, "qdrant/bm25", StringComparison.OrdinalIgnoreCase))
                    return $"Wrong input: Model {vector.Document.Model} is not supported";
            }
            else
            {
                return $"Wrong input: Not existing vector name error: {name}";
            }
        }
        return null;
    }

    private Task _applying = Task.CompletedTask;
    private readonly Lock _applyGate = new();

    /// <summary>An upsert sent without <c>wait</c>: applied by the update worker <paramref name="delay"/> after it arrived, and after every earlier one.</summary>
    public void ApplyLater(Action apply, TimeSpan delay, TimeProvider time)
    {
        var arrived = time.GetTimestamp();
        lock (_applyGate)
        {
            _applying = _applying.ContinueWith(async _ =>
            {
                var left = delay - time.GetElapsedTime(arrived);
                if (left > TimeSpan.Zero) await Task.Delay(left, time);
                apply();
            }, TaskScheduler.Default).Unwrap();
        }
    }

    public void Store(PointStruct point)
    {
        var id = Key(point.Id);
        _points[id] = point;
        _writes.AddOrUpdate(id, 1, (_, n) => n + 1);
        foreach (var name in Created.SparseVectorsConfig?.Map.Keys ?? []) _sparse.TryRemove((id, name), out _); // an upsert replaces the whole point
        foreach (var (name, vector) in point.Vectors.Vectors_.Vectors.Where(v => v.Value.VectorCase == Vector.VectorOneofCase.Document))
            _sparse[(id, name)] = FakeQdrantBm25.DocumentWeights(vector.Document);
    }

    /// <summary>The BM25 weights the server computed for each point's Document in sparse vector <paramref name="vector"/>.</summary>
    internal IEnumerable<(PointStruct Point, Dictionary<string, double> Weights)> Sparse(string vector) =>
        _sparse.Where(s => s.Key.Vector == vector && _points.ContainsKey(s.Key.Id)).Select(s => (_points[s.Key.Id], s.Value));

    internal static string Key(PointId id) => id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Uuid ? id.Uuid : id.Num.ToString();

    public CollectionInfo Info()
    {
        var info = new CollectionInfo
        {
            Status = CollectionStatus.Green,
            OptimizerStatus = new OptimizerStatus { Ok = true },
            PointsCount = (ulong)_points.Count,
            SegmentsCount = 1,
            Config = new CollectionConfig
            {
                Params = new CollectionParams { VectorsConfig = Created.VectorsConfig, SparseVectorsConfig = Created.SparseVectorsConfig, ShardNumber = 1 },
                HnswConfig = new HnswConfigDiff(),
                OptimizerConfig = new OptimizersConfigDiff(),
                WalConfig = new WalConfigDiff(),
            },
        };
        info.Config.Metadata.Add(Created.Metadata); // echoed as given (lib/collection/src/config.rs CollectionConfigInternal.metadata)
        foreach (var (field, type) in PayloadIndexes) info.PayloadSchema[field] = new PayloadSchemaInfo { DataType = type, Points = (ulong)_points.Count };
        return info;
    }

    public static RpcException Error(StatusCode code, string detail) => new(new Status(code, detail));
}

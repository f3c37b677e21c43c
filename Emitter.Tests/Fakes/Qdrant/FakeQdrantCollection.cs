using System.Collections.Concurrent;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>
/// One collection of the fake Qdrant: the create request as received, payload indexes, and the
/// points by id, plus how often each id was written (a repeat overwrites, as on the server).
/// Upserts are checked like the server checks them: vector names, dimensions, the BM25 Document model.
/// </summary>
public sealed class FakeQdrantCollection(CreateCollection created)
{
    private readonly ConcurrentDictionary<string, PointStruct> _points = new();
    private readonly ConcurrentDictionary<string, int> _writes = new();

    public CreateCollection Created { get; } = created;
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

    public void Store(PointStruct point)
    {
        var id = point.Id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Uuid ? point.Id.Uuid : point.Id.Num.ToString();
        _points[id] = point;
        _writes.AddOrUpdate(id, 1, (_, n) => n + 1);
    }

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
        info.Config.Metadata.Add(Created.Metadata);
        foreach (var (field, type) in PayloadIndexes) info.PayloadSchema[field] = new PayloadSchemaInfo { DataType = type, Points = (ulong)_points.Count };
        return info;
    }

    public static RpcException Error(StatusCode code, string detail) => new(new Status(code, detail));
}

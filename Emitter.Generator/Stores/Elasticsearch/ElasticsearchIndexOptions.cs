using Elastic.Clients.Elasticsearch.Mapping;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>
/// The dense_vector <c>index_options</c> types and what Elasticsearch refuses of them, so a run
/// is stopped at setup instead of failing index creation. The rules are the server's
/// (server/src/main/java/org/elasticsearch/index/mapper/vectors/DenseVectorFieldMapper.java at
/// v9.1.5: <c>MAX_DIMS_COUNT</c>, <c>BBQ_MIN_DIMS</c>, each <c>VectorIndexType.supportsDimension</c>).
/// </summary>
public static class ElasticsearchIndexOptions
{
    /// <summary>Most dimensions a float dense_vector takes (<c>MAX_DIMS_COUNT</c>).</summary>
    public const int MaxDimensions = 4096;

    /// <summary>Fewest dimensions the bbq_* types take (<c>BBQ_MIN_DIMS</c>).</summary>
    public const int BbqMinDimensions = 64;

    /// <summary>bbq_disk (<c>VectorIndexType.BBQ_DISK</c>) first shipped in 9.2.0; 9.1 answers "Unknown vector index options type".</summary>
    public static readonly Version BbqDiskMinimum = new(9, 2, 0);

    public static IReadOnlyDictionary<string, DenseVectorIndexOptionsType> Types { get; } =
        new Dictionary<string, DenseVectorIndexOptionsType>(StringComparer.OrdinalIgnoreCase)
        {
            ["hnsw"] = DenseVectorIndexOptionsType.Hnsw,
            ["int8_hnsw"] = DenseVectorIndexOptionsType.Int8Hnsw,
            ["int4_hnsw"] = DenseVectorIndexOptionsType.Int4Hnsw,
            ["bbq_hnsw"] = DenseVectorIndexOptionsType.BbqHnsw,
            ["flat"] = DenseVectorIndexOptionsType.Flat,
            ["int8_flat"] = DenseVectorIndexOptionsType.Int8Flat,
            ["int4_flat"] = DenseVectorIndexOptionsType.Int4Flat,
            ["bbq_flat"] = DenseVectorIndexOptionsType.BbqFlat,
            ["bbq_disk"] = DenseVectorIndexOptionsType.BbqDisk,
        };

    public static string Name(DenseVectorIndexOptionsType type) => Types.First(t => t.Value == type).Key;

    /// <summary>Why Elasticsearch would refuse <paramref name="type"/> at <paramref name="dimensions"/>, or null.</summary>
    public static string? Problem(DenseVectorIndexOptionsType type, int dimensions)
    {
        var name = Name(type);
        if (dimensions > MaxDimensions)
            return $"Elasticsearch takes at most {MaxDimensions} dimensions in a dense_vector field; this run's embeddings have {dimensions}";
        if (type is DenseVectorIndexOptionsType.BbqHnsw or DenseVectorIndexOptionsType.BbqFlat && dimensions < BbqMinDimensions)
            return $"{name} needs at least {BbqMinDimensions} dimensions (Elasticsearch refuses binary quantization below that); this run's embeddings have {dimensions}: use int8_hnsw or hnsw";
        if (type is DenseVectorIndexOptionsType.Int4Hnsw or DenseVectorIndexOptionsType.Int4Flat && dimensions % 2 != 0)
            return $"{name} needs an even number of dimensions (Elasticsearch packs two 4-bit values a byte); this run's embeddings have {dimensions}: use int8_hnsw or hnsw";
        return null;
    }

    /// <summary>The oldest server that knows <paramref name="type"/>, when older 9.x servers do not.</summary>
    public static Version? MinimumServer(DenseVectorIndexOptionsType type) =>
        type == DenseVectorIndexOptionsType.BbqDisk ? BbqDiskMinimum : null;
}

using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Qdrant.Client.Grpc;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>
/// The collection layout the original used, so its hybrid queries (prefetch <c>bm25</c> and
/// <c>dense</c>, fused by RRF) run unchanged: a named cosine vector and a named sparse vector
/// whose IDF the server applies, plus payload indexes for filtering by service, level and time.
/// The index_mode leaves one out: keyword mode has no <c>dense</c>, vector mode no <c>bm25</c>.
/// </summary>
public static class QdrantSchema
{
    public const string DenseVector = "dense";
    public const string SparseVector = "bm25";

    /// <summary>Server-side BM25 from a Document's text (see <see cref="QdrantServerVersion"/>).</summary>
    public const string Bm25Model = "qdrant/bm25";

    public static readonly (string Field, PayloadSchemaType Type)[] PayloadIndexes =
    [
        ("service", PayloadSchemaType.Keyword),
        ("level", PayloadSchemaType.Keyword),
        ("timestamp", PayloadSchemaType.Datetime),
        (TraceFields.TraceId, PayloadSchemaType.Keyword), // a trace's entries by id; added to collections made before it too
    ];

    public static CreateCollection Collection(string name, EmbeddingInfo embedding, IndexMode mode = IndexMode.Hybrid)
    {
        var create = new CreateCollection { CollectionName = name };
        if (mode.HasVectors())
        {
            create.VectorsConfig = new VectorsConfig { ParamsMap = new VectorParamsMap() };
            create.VectorsConfig.ParamsMap.Map[DenseVector] = new VectorParams { Size = (ulong)embedding.Dimensions, Distance = Distance.Cosine };
            // Kept with the data so a later run with another model is refused (servers before 1.16 drop it; the sink refuses them).
            create.Metadata["embedding_provider"] = embedding.Provider;
            create.Metadata["embedding_model"] = embedding.Model;
            create.Metadata["embedding_dimensions"] = embedding.Dimensions;
        }
        if (mode.HasText())
        {
            create.SparseVectorsConfig = new SparseVectorConfig();
            create.SparseVectorsConfig.Map[SparseVector] = new SparseVectorParams { Modifier = Modifier.Idf };
        }
        create.Metadata["index_mode"] = mode.Name();
        return create;
    }

    /// <summary>The index_mode a collection was built for, read from its vectors; null when it has neither of Emitter's.</summary>
    public static IndexMode? BuiltFor(CollectionInfo info)
    {
        var config = info.Config?.Params;
        var dense = config?.VectorsConfig?.ParamsMap?.Map.ContainsKey(DenseVector) == true;
        var sparse = config?.SparseVectorsConfig?.Map.TryGetValue(SparseVector, out var bm25) == true && bm25.Modifier == Modifier.Idf;
        return (dense, sparse) switch
        {
            (true, true) => IndexMode.Hybrid,
            (true, false) => IndexMode.Vector,
            (false, true) => IndexMode.Keyword,
            _ => null,
        };
    }

    /// <summary>Why an existing collection cannot take this run's points, or null when it can.</summary>
    public static string? Mismatch(string name, CollectionInfo info, EmbeddingInfo embedding, IndexMode mode = IndexMode.Hybrid)
    {
        if (BuiltFor(info) is not { } built)
            return $"Qdrant collection '{name}' exists without a named vector '{DenseVector}' or a sparse vector '{SparseVector}' with the IDF modifier: "
                + "it was not made by Emitter; choose another collection_name or delete the collection";
        if (built != mode)
            return $"Qdrant collection '{name}' was built for index_mode {built.Name()}, but this sink has index_mode {mode.Name()}: "
                + "choose another collection_name, delete the collection, or set the collection's mode";
        if (!mode.HasVectors()) return null;
        var dense = info.Config.Params.VectorsConfig.ParamsMap.Map[DenseVector];
        if (dense.Size != (ulong)embedding.Dimensions)
            return $"Qdrant collection '{name}' holds {dense.Size}-dimension vectors, but this run's embeddings "
                + $"({embedding.Model}) have {embedding.Dimensions}: choose another collection_name, delete the collection, "
                + "or embed with the model it was made with";
        if (info.Config.Metadata.TryGetValue("embedding_model", out var model) && model.HasStringValue && model.StringValue != embedding.Model)
            return $"Qdrant collection '{name}' holds vectors of model '{model.StringValue}', but this run embeds with "
                + $"'{embedding.Model}': vectors of different models must not mix; choose another collection_name or delete the collection";
        return null;
    }
}

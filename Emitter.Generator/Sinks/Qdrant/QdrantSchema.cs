using Emitter.Generator.Embedding;
using Qdrant.Client.Grpc;

namespace Emitter.Generator.Sinks.Qdrant;

/// <summary>
/// The collection layout the original used, so its hybrid queries (prefetch <c>bm25</c> and
/// <c>dense</c>, fused by RRF) run unchanged: a named cosine vector and a named sparse vector
/// whose IDF the server applies, plus payload indexes for filtering by service, level and time.
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

    public static CreateCollection Collection(string name, EmbeddingInfo embedding)
    {
        var create = new CreateCollection
        {
            CollectionName = name,
            VectorsConfig = new VectorsConfig { ParamsMap = new VectorParamsMap() },
            SparseVectorsConfig = new SparseVectorConfig(),
        };
        create.VectorsConfig.ParamsMap.Map[DenseVector] = new VectorParams { Size = (ulong)embedding.Dimensions, Distance = Distance.Cosine };
        create.SparseVectorsConfig.Map[SparseVector] = new SparseVectorParams { Modifier = Modifier.Idf };
        // Kept with the data so a later run with another model is refused (servers before 1.16 drop it; the sink refuses them).
        create.Metadata["embedding_provider"] = embedding.Provider;
        create.Metadata["embedding_model"] = embedding.Model;
        create.Metadata["embedding_dimensions"] = embedding.Dimensions;
        return create;
    }

    /// <summary>Why an existing collection cannot take this run's points, or null when it can.</summary>
    public static string? Mismatch(string name, CollectionInfo info, EmbeddingInfo embedding)
    {
        var config = info.Config?.Params;
        VectorParams? dense = null;
        if (config?.VectorsConfig?.ParamsMap?.Map.TryGetValue(DenseVector, out var named) == true) dense = named;
        if (dense is null)
            return $"Qdrant collection '{name}' exists without a named vector '{DenseVector}': it was not made by Emitter; "
                + "choose another collection_name or delete the collection";
        if (dense.Size != (ulong)embedding.Dimensions)
            return $"Qdrant collection '{name}' holds {dense.Size}-dimension vectors, but this run's embeddings "
                + $"({embedding.Model}) have {embedding.Dimensions}: choose another collection_name, delete the collection, "
                + "or embed with the model it was made with";
        if (config!.SparseVectorsConfig?.Map.TryGetValue(SparseVector, out var sparse) != true || sparse.Modifier != Modifier.Idf)
            return $"Qdrant collection '{name}' has no sparse vector '{SparseVector}' with the IDF modifier: "
                + "choose another collection_name or delete the collection";
        if (info.Config!.Metadata.TryGetValue("embedding_model", out var model) && model.HasStringValue && model.StringValue != embedding.Model)
            return $"Qdrant collection '{name}' holds vectors of model '{model.StringValue}', but this run embeds with "
                + $"'{embedding.Model}': vectors of different models must not mix; choose another collection_name or delete the collection";
        return null;
    }
}

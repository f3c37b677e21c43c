using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Grpc.Core;
using Qdrant.Client;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>
/// Refuses a server older than <see cref="QdrantServerVersion.Minimum"/>, creates the collection and its
/// payload indexes on first use, and refuses one made for other vectors.
/// </summary>
internal sealed class QdrantCollectionSetup(QdrantClient client, string collection, EmbeddingInfo embedding, IndexMode mode = IndexMode.Hybrid)
{
    public bool Created { get; private set; }

    /// <summary>What the server's HealthCheck reported (it needs no API key).</summary>
    public string? ServerVersion { get; private set; }

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        ServerVersion = (await client.HealthAsync(cancellationToken).ConfigureAwait(false)).Version;
        if (QdrantServerVersion.Refusal(ServerVersion) is { } refusal) throw new SinkSetupException(refusal);

        if (!await client.CollectionExistsAsync(collection, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await client.CreateCollectionAsync(QdrantSchema.Collection(collection, embedding, mode), cancellationToken).ConfigureAwait(false);
                Created = true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                // Another writer made it between our check and create (two generators starting
                // together): check it like any existing one.
            }
        }

        var info = await client.GetCollectionInfoAsync(collection, cancellationToken).ConfigureAwait(false);
        if (QdrantSchema.Mismatch(collection, info, embedding, mode) is { } problem) throw new ConfigException(problem);

        foreach (var (field, type) in QdrantSchema.PayloadIndexes)
        {
            if (info.PayloadSchema.TryGetValue(field, out var existing) && existing.DataType == type) continue;
            await client.CreatePayloadIndexAsync(collection, field, type, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}

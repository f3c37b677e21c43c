using Emitter.AppHost;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Stores.Qdrant;
using Emitter.Tests.Fakes;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Containers;

/// <summary>The Qdrant sink against a real Qdrant in a container (skipped where no container runtime answers).</summary>
public class QdrantContainerTests
{
    /// <summary>Starts the pinned Qdrant and writes <paramref name="entries"/> through the sink; every one must arrive.</summary>
    private static async Task<(ServerContainer Container, QdrantClient Client)> StartWithAsync(MessagePool pool, LogEntry[] entries)
    {
        var runtime = ContainerRuntime.Require();
        var container = await ServerContainer.StartAsync(runtime, ServerImages.Qdrant, 6334);
        var client = new QdrantClient(container.Url);
        await container.WaitUntilAsync(async () => (await client.HealthAsync(TestContext.Current.CancellationToken)).Version.Length > 0, TimeSpan.FromMinutes(2));

        var sink = new QdrantSink("qdrant", new QdrantSinkOptions { Endpoint = container.Url }, TimeProvider.System, NullLoggerFactory.Instance);
        await using (sink)
        {
            var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries);
            Assert.Equal(((long)entries.Length, 0L), (stats.Delivered, stats.Failed));
        }
        return (container, client);
    }

    [Fact]
    public async Task Entries_arrive_once_and_a_hybrid_bm25_and_dense_query_finds_a_known_message()
    {
        var pool = TestPools.Small(dimensions: 32); // a distinct vector per message
        var (container, client) = await StartWithAsync(pool, SinkDrive.Entries(pool, 2_000));
        await using var _ = container;
        using var __ = client;
        Assert.Equal(2_000ul, await client.CountAsync("logs", exact: true, cancellationToken: TestContext.Current.CancellationToken));

        // The original's hybrid query: prefetch BM25 (the server embeds the text) and dense, fused by RRF.
        var known = pool.Messages[8];
        var hits = await client.QueryAsync("logs",
            query: Fusion.Rrf,
            prefetch:
            [
                new PrefetchQuery { Query = new Document { Text = known.Text, Model = QdrantSchema.Bm25Model }, Using = QdrantSchema.SparseVector, Limit = 20 },
                new PrefetchQuery { Query = known.Vector.ToArray(), Using = QdrantSchema.DenseVector, Limit = 20 },
            ],
            limit: 3, payloadSelector: true, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(known.Text, hits[0].Payload["message"].StringValue);
    }

    [Fact]
    public async Task The_original_demos_search_runs_unchanged_against_the_sinks_collection()
    {
        var pool = TestPools.Small(dimensions: 32);
        var (container, client) = await StartWithAsync(pool, [.. SinkDrive.Entries(pool, 500, "api"), .. SinkDrive.Entries(pool, 500, "worker")]);
        await using var _ = container;
        using var __ = client;

        var known = pool.Messages[8];
        var hits = await OriginalQdrantSearch.SearchAsync(client, known.Text, known.Vector.ToArray(), levels: [known.Level.Name()], services: ["worker"],
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(known.Text, hits[0].Payload["message"].StringValue);
        Assert.All(hits, h => Assert.Equal((known.Level.Name(), "worker"), (h.Payload["level"].StringValue, h.Payload["service"].StringValue)));
    }
}

using Emitter.AppHost;
using Emitter.Generator.Sinks.Qdrant;
using Emitter.Tests.Fakes;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Containers;

/// <summary>The Qdrant sink against a real Qdrant in a container (skipped where no container runtime answers).</summary>
public class QdrantContainerTests
{
    [Fact]
    public async Task Entries_arrive_once_and_a_hybrid_bm25_and_dense_query_finds_a_known_message()
    {
        var runtime = ContainerRuntime.Require();
        await using var container = await ServerContainer.StartAsync(runtime, ServerImages.Qdrant, 6334);
        using var client = new QdrantClient(container.Url);
        await container.WaitUntilAsync(async () => (await client.HealthAsync(TestContext.Current.CancellationToken)).Version.Length > 0, TimeSpan.FromMinutes(2));

        var pool = TestPools.Small(dimensions: 32); // a distinct vector per message
        var entries = SinkDrive.Entries(pool, 2_000);
        var sink = new QdrantSink("qdrant", new QdrantSinkOptions { Endpoint = container.Url }, TimeProvider.System, NullLoggerFactory.Instance);
        await using (sink)
        {
            var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries);
            Assert.Equal((2_000L, 0L), (stats.Delivered, stats.Failed));
        }
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
}

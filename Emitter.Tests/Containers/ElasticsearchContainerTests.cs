using System.Text.Json.Serialization;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Emitter.AppHost;
using Emitter.Generator.Sinks.Elasticsearch;
using Emitter.Tests.Fakes;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Containers;

/// <summary>The Elasticsearch sink against a real Elasticsearch 9 in a container (skipped where no container runtime answers).</summary>
public class ElasticsearchContainerTests
{
    private sealed record StoredEntry([property: JsonPropertyName("message")] string Message);

    [Fact]
    public async Task Entries_arrive_once_and_a_hybrid_match_and_knn_query_finds_a_known_message()
    {
        var runtime = ContainerRuntime.Require();
        await using var container = await ServerContainer.StartAsync(runtime, ServerImages.Elasticsearch, 9200,
            "discovery.type=single-node", "xpack.security.enabled=false", "xpack.license.self_generated.type=trial", "ES_JAVA_OPTS=-Xms512m -Xmx512m");
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(container.Url));
        await container.WaitUntilAsync(async () => (await client.PingAsync(TestContext.Current.CancellationToken)).IsValidResponse, TimeSpan.FromMinutes(3));

        var pool = TestPools.Small(dimensions: 32); // a distinct vector per message
        var entries = SinkDrive.Entries(pool, 2_000);
        var sink = new ElasticsearchSink("elasticsearch", new ElasticsearchSinkOptions { Url = container.Url }, TimeProvider.System, NullLoggerFactory.Instance);
        await using (sink)
        {
            var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries);
            Assert.Equal((2_000L, 0L), (stats.Delivered, stats.Failed));
        }
        await client.Indices.RefreshAsync(new RefreshRequest("logs"), TestContext.Current.CancellationToken);
        Assert.Equal(2_000, (await client.CountAsync(new CountRequest("logs"), TestContext.Current.CancellationToken)).Count);

        // The original's hybrid query: BM25 match on message and knn on dense, fused by RRF.
        var known = pool.Messages[8];
        var response = await client.SearchAsync<StoredEntry>(new SearchRequest("logs")
        {
            Size = 3,
            Retriever = new Retriever
            {
                Rrf = new RRFRetriever
                {
                    Retrievers =
                    [
                        new Retriever { Standard = new StandardRetriever { Query = new MatchQuery(ElasticsearchSchema.MessageField, known.Text) } },
                        new Retriever { Knn = new KnnRetriever { Field = ElasticsearchSchema.DenseField, K = 20, NumCandidates = 100, QueryVector = known.Vector.ToArray() } },
                    ],
                },
            },
        }, TestContext.Current.CancellationToken);
        Assert.True(response.IsValidResponse, response.DebugInformation);
        Assert.Equal(known.Text, response.Documents.First().Message);
    }
}

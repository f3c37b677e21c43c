using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Aspire.Hosting.Elasticsearch;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Clients.Elasticsearch.Security;
using Elastic.Transport;
using Emitter.AppHost;
using Emitter.Generator.Model;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Tests.Fakes;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Containers;

/// <summary>
/// The Elasticsearch sink against a real Elasticsearch in a container started exactly as the app
/// host starts it (<see cref="ElasticsearchContainerSettings"/>: security on, trial licence), over
/// basic authentication and an API key, then the original's clients' queries against what it wrote.
/// Skipped where no container runtime answers.
/// </summary>
public class ElasticsearchContainerTests(ElasticsearchContainerTests.Server server) : IClassFixture<ElasticsearchContainerTests.Server>
{
    private const string Password = "password";

    private sealed record StoredEntry([property: JsonPropertyName("message")] string Message);

    /// <summary>One container for the class, started by the first test that has a runtime.</summary>
    public sealed class Server : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private ServerContainer? _container;

        public async Task<ServerContainer> StartAsync(ContainerRuntime runtime)
        {
            await _gate.WaitAsync();
            try
            {
                if (_container is not null) return _container;
                string[] settings = [.. ElasticsearchContainerSettings.Environment.Select(e => $"{e.Key}={e.Value}"), $"ELASTIC_PASSWORD={Password}"];
                var container = await ServerContainer.StartAsync(runtime, ServerImages.Elasticsearch, 9200, settings);
                var client = Basic(container.Url);
                await container.WaitUntilAsync(async () => (await client.PingAsync()).IsValidResponse, TimeSpan.FromMinutes(3));
                return _container = container;
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_container is not null) await _container.DisposeAsync();
        }
    }

    private static ElasticsearchClient Basic(Uri url) =>
        new(new ElasticsearchClientSettings(url).Authentication(new BasicAuthentication(ElasticsearchContainerSettings.User, Password)));

    private static async Task<(ElasticsearchClient Client, Uri Url)> StartAsync(Server server)
    {
        var container = await server.StartAsync(ContainerRuntime.Require());
        return (Basic(container.Url), container.Url);
    }

    private static async Task FillAsync(ElasticsearchSinkOptions options, ElasticsearchClient client, Emitter.Generator.Model.MessagePool pool)
    {
        var sink = new ElasticsearchSink("elasticsearch", options, TimeProvider.System, NullLoggerFactory.Instance);
        await using (sink)
        {
            var (stats, _) = await SinkDrive.RunAsync(sink, pool, SinkDrive.Entries(pool, 2_000));
            Assert.Equal((2_000L, 0L), (stats.Delivered, stats.Failed));
        }
        await client.Indices.RefreshAsync(new RefreshRequest(options.Index), TestContext.Current.CancellationToken);
        Assert.Equal(2_000, (await client.CountAsync(new CountRequest(options.Index), TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task With_basic_auth_entries_arrive_once_and_a_hybrid_rrf_retriever_finds_a_known_message()
    {
        var (client, url) = await StartAsync(server);
        var pool = TestPools.Small(dimensions: 32); // a distinct vector per message
        await FillAsync(new ElasticsearchSinkOptions { Url = url, User = ElasticsearchContainerSettings.User, Password = Password, Index = "logs-basic" }, client, pool);

        // The original's hybrid query: BM25 match on message and knn on dense, fused by RRF (needs the trial licence).
        var known = pool.Messages[8];
        var response = await client.SearchAsync<StoredEntry>(new SearchRequest("logs-basic")
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

    [Fact]
    public async Task With_an_api_key_made_through_basic_auth_entries_arrive_once()
    {
        var (client, url) = await StartAsync(server);
        var key = await client.Security.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "emitter-container-test" }, TestContext.Current.CancellationToken);
        Assert.True(key.IsValidResponse, key.DebugInformation);

        await FillAsync(new ElasticsearchSinkOptions { Url = url, ApiKey = key.Encoded, Index = "logs-api-key" }, client, TestPools.Small(dimensions: 32));
    }

    [Fact]
    public async Task The_original_web_ui_and_qstorm_bodies_run_against_the_sinks_index()
    {
        var (client, url) = await StartAsync(server);
        var pool = TestPools.Small(dimensions: 32);
        await FillAsync(new ElasticsearchSinkOptions { Url = url, User = ElasticsearchContainerSettings.User, Password = Password, Index = "logs" }, client, pool);
        var known = pool.Messages[8];

        foreach (var body in new[]
        {
            OriginalClientBodies.WebUiSearch(known.Text, known.Vector.ToArray(), ["INFO", "WARN", "ERROR", "DEBUG"], null, 20),
            OriginalClientBodies.QstormHybrid(known.Text, known.Vector.ToArray(), 10),
        })
        {
            var hits = await SearchAsync(client, body);
            Assert.Equal(known.Text, hits[0]!["_source"]!["message"]!.GetValue<string>());
        }
        var filters = await client.Transport.RequestAsync<StringResponse>(Elastic.Transport.HttpMethod.POST, "/logs/_search",
            PostData.String(OriginalClientBodies.WebUiFilters), TestContext.Current.CancellationToken);
        var aggregations = JsonNode.Parse(filters.Body)!["aggregations"]!;
        Assert.NotEmpty(aggregations["services"]!["buckets"]!.AsArray());
        Assert.NotEmpty(aggregations["levels"]!["buckets"]!.AsArray());
    }

    private static async Task<JsonArray> SearchAsync(ElasticsearchClient client, string body)
    {
        var response = await client.Transport.RequestAsync<StringResponse>(Elastic.Transport.HttpMethod.POST, "/logs/_search",
            PostData.String(body), TestContext.Current.CancellationToken);
        Assert.True(response.ApiCallDetails.HasSuccessfulStatusCode, response.Body);
        return JsonNode.Parse(response.Body)!["hits"]!["hits"]!.AsArray();
    }
}

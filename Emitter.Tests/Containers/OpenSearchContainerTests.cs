using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting.OpenSearch;
using Emitter.AppHost;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.OpenSearch;
using Emitter.Tests.Fakes;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Containers;

/// <summary>
/// The OpenSearch sink against the official OpenSearch image with its security plugin's defaults:
/// HTTPS with the self-signed demo certificate and the admin password from
/// <c>OPENSEARCH_INITIAL_ADMIN_PASSWORD</c>. Without skip_cert the certificate is refused; with
/// it, entries arrive once in logstorm's knn index. Skipped where no container runtime answers.
/// </summary>
public class OpenSearchContainerTests(OpenSearchContainerTests.Server server) : IClassFixture<OpenSearchContainerTests.Server>
{
    private const string Password = "Emitter-Test-Pass1!";

    /// <summary>One container for the class, started by the first test that has a runtime.</summary>
    public sealed class Server : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private ServerContainer? _container;

        public async Task<Uri> StartAsync(ContainerRuntime runtime)
        {
            await _gate.WaitAsync();
            try
            {
                if (_container is null)
                {
                    var container = await ServerContainer.StartAsync(runtime, ServerImages.OpenSearch, 9200,
                        "discovery.type=single-node", $"{OpenSearchContainerSettings.PasswordVariable}={Password}", "OPENSEARCH_JAVA_OPTS=-Xms512m -Xmx512m");
                    var url = new UriBuilder(container.Url) { Scheme = "https" }.Uri; // the security plugin's default
                    using var http = Client();
                    await container.WaitUntilAsync(async () => (await http.GetAsync(new Uri(url, "/_cluster/health"))).IsSuccessStatusCode, TimeSpan.FromMinutes(3));
                    _container = container;
                }
                return new UriBuilder(_container.Url) { Scheme = "https" }.Uri;
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

    private static HttpClient Client()
    {
        var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{OpenSearchContainerSettings.User}:{Password}")));
        return http;
    }

    private static OpenSearchSink Sink(Uri url, string index, bool skipCert, IndexMode mode = IndexMode.Hybrid) =>
        new("opensearch", new OpenSearchSinkOptions { Url = url, User = OpenSearchContainerSettings.User, Password = Password, Index = index, SkipCert = skipCert, IndexMode = mode },
            TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task The_demo_certificate_is_refused_without_skip_cert()
    {
        var url = await server.StartAsync(ContainerRuntime.Require());
        var pool = TestPools.Small(dimensions: 32);
        await using var sink = Sink(url, "logs-checked", skipCert: false);
        var error = await Assert.ThrowsAsync<SinkSetupException>(() => sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken));
        Assert.Contains("skip_cert", error.Message);
    }

    [Theory]
    [InlineData(IndexMode.Hybrid)]
    [InlineData(IndexMode.Keyword)]
    public async Task With_skip_cert_entries_arrive_once_in_logstorms_knn_index(IndexMode mode)
    {
        var url = await server.StartAsync(ContainerRuntime.Require());
        var index = $"logs-{mode.Name()}";
        var pool = TestPools.Small(dimensions: 32);
        var (stats, _) = await SinkDrive.RunAsync(Sink(url, index, skipCert: true, mode), pool, SinkDrive.Entries(pool, 2_000));
        Assert.Equal((2_000L, 0L), (stats.Delivered, stats.Failed));

        using var http = Client();
        await http.PostAsync(new Uri(url, $"/{index}/_refresh"), null, TestContext.Current.CancellationToken);
        var count = JsonNode.Parse(await http.GetStringAsync(new Uri(url, $"/{index}/_count"), TestContext.Current.CancellationToken))!;
        Assert.Equal(2_000, count["count"]!.GetValue<int>());
        var mapping = JsonNode.Parse(await http.GetStringAsync(new Uri(url, $"/{index}/_mapping"), TestContext.Current.CancellationToken))!;
        var properties = mapping[index]!["mappings"]!["properties"]!;
        Assert.Equal("keyword", properties["level"]!["type"]!.GetValue<string>());
        Assert.Equal(mode.HasVectors(), properties["dense"]?["type"]?.GetValue<string>() == "knn_vector");
    }
}

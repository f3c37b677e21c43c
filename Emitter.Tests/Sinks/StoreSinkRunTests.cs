using System.Text.Json;
using Emitter.Tests.Cli;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Sinks;

/// <summary>The whole generator in process, writing to the fake stores: what the summary reports is what the store holds.</summary>
public class StoreSinkRunTests
{
    private static async Task<(int Exit, JsonElement Sink, string Errors)> RunAsync(string sinks, string sinkName)
    {
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        var (exit, _, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, sinks), "--duration-secs", "1", "--summary", summaryFile.Path);
        var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, TestContext.Current.CancellationToken)).RootElement;
        return (exit, summary.GetProperty("sinks").GetProperty(sinkName).Clone(), errors);
    }

    [Fact]
    public async Task A_run_into_qdrant_delivers_every_entry_once()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextUpserts(2, FakeQdrantFault.Unavailable);

        var (exit, sink, errors) = await RunAsync($"  - type: qdrant\n    url: {server.Endpoint}\n    collection_name: run\n", "qdrant");

        Assert.True(exit == 0, errors);
        Assert.Equal(server.Collection("run").Points.Count, sink.GetProperty("delivered").GetInt64());
        Assert.True(sink.GetProperty("delivered").GetInt64() > 300);
        Assert.Equal(384ul, server.Collection("run").Created.VectorsConfig.ParamsMap.Map["dense"].Size);
    }

    [Fact]
    public async Task Items_elasticsearch_refuses_for_good_appear_in_the_summary_with_the_reason()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextItems(300, FakeElasticsearchItemFault.TooManyRequests);
        server.FailNextItems(25, FakeElasticsearchItemFault.MappingRejected);

        var (exit, sink, errors) = await RunAsync($"  - type: elasticsearch\n    url: {server.Url}\n", "elasticsearch");

        Assert.Equal(1, exit);
        Assert.Equal(25, sink.GetProperty("failed").GetInt64());
        Assert.Contains("document_parsing_exception", sink.GetProperty("first_error").GetString());
        Assert.Equal(server.Index("logs").Documents.Count, sink.GetProperty("delivered").GetInt64());
        Assert.True(sink.GetProperty("retried").GetInt64() > 0);
        Assert.Contains("failed 25", errors);
    }

    [Fact]
    public async Task An_unreachable_server_is_waited_for_then_stops_the_run_before_emission_with_one_line_naming_sink_and_server()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nobody listens on

        using var cache = new TempConfig("");
        var (exit, lines, errors) = await GeneratorAppTests.RunAsync(
            GeneratorAppTests.Config(cache.Directory, $"  - type: qdrant\n    url: http://127.0.0.1:{port}\n    api_key: very-secret-key\n"),
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), "--duration-secs", "1");

        Assert.Equal(1, exit);
        Assert.Empty(lines);
        // Waited the one setup patience every sink gets (a warning per retry), then one line.
        Assert.Contains($"Sink qdrant: Qdrant at http://127.0.0.1:{port}/ not ready after 60 s (Unavailable", errors);
        Assert.Contains($"Sink qdrant: Qdrant at http://127.0.0.1:{port}/ not ready (Unavailable", errors);
        Assert.DoesNotContain("   at ", errors);
        Assert.DoesNotContain("very-secret-key", errors);
    }

    [Fact]
    public async Task Index_options_the_embedding_dimensions_rule_out_stop_the_run_with_file_line_and_key_before_embedding()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var cache = new TempConfig("");
        var yaml = $"""
            embedding:
              provider: openai
              api_key: sk-not-used
              model: text-embedding-3-small
              dimensions: 63
              base_url: http://127.0.0.1:9/v1
              cache_dir: {cache.Directory}
            sinks:
              - type: elasticsearch
                url: {server.Url}
                index_options: bbq_hnsw
            services:
              - name: api
                rate_per_sec: 10
            """;

        var (exit, _, errors) = await GeneratorAppTests.RunAsync(yaml, "--duration-secs", "1");

        Assert.Equal(2, exit);
        Assert.Matches(@"\.yaml:11: sinks\[0\]\.index_options: bbq_hnsw needs at least 64 dimensions", errors);
        Assert.DoesNotContain("   at ", errors);
        Assert.Empty(server.Indices);
    }

    [Fact]
    public async Task An_index_made_for_another_model_of_the_same_dimensions_stops_the_run_with_exit_2()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using (var http = new HttpClient())
        {
            var mapping = """
                {"mappings":{"_meta":{"embedding_provider":"openai","embedding_model":"text-embedding-3-small","embedding_dimensions":384},
                 "properties":{"message":{"type":"text"},"dense":{"type":"dense_vector","dims":384,"index":true,"similarity":"cosine"}}}}
                """;
            (await http.PutAsync(new Uri(server.Url, "/logs"), new StringContent(mapping, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }
        using var cache = new TempConfig("");

        var (exit, lines, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, $"  - type: elasticsearch\n    url: {server.Url}\n"), "--duration-secs", "1");

        Assert.Equal(2, exit);
        Assert.Contains("text-embedding-3-small", errors);
        Assert.Contains("all-MiniLM-L6-v2", errors);
        Assert.Empty(lines);
        Assert.Empty(server.Index("logs").Documents);
    }
}

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
    public async Task Items_elasticsearch_refuses_for_good_appear_in_the_summary_with_the_reason()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        // Fewer 429s than the sink's tries, so none is given up whatever sizes the batches take
        // (300 could exhaust one small batch's tries on a loaded machine and fail more than the 25).
        server.FailNextItems(3, FakeElasticsearchItemFault.TooManyRequests);
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

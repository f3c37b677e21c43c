using System.Text.Json;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Cli;

/// <summary>A run whose sinks all have index_mode: keyword embeds nothing: no model is loaded, no embedding API is called, and the log and summary say so.</summary>
public class KeywordOnlyRunTests
{
    [Fact]
    public async Task Keyword_only_sinks_never_call_the_embedding_api_and_the_summary_says_none()
    {
        await using var openai = await FakeOpenAIServer.StartAsync("sk-keyword-only-key", TestContext.Current.CancellationToken);
        await using var opensearch = await FakeOpenSearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        var yaml = $"""
            message_pool_size: 200
            embedding:
              provider: openai
              api_key: {openai.ApiKey}
              base_url: {openai.BaseUrl}
              cache_dir: {cache.Directory}
            sinks:
              - type: opensearch
                url: {opensearch.Url}
                index_mode: keyword
              - type: stdout
            services:
              - name: api
                rate_per_sec: 200
            """;

        var (exit, lines, errors) = await GeneratorAppTests.RunAsync(yaml, "--duration-secs", "0.3", "--summary", summaryFile.Path);

        Assert.True(exit == 0, errors);
        Assert.Empty(openai.Requests);
        Assert.Contains(EmbeddingInfo.NoneReason, errors);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, TestContext.Current.CancellationToken));
        Assert.Equal(EmbeddingInfo.NoneReason, summary.RootElement.GetProperty("embedding").GetString());
        var index = opensearch.Index("logs");
        Assert.Equal(lines.Length, index.Documents.Count);
        Assert.All(index.Documents.Values, d => Assert.False(d.ContainsKey("dense")));
    }

    [Fact]
    public async Task A_stdout_only_run_says_it_has_no_store_sink_not_that_every_store_sink_is_keyword_only()
    {
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");

        var (exit, _, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, "  - type: stdout\n"), "--duration-secs", "0.2", "--summary", summaryFile.Path);

        Assert.True(exit == 0, errors);
        var line = Assert.Single(errors.Split('\n'), l => l.Contains("Embedding: none", StringComparison.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Assert.DoesNotContain("index_mode", line);
        Assert.Contains(EmbeddingInfo.NoStoreSinkReason, line);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, TestContext.Current.CancellationToken));
        Assert.Equal(EmbeddingInfo.NoStoreSinkReason, summary.RootElement.GetProperty("embedding").GetString());
    }

    [Fact]
    public async Task One_sink_that_needs_vectors_is_enough_to_embed_the_pool()
    {
        await using var openai = await FakeOpenAIServer.StartAsync("sk-keyword-only-key", TestContext.Current.CancellationToken);
        await using var opensearch = await FakeOpenSearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var cache = new TempConfig("");
        var yaml = $"""
            message_pool_size: 200
            embedding:
              provider: openai
              api_key: {openai.ApiKey}
              base_url: {openai.BaseUrl}
              dimensions: 64
              cache_dir: {cache.Directory}
            sinks:
              - type: opensearch
                url: {opensearch.Url}
                index_mode: vector
              - type: stdout
            services:
              - name: api
                rate_per_sec: 200
            """;

        var (exit, _, errors) = await GeneratorAppTests.RunAsync(yaml, "--duration-secs", "0.3");

        Assert.True(exit == 0, errors);
        Assert.Equal(200, openai.Requests.Sum(r => r.InputCount));
        Assert.DoesNotContain(EmbeddingInfo.NoneReason, errors);
    }
}

using System.Text.Json;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Cli;

/// <summary>The whole generator with provider openai against the fake OpenAI-compatible server.</summary>
public class OpenAIProviderRunTests
{
    private static string Config(Uri baseUrl, string key, string cacheDir, int poolSize) => $"""
        message_pool_size: {poolSize}
        embedding:
          provider: openai
          api_key: {key}
          model: text-embedding-3-small
          dimensions: 256
          base_url: {baseUrl}
          cache_dir: {cacheDir}
        sinks:
          - type: stdout
            format: json
            include_embedding: true
        services:
          - name: api
            rate_per_sec: 200
        """;

    [Fact]
    public async Task A_pool_embedded_over_the_api_in_requests_of_at_most_2048_and_a_429_is_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync("sk-test-key-1234567890", TestContext.Current.CancellationToken);
        server.FailNext(1, new FakeOpenAIFault(429, RetryAfter: "1"));
        using var cache = new TempConfig("");

        var (exit, lines, errors) = await GeneratorAppTests.RunAsync(Config(server.BaseUrl, server.ApiKey, cache.Directory, 5_000), "--duration-secs", "0.3");

        Assert.Equal(0, exit);
        var requests = server.Requests;
        Assert.All(requests, r => Assert.InRange(r.InputCount, 1, 2048));
        Assert.Equal(429, Assert.Single(requests, r => r.Status != 200).Status);
        Assert.Equal(5_000, requests.Where(r => r.Status == 200).Sum(r => r.InputCount));
        Assert.Equal(5_000, requests.Where(r => r.Status == 200).SelectMany(r => r.Inputs).Distinct().Count());
        Assert.Equal(256, JsonDocument.Parse(lines[0]).RootElement.GetProperty("embedding").GetArrayLength());
        Assert.Contains("Embedded 5,000 messages", errors);
    }

    [Fact]
    public async Task A_rejected_key_fails_clearly_without_showing_it()
    {
        await using var server = await FakeOpenAIServer.StartAsync("sk-the-right-key", TestContext.Current.CancellationToken);
        using var cache = new TempConfig("");
        const string wrongKey = "sk-Zq81xW93mTp4vB";

        var (exit, lines, errors) = await GeneratorAppTests.RunAsync(Config(server.BaseUrl, wrongKey, cache.Directory, 100), "--duration-secs", "0.3");

        Assert.Equal(1, exit);
        Assert.Empty(lines);
        Assert.Contains("401", errors);
        Assert.Contains("api_key", errors);
        for (var i = 0; i + 4 <= wrongKey.Length; i++) Assert.DoesNotContain(wrongKey.Substring(i, 4), errors, StringComparison.Ordinal);
    }
}
